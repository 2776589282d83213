package dev.gatehouse.store.groups;

import java.util.List;
import java.util.Optional;

/** One page of groups, by id, and where the next page starts (empty on the last page). */
public record GroupPage(List<Group> groups, Optional<String> nextCursor) {
  public GroupPage {
    groups = List.copyOf(groups);
  }
}
