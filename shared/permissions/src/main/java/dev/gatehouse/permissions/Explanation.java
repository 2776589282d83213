package dev.gatehouse.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why a user may or may not enter a room: the {@link AccessPolicy} decision an ID token would get,
 * and every level that took part in it, in the order they apply (tenant, {@code defaultAccesses},
 * each matching group, the user's entry) with the permissions each gave. Pure, like the policy; it
 * explains, it does not decide differently: {@link #decision()} is exactly the policy's.
 *
 * <p>A room outside the user's reach is explained by the tenant level alone: nothing past the
 * tenant and team rules counts there, so nothing of it is shown.
 *
 * @param decision the policy's decision for entering ({@link Action#READ_ROOM})
 * @param levels the levels that took part, in the order they apply
 */
public record Explanation(Decision decision, List<Level> levels) {

  /** Where a group's membership came from. */
  public enum Source {
    /** The token's {@code groupIds}. */
    TOKEN("token"),
    /** A stored group of the room's tenant that lists the user. */
    STORED("stored"),
    /** Both. */
    TOKEN_AND_STORED("token and stored");

    private final String wireName;

    Source(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** A kind of level, named as on the wire. */
  public enum Kind {
    TENANT("tenant"),
    DEFAULT_ACCESSES("defaultAccesses"),
    GROUP("group"),
    USER("user");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * One level.
   *
   * @param kind which level
   * @param id the tenant, group or user it is about (none for {@code defaultAccesses})
   * @param source for a group, where the user's membership came from
   * @param permissions what the level gave (empty for the tenant level, which gives none, and for
   *     an empty {@code defaultAccesses})
   * @param note a sentence saying what the level did
   */
  public record Level(Kind kind, Optional<String> id, Optional<Source> source, PermissionList permissions, String note) {
    public Level {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(permissions, "permissions");
      Objects.requireNonNull(note, "note");
    }
  }

  public Explanation {
    Objects.requireNonNull(decision, "decision");
    levels = List.copyOf(levels);
  }

  /**
   * Explains entering {@code target}.
   *
   * @param principal the user as an ID token carries them (its groups are the token's)
   * @param storedGroups the stored groups of the room's tenant that list the user
   */
  public static Explanation of(Principal principal, Set<String> storedGroups, RoomTarget target, MultiTenantMode mode) {
    if (principal.kind() != TokenKind.ID) {
      throw new IllegalArgumentException("explanations are about users, as an ID token names them");
    }
    Decision decision = AccessPolicy.decide(principal.withGroups(storedGroups), Action.READ_ROOM, target, mode);
    List<Level> levels = new ArrayList<>();
    String tenant = target.tenant().value();
    boolean outOfReach = decision.rule() == Decision.Rule.TENANT_MISMATCH || decision.rule() == Decision.Rule.TEAM_MISMATCH;
    levels.add(new Level(Kind.TENANT, Optional.of(tenant), Optional.empty(), PermissionList.EMPTY,
        outOfReach ? decision.reason() : reachNote(principal, target, mode)));
    if (outOfReach || target.existing().isEmpty()) {
      return new Explanation(decision, levels);
    }
    RoomAccesses accesses = target.existing().get().accesses();
    PermissionList defaults = accesses.defaultAccesses();
    levels.add(new Level(Kind.DEFAULT_ACCESSES, Optional.empty(), Optional.empty(), defaults,
        defaults.isEmpty()
            ? "empty: the room gives nothing to everyone in reach"
            : "gives everyone in reach " + defaults.matrix().room().wireName()));
    boolean anyGroup = false;
    for (Map.Entry<String, PermissionList> entry : accesses.groupsAccesses().entrySet()) {
      String group = entry.getKey();
      boolean carried = principal.groupIds().contains(group);
      boolean stored = storedGroups.contains(group);
      if (!carried && !stored) {
        continue;
      }
      Source source = carried && stored ? Source.TOKEN_AND_STORED : carried ? Source.TOKEN : Source.STORED;
      levels.add(new Level(Kind.GROUP, Optional.of(group), Optional.of(source), entry.getValue(),
          (anyGroup ? "merged with the groups above, strongest per feature" : "overrides defaultAccesses per feature")
              + "; gives " + entry.getValue().matrix().room().wireName()));
      anyGroup = true;
    }
    PermissionList own = accesses.usersAccesses().get(principal.userId());
    if (own != null) {
      levels.add(new Level(Kind.USER, Optional.of(principal.userId()), Optional.empty(), own,
          "overrides every level above per feature; gives " + own.matrix().room().wireName()));
    }
    return new Explanation(decision, levels);
  }

  private static String reachNote(Principal principal, RoomTarget target, MultiTenantMode mode) {
    String tenant = "'" + target.tenant() + "'";
    String where = principal.tokenTenant().isPresent()
        ? "the token names tenant " + tenant
        : mode == MultiTenantMode.ON
            ? "tenant " + tenant + " is in the user's reach"
            : "the token names no tenant and the room has none";
    return target.existing().isPresent()
        ? where + ", which holds the room"
        : where + ", and the room does not exist there";
  }
}
