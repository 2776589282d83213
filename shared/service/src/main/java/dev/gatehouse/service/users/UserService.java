package dev.gatehouse.service.users;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Users, server-side only: upsert a batch, update parts, read, delete. A batch is validated whole
 * before anything is written (one bad user fails the request, nothing written); then each user
 * is written atomically, in order. A storage failure stops the batch: that user and every later
 * one are named in the result as not written (a conflict on one user names only that user).
 * No client route can reach this service: teams and roles change only server-side.
 */
public final class UserService {
  private static final Set<String> PATCH_FIELDS = Set.of("name", "role", "teams", "teamsRole", "metadata");

  /** The outcome of a batch: the users written, and those that were not (with why). */
  public record BatchResult(List<User> written, List<NotWritten> notWritten) {}

  /** A user of a batch that was not written. */
  public record NotWritten(String id, ErrorCode error, String message) {}

  private final UserRepository users;
  private final dev.gatehouse.store.AccessReads reads;
  private final Clock clock;

  /** A user with what decides whether their tokens count. */
  public record Profile(User user, dev.gatehouse.store.UserStatus status) {}

  public UserService(UserRepository users, dev.gatehouse.store.AccessReads reads, Clock clock) {
    this.users = users;
    this.reads = reads;
    this.clock = clock;
  }

