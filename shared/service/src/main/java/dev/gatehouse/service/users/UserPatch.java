package dev.gatehouse.service.users;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code PATCH /v2/users}: fields to set and fields to unset.
 *
 * @param id the user id
 * @param set {@code name}, {@code role}, {@code teams}, {@code teamsRole}, {@code metadata} (merged key by key)
 * @param unset {@code name}, {@code role}, {@code teams}, {@code teamsRole}, {@code metadata}, or {@code metadata.<key>}
 */
public record UserPatch(String id, Map<String, Object> set, List<String> unset) {}
