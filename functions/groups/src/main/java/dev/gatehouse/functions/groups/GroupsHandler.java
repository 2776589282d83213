package dev.gatehouse.functions.groups;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.groups.GroupsJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.groups.GroupService;
import java.util.function.Supplier;

/**
 * Liveblocks' groups API, as {@code @liveblocks/node} calls it: {@code POST /v2/groups}, {@code GET
 * /v2/groups}, {@code GET} and {@code DELETE /v2/groups/{groupId}}, {@code POST
 * /v2/groups/{groupId}/add-members} and {@code remove-members}, and {@code GET
 * /v2/users/{userId}/groups}. A stored group's members reach its tenant's rooms through their
 * {@code groupsAccesses} at the next connection check.
 */
public final class GroupsHandler extends ApiHandler {
  private final Supplier<GroupService> groups;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public GroupsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public GroupsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.groups = gatehouse::groups;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    GroupService service = groups.get();
    if (request.pathParameters().containsKey("userId")) {
      return HttpResponse.ok(GroupsJson.page(service.listOf(request.pathParameter("userId"), GroupsJson.limit(request),
          GroupsJson.startingAfter(request))));
    }
    if (!request.pathParameters().containsKey("groupId")) {
      if (request.method().equals("POST")) {
        GroupsJson.Creation creation = GroupsJson.creation(request.body());
        return HttpResponse.ok(GroupsJson.group(
            service.create(creation.id(), creation.memberIds(), creation.organizationId(), creation.mention())));
      }
      return HttpResponse.ok(GroupsJson.page(service.list(GroupsJson.limit(request), GroupsJson.startingAfter(request))));
    }
    String groupId = request.pathParameter("groupId");
    // A group's own routes are GET and DELETE; its member routes, the only POSTs under it.
    boolean post = request.method().equals("POST");
    if (post && request.path().endsWith("/add-members")) {
      return HttpResponse.ok(GroupsJson.group(service.addMembers(groupId, GroupsJson.memberIds(request.body()))));
    }
    if (post && request.path().endsWith("/remove-members")) {
      return HttpResponse.ok(GroupsJson.group(service.removeMembers(groupId, GroupsJson.memberIds(request.body()))));
    }
    if (request.method().equals("DELETE")) {
      service.delete(groupId);
      return HttpResponse.noContent();
    }
    return HttpResponse.ok(GroupsJson.group(service.get(groupId)));
  }
}
