package dev.gatehouse.store;

import java.util.List;
import java.util.Optional;

/** One page of users, and where the next page starts (empty on the last page). */
public record UserPage(List<User> users, Optional<String> nextCursor) {
  public UserPage {
    users = List.copyOf(users);
  }
}
