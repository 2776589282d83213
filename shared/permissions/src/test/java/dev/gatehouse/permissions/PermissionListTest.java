package dev.gatehouse.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.InvalidInputException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionListTest {

  @Test
  void theLegacyNoOpMayAppearOnce() {
    // Stored as given: repeated without a bound, it alone could outgrow a DynamoDB item.
    List<String> repeated = new java.util.ArrayList<>(List.of("room:write"));
    repeated.addAll(Collections.nCopies(25_000, "room:presence:write"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PermissionList.parse(repeated, "f"));
    assertEquals("INVALID_PERMISSION", e.code());
    assertThrows(InvalidInputException.class, () -> PermissionList.parse(List.of("room:write", "room:presence:write", "room:presence:write"), "f"));
  }

  @Test
  void keepsTheStringsAsGivenForTheWire() {
    PermissionList list = PermissionList.parse(List.of("storage:read", "room:write", "room:presence:write"), "f");
    assertEquals(List.of("storage:read", "room:write", "room:presence:write"), list.values());
  }

  @Test
  void canonicalFormUsesNewNamesBaseFirstAndDropsTheNoOp() {
    PermissionList list = PermissionList.parse(List.of("feeds:none", "storage:read", "room:write", "room:presence:write"), "f");
    assertEquals(List.of("*:write", "storage:read", "feeds:none"), list.canonical());
  }

  @Test
  void emptyListIsPrivate() {
    PermissionList list = PermissionList.parse(List.of(), "defaultAccesses");
    assertTrue(list.isEmpty());
    assertEquals(AccessMatrix.NONE, list.matrix());
  }

  @Test
  void matrixWireFormIsInResourceOrder() {
    assertEquals(
        List.of("room", "storage", "comments", "comments:public", "comments:private", "feeds"),
        List.copyOf(AccessMatrix.FULL.toWire().keySet()));
  }

  @Test
  void anyTeamGrantTableMirrorsTheSeedsModeratorAdminDifferences() {
    // The seed's messaging scope: delete-channel-any-team is admin-only,
    // delete-channel-owner-any-team is moderator-only; everything else is granted to both.
    for (AnyTeamGrant grant : AnyTeamGrant.values()) {
      boolean moderator = grant.grantedTo(Role.GLOBAL_MODERATOR);
      boolean admin = grant.grantedTo(Role.GLOBAL_ADMIN);
      switch (grant) {
        case DELETE_ROOM_ANY_TEAM -> assertEquals(List.of(false, true), List.of(moderator, admin));
        case DELETE_ROOM_OWNER_ANY_TEAM -> assertEquals(List.of(true, false), List.of(moderator, admin));
        default -> assertEquals(List.of(true, true), List.of(moderator, admin), grant.streamPermission());
      }
      assertEquals(false, grant.grantedTo(Role.USER));
      assertEquals(false, grant.grantedTo(Role.ADMIN));
    }
  }
}
