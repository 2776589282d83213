package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.UnauthenticatedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretKeysTest {
  private static final String OLD = "sk_old_key_0123456789abcdef";
  private static final String NEW = "sk_new_key_0123456789abcdef";

  private static HttpRequest withAuthorization(String value) {
    return new HttpRequest("GET", "/v2/rooms", value == null ? Map.of() : Map.of("authorization", value),
        Map.of(), Map.of(), "", "req-1");
  }

  @Test
  void severalKeysAreActiveForRotation() {
    SecretKeys keys = SecretKeys.of(List.of(OLD, NEW));
    keys.authenticate(withAuthorization("Bearer " + OLD));
    keys.authenticate(withAuthorization("bearer " + NEW));
    assertFalse(keys.matches("sk_another_key_0123456789"));
    assertFalse(keys.matches(OLD + "x"));
    assertFalse(keys.matches(OLD.substring(0, OLD.length() - 1)));
  }

  @Test
  void missingWrongAndPublicKeys() {
    SecretKeys keys = SecretKeys.of(List.of(OLD));
    assertEquals("MISSING_SECRET_KEY",
        assertThrows(UnauthenticatedException.class, () -> keys.authenticate(withAuthorization(null))).code());
    assertEquals("MISSING_SECRET_KEY",
        assertThrows(UnauthenticatedException.class, () -> keys.authenticate(withAuthorization("Basic abc"))).code());
    assertEquals("WRONG_KEY_USED",
        assertThrows(UnauthenticatedException.class, () -> keys.authenticate(withAuthorization("Bearer pk_live_abc"))).code());
    ForbiddenException wrong = assertThrows(ForbiddenException.class, () -> keys.authenticate(withAuthorization("Bearer " + NEW)));
    assertEquals("INVALID_SECRET_KEY", wrong.code());
    assertFalse(wrong.getMessage().contains(NEW), "a presented key never appears in an error");
  }

  @Test
  void malformedConfiguredKeysAreRefusedWithoutEchoingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretKeys.of(List.of(OLD, "not-a-key-value")));
    assertTrue(e.getMessage().contains("#2"));
    assertFalse(e.getMessage().contains("not-a-key-value"));
    assertThrows(IllegalArgumentException.class, () -> SecretKeys.of(List.of()));
  }

  @Test
  void generatedKeysHaveTheSdkFormatAndDiffer() {
    String a = SecretKeys.generate();
    String b = SecretKeys.generate();
    assertTrue(a.matches("^sk_[\\w-]{43}$"), a);
    assertFalse(a.equals(b));
    SecretKeys.of(List.of(a));
  }
}
