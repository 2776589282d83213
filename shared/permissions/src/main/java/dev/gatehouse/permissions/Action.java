package dev.gatehouse.permissions;

/** What a principal asks to do with a room (or, for {@link #SEARCH_USERS}, with users). */
public enum Action {
  /** Enter the room, read it, or see it in a query. */
  READ_ROOM,
  /** Create a room in a tenant. */
  CREATE_ROOM,
  /** Change a room's metadata. */
  UPDATE_ROOM,
  /** Change who may enter: defaultAccesses, groupsAccesses, usersAccesses. */
  UPDATE_ROOM_MEMBERS,
  /** Delete a room. */
  DELETE_ROOM,
  /** See other users in a user query. */
  SEARCH_USERS
}
