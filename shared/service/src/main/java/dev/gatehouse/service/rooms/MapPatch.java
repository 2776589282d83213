package dev.gatehouse.service.rooms;

import java.util.Map;
import java.util.Set;

/**
 * A change to one map field of a room (usersAccesses, groupsAccesses, metadata): absent, cleared
 * with {@code null}, or set and removed key by key ({@code "key": null} removes).
 *
 * @param clear the whole field was {@code null}: remove every key first
 * @param set keys to add or replace
 * @param remove keys to remove
 */
public record MapPatch<V>(boolean clear, Map<String, V> set, Set<String> remove) {
  private static final MapPatch<?> NONE = new MapPatch<>(false, Map.of(), Set.of());

  public MapPatch {
    set = Map.copyOf(set);
    remove = Set.copyOf(remove);
  }

  @SuppressWarnings("unchecked")
  public static <V> MapPatch<V> none() {
    return (MapPatch<V>) NONE;
  }

  public boolean isEmpty() {
    return !clear && set.isEmpty() && remove.isEmpty();
  }
}
