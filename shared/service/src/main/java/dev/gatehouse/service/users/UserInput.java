package dev.gatehouse.service.users;

import java.util.List;
import java.util.Map;

/**
 * One user of a {@code POST /v2/users} batch, as sent (validated by {@link UserService}).
 *
 * @param id the user id
 * @param name optional display name (null when absent)
 * @param role {@code user} (default), {@code admin}, {@code global_moderator}, {@code global_admin}
 * @param teams the user's teams (null when absent: no teams)
 * @param teamsRole a role within some of the user's teams (null when absent)
 * @param metadata string or list-of-string values (null when absent)
 */
public record UserInput(String id, String name, String role, List<String> teams, Map<String, String> teamsRole,
    Map<String, Object> metadata) {}
