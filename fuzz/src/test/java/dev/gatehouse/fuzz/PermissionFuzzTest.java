package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;
import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Permission;
import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.Resource;
import dev.gatehouse.permissions.RoomPattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Permission strings, permission lists and room patterns: the values of {@code defaultAccesses},
 * {@code usersAccesses}, {@code groupsAccesses} and an access token's {@code permissions}. Each
 * parses or is a 422 {@code InvalidInputException}; what parses prints back to itself.
 */
class PermissionFuzzTest {
  private static final Permission[] ALL = Permission.values();

  /** A list of permission strings, most of them real ones so that the list rules get exercised. */
  @FuzzTest
  void permissionList(FuzzedDataProvider data) {
    List<String> values = strings(data, 8);
    boolean nonEmpty = data.consumeBoolean();
    Optional<PermissionList> parsed = parseOrRefuse(
        () -> nonEmpty ? PermissionList.parseNonEmpty(values, "defaultAccesses") : PermissionList.parse(values, "defaultAccesses"),
        InvalidInputException.class);
    if (parsed.isEmpty()) {
      return;
    }
    PermissionList list = parsed.get();
    check(list.values().equals(values), "a parsed list keeps its strings as given");
    check(PermissionList.parse(list.values(), "f").equals(list), "parse(values()) is the same list");
    if (list.isEmpty()) {
      return;
    }
    PermissionList canonical = PermissionList.parse(list.canonical(), "f");
    check(canonical.canonical().equals(list.canonical()), "canonical() is idempotent");
    for (Resource resource : Resource.values()) {
      check(canonical.matrix().level(resource) == list.matrix().level(resource),
          "the canonical list grants what the list grants, for " + resource);
    }
  }

  @FuzzTest
  void roomPattern(byte[] input) {
    String value = new String(input, StandardCharsets.UTF_8);
    Optional<RoomPattern> parsed = parseOrRefuse(() -> RoomPattern.parse(value, "permissions"), InvalidInputException.class);
    if (parsed.isEmpty()) {
      return;
    }
    RoomPattern pattern = parsed.get();
    check(RoomPattern.parse(pattern.toString(), "f").equals(pattern), "parse(toString()) round-trips");
    check(pattern.stem().length() <= 128, "a stem is at most 128 characters");
    check(pattern.matches(pattern.stem()), "a pattern matches its own stem");
  }

  /** An access token's permissions: pattern to list, as authorize-user and a token's perms claim hold them. */
  @FuzzTest
  void accessTokenPermissions(FuzzedDataProvider data) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    int patterns = data.consumeInt(0, 12);
    for (int i = 0; i < patterns; i++) {
      String pattern = data.consumeBoolean() ? data.pickValue(new String[] {"*", "room-*", "a", "org:p:*"}) : data.consumeString(140);
      raw.put(pattern, data.consumeBoolean() ? null : strings(data, 4));
    }
    parseOrRefuse(() -> AccessTokenPermissions.parse(raw, "permissions"), InvalidInputException.class);
  }

  private static List<String> strings(FuzzedDataProvider data, int max) {
    int count = data.consumeInt(0, max);
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(switch (data.consumeInt(0, 3)) {
        case 0 -> data.consumeString(40);
        case 1 -> null;
        default -> data.pickValue(ALL).value();
      });
    }
    return values;
  }
}