  /** Creates or replaces each user of the batch (a replaced user keeps its creation time). */
  public BatchResult upsert(List<UserInput> batch) {
    Limits.requireBatchSize(batch.size(), "users");
    List<ValidUser> valid = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      ValidUser user = validate(batch.get(i), "users[" + i + "]");
      if (!ids.add(user.id())) {
        throw new InvalidInputException(ErrorCode.INVALID_BATCH, "users[" + i + "].id",
            "users[" + i + "].id \"" + user.id() + "\" appears twice in the batch", "Send each user once per batch.");
      }
      valid.add(user);
    }
    List<User> written = new ArrayList<>();
    List<NotWritten> notWritten = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      ValidUser user = valid.get(i);
      try {
        Instant now = clock.instant();
        written.add(users.write(user.id(), current -> new User(user.id(), user.name(), user.role(), user.teams(),
            user.teamsRole(), user.metadata(), current.map(User::createdAt).orElse(now), now, 0,
            current.flatMap(User::lastEventAt))));
      } catch (ConflictException e) {
        notWritten.add(new NotWritten(user.id(), e.errorCode(), e.getMessage()));
      } catch (StorageException e) {
        notWritten.add(new NotWritten(user.id(), e.errorCode(), e.getMessage()));
        valid.subList(i + 1, valid.size()).forEach(rest -> notWritten.add(skipped(rest.id())));
        break;
      }
    }
    return new BatchResult(written, notWritten);
  }

  /** Applies partial updates; every entry is checked against its user before anything is written. */
  public BatchResult patch(List<UserPatch> batch) {
    Limits.requireBatchSize(batch.size(), "users");
    List<UnaryOperator<User>> changes = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      changes.add(change(batch.get(i), "users[" + i + "]"));
    }
    // Check each change against the stored user first, so that a bad entry writes nothing at all.
    for (int i = 0; i < batch.size(); i++) {
      String id = batch.get(i).id();
      User current = users.find(id).orElseThrow(() -> notFound(id));
      changes.get(i).apply(current);
    }
    List<User> written = new ArrayList<>();
    List<NotWritten> notWritten = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      String id = batch.get(i).id();
      UnaryOperator<User> change = changes.get(i);
      try {
        written.add(users.write(id, current -> change.apply(current.orElseThrow(() -> notFound(id)))));
      } catch (NotFoundException | ConflictException e) {
        notWritten.add(new NotWritten(id, e.errorCode(), e.getMessage()));
      } catch (StorageException e) {
        notWritten.add(new NotWritten(id, e.errorCode(), e.getMessage()));
        batch.subList(i + 1, batch.size()).forEach(rest -> notWritten.add(skipped(rest.id())));
        break;
      }
    }
    return new BatchResult(written, notWritten);
  }

  /**
   * Applies a provisioning event's user: validated as a batch entry, written unless {@code
   * check} (given the current user) throws, marked with the event's time.
   */
  public User upsertFromEvent(UserInput input, Instant at, java.util.function.Consumer<Optional<User>> check) {
    ValidUser user = validate(input, "data");
    return users.write(user.id(), current -> {
      check.accept(current);
      Instant now = clock.instant();
      return new User(user.id(), user.name(), user.role(), user.teams(), user.teamsRole(), user.metadata(),
          current.map(User::createdAt).orElse(now), now, 0, Optional.of(at));
    });
  }

  /** Creates a user with these teams, or adds the teams to the user that exists. */
  public User upsertOrAddTeams(String userId, Optional<String> name, List<TenantId> teams) {
    Limits.requireUserId(userId, "userId");
    name.ifPresent(n -> Limits.requireUserName(n, "name"));
    Limits.requireTeamCount(new LinkedHashSet<>(teams).size(), "teams");
    return users.write(userId, current -> {
      Instant now = clock.instant();
      LinkedHashSet<TenantId> merged = new LinkedHashSet<>(current.map(User::teams).orElse(List.of()));
      merged.addAll(teams);
      Limits.requireTeamCount(merged.size(), "teams");
      if (current.isEmpty()) {
        return new User(userId, name, Role.USER, List.copyOf(merged), Map.of(), Map.of(), now, now, 0);
      }
      return current.get().withTeams(List.copyOf(merged), now);
    });
  }

  /**
   * A user after a storage failure in the same batch: not attempted, since the store is failing
   * (each further write would wait out its own retries) and the caller resends from here.
   */
  private static NotWritten skipped(String userId) {
    return new NotWritten(userId, ErrorCode.STORAGE_UNAVAILABLE,
        "Not written: the store failed on an earlier user of this batch; send this user again.");
  }

  public User get(String userId) {
    Limits.requireUserId(userId, "userId");
    return users.find(userId).orElseThrow(() -> notFound(userId));
  }

  /** A user and their revocation status, in one read (one BatchGetItem on DynamoDB). */
  public Profile profile(String userId) {
    Limits.requireUserId(userId, "userId");
    dev.gatehouse.store.AccessReads.Snapshot read = reads.read(dev.gatehouse.store.AccessReads.Request.user(userId));
    return new Profile(read.user().orElseThrow(() -> notFound(userId)), read.status());
  }

  /** Deletes a user; deleting one that does not exist succeeds. */
  public void delete(String userId) {
    Limits.requireUserId(userId, "userId");
    users.delete(userId);
  }

  private record ValidUser(String id, Optional<String> name, Role role, List<TenantId> teams, Map<TenantId, Role> teamsRole,
      Map<String, Object> metadata) {}

  private static ValidUser validate(UserInput input, String field) {
    Limits.requireUserId(input.id(), field + ".id");
    Optional<String> name = Optional.ofNullable(input.name()).map(n -> Limits.requireUserName(n, field + ".name"));
    Role role = Role.parse(input.role(), field + ".role");
    List<TenantId> teams = teams(input.teams(), field + ".teams");
    Map<TenantId, Role> teamsRole = teamsRole(input.teamsRole(), teams, field + ".teamsRole");
    Map<String, Object> metadata = input.metadata() == null ? Map.of() : input.metadata();
    Limits.requireMetadata(metadata, field + ".metadata");
    return new ValidUser(input.id(), name, role, teams, teamsRole, metadata);
  }

  private static List<TenantId> teams(List<String> raw, String field) {
    if (raw == null) {
      return List.of();
    }
    Limits.requireTeamCount(raw.size(), field);
    LinkedHashSet<TenantId> teams = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      teams.add(TenantId.team(raw.get(i), field + "[" + i + "]"));
    }
    return List.copyOf(teams);
  }

  private static Map<TenantId, Role> teamsRole(Map<String, String> raw, List<TenantId> teams, String field) {
    Map<TenantId, Role> roles = new LinkedHashMap<>();
    if (raw == null) {
      return roles;
    }
    raw.forEach((team, role) -> {
      TenantId id = TenantId.team(team, field + " key");
      if (!teams.contains(id)) {
        throw new InvalidInputException(ErrorCode.INVALID_TEAMS, field + "." + team,
            field + " names team \"" + team + "\", which is not one of the user's teams",
            "Give roles only for teams listed in teams.");
      }
      roles.put(id, Role.parse(role, field + "." + team));
    });
    return roles;
  }

  /** Validates one patch entry into a change; the change re-checks what depends on the stored user. */
  private static UnaryOperator<User> change(UserPatch patch, String field) {
    Limits.requireUserId(patch.id(), field + ".id");
    Map<String, Object> set = patch.set() == null ? Map.of() : patch.set();
    List<String> unset = patch.unset() == null ? List.of() : patch.unset();
    for (String key : set.keySet()) {
      if (!PATCH_FIELDS.contains(key)) {
        throw new InvalidInputException(ErrorCode.INVALID_USER, field + ".set." + key,
            field + ".set." + key + " is not a field that can be set; use one of " + PATCH_FIELDS, "Set name, role, teams, teamsRole or metadata.");
      }
    }
    for (String key : unset) {
      if (!PATCH_FIELDS.contains(key) && !key.startsWith("metadata.")) {
        throw new InvalidInputException(ErrorCode.INVALID_USER, field + ".unset",
            field + ".unset names \"" + key + "\", which is not a field; use one of " + PATCH_FIELDS + " or metadata.<key>",
            "Unset name, role, teams, teamsRole, metadata or one metadata key.");
      }
      if (set.containsKey(key)) {
        throw new InvalidInputException(ErrorCode.INVALID_USER, field + ".unset",
            field + " both sets and unsets \"" + key + "\"", "Either set a field or unset it.");
      }
    }
    Optional<String> name = Optional.ofNullable((String) typed(set, "name", String.class, field)).map(n -> Limits.requireUserName(n, field + ".set.name"));
    Optional<Role> role = Optional.ofNullable((String) typed(set, "role", String.class, field)).map(r -> Role.parse(r, field + ".set.role"));
    Optional<List<TenantId>> teams = Optional.ofNullable((List<?>) typed(set, "teams", List.class, field))
        .map(t -> teams(strings(t, field + ".set.teams"), field + ".set.teams"));
    Optional<Map<String, String>> teamsRole = Optional.ofNullable((Map<?, ?>) typed(set, "teamsRole", Map.class, field))
        .map(m -> stringMap(m, field + ".set.teamsRole"));
    Optional<Map<String, Object>> metadata = Optional.ofNullable((Map<?, ?>) typed(set, "metadata", Map.class, field))
        .map(UserService::objectMap);
    metadata.ifPresent(m -> m.forEach((k, v) -> Limits.requireMetadataEntry(k, v, field + ".set.metadata")));
    return user -> {
      Optional<String> newName = unset.contains("name") ? Optional.empty() : name.or(user::name);
      Role newRole = unset.contains("role") ? Role.USER : role.orElse(user.role());
      List<TenantId> newTeams = unset.contains("teams") ? List.of() : teams.orElse(user.teams());
      Map<TenantId, Role> newTeamsRole;
      if (unset.contains("teamsRole")) {
        newTeamsRole = Map.of();
      } else if (teamsRole.isPresent()) {
        newTeamsRole = teamsRole(teamsRole.get(), newTeams, field + ".set.teamsRole");
      } else {
        newTeamsRole = new LinkedHashMap<>(user.teamsRole());
        newTeamsRole.keySet().retainAll(new HashSet<>(newTeams)); // a role for a team left goes with it
      }
      Map<String, Object> newMetadata = unset.contains("metadata") ? new LinkedHashMap<>() : new LinkedHashMap<>(user.metadata());
      metadata.ifPresent(newMetadata::putAll);
      unset.stream().filter(k -> k.startsWith("metadata.")).forEach(k -> newMetadata.remove(k.substring("metadata.".length())));
      Limits.requireMetadata(newMetadata, field + ".metadata");
      return new User(user.id(), newName, newRole, newTeams, newTeamsRole, newMetadata, user.createdAt(), Instant.now(),
          user.version(), user.lastEventAt());
    };
  }

  private static Object typed(Map<String, Object> set, String key, Class<?> type, String field) {
    Object value = set.get(key);
    if (value != null && !type.isInstance(value)) {
      throw new InvalidInputException(ErrorCode.INVALID_USER, field + ".set." + key,
          field + ".set." + key + " must be " + (type == String.class ? "a string" : type == List.class ? "a list" : "an object"),
          "Check the type of " + key + ".");
    }
    return value;
  }

  private static List<String> strings(List<?> raw, String field) {
    List<String> out = new ArrayList<>();
    for (Object item : raw) {
      if (!(item instanceof String s)) {
        throw new InvalidInputException(ErrorCode.INVALID_TEAMS, field, field + " must be a list of team names", "Send team names as strings.");
      }
      out.add(s);
    }
    return out;
  }

  private static Map<String, String> stringMap(Map<?, ?> raw, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (!(v instanceof String s)) {
        throw new InvalidInputException(ErrorCode.INVALID_ROLE, field, field + " values must be role names", "Use user, admin, global_moderator or global_admin.");
      }
      out.put(String.valueOf(k), s);
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMap(Map<?, ?> raw) {
    return new LinkedHashMap<>((Map<String, Object>) raw);
  }

  static NotFoundException notFound(String userId) {
    return new NotFoundException(ErrorCode.USER_NOT_FOUND, "User \"" + userId + "\" not found.", "Create the user with POST /v2/users first.");
  }
}
