"""Writes docs/openapi.yaml: Gatehouse's HTTP routes as OpenAPI 3.1.

The routes and their error codes are listed here once; OpenApiIT holds the result to template.yaml
and to the answers the local server gives. Run: python3 docs/tools/openapi.py
"""
import json
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]

AUTH_SERVER = ["MISSING_SECRET_KEY", "INVALID_SECRET_KEY", "WRONG_KEY_USED"]
AUTH_CLIENT = ["MISSING_TOKEN", "WRONG_KEY_USED", "INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REVOKED", "ID_TOKEN_REQUIRED"]
BODY = ["INVALID_JSON", "INVALID_BODY", "PAYLOAD_TOO_LARGE"]
ALWAYS = ["STORAGE_UNAVAILABLE", "INTERNAL_ERROR"]
ROOM_FIELDS = ["INVALID_ROOM_ID", "INVALID_PERMISSION", "INVALID_ACCESSES", "INVALID_METADATA", "INVALID_TENANT", "MISSING_FIELD"]
QUERY = ["INVALID_FILTER", "INVALID_CURSOR", "INVALID_QUERY", "INVALID_LIMIT"]

ref = lambda name: {"$ref": f"#/components/schemas/{name}"}
room_id = {"name": "roomId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 128}}
user_id = {"name": "userId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 128}}
webhook_id = {"name": "webhookId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
group_id = {"name": "groupId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 40}}
page_query = [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}} for n in ("limit", "startingAfter")]
organization_id = {"name": "organizationId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}

# (method, path, summary, security, request schema or None, (status, schema or None), errors, parameters)
ROUTES = [
    ("post", "/v2/rooms", "Create a room (?idempotent: return the existing room instead of 409)", "secretKey", "CreateRoom", (200, "Room"),
     AUTH_SERVER + BODY + ROOM_FIELDS + ["ROOM_ALREADY_EXISTS", "INVALID_QUERY_STRING"],
     [{"name": "idempotent", "in": "query", "required": False, "schema": {"type": "string"}}]),
    ("get", "/v2/rooms", "List rooms, newest first", "secretKey", None, (200, "RoomPage"),
     AUTH_SERVER + ["INVALID_LIMIT", "INVALID_CURSOR", "INVALID_QUERY", "INVALID_TENANT", "INVALID_USER_ID", "INVALID_GROUP_IDS", "INVALID_QUERY_STRING"],
     [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
      for n in ("limit", "startingAfter", "organizationId", "userId", "groupIds", "query")]),
    ("get", "/v2/rooms/{roomId}", "Get a room", "secretKey", None, (200, "Room"), AUTH_SERVER + ["INVALID_ROOM_ID", "ROOM_NOT_FOUND"], [room_id]),
    ("post", "/v2/rooms/{roomId}", "Update a room (null removes an entry or key)", "secretKey", "UpdateRoom", (200, "Room"),
     AUTH_SERVER + BODY + ROOM_FIELDS + ["ROOM_NOT_FOUND", "EMPTY_UPDATE", "TENANT_IMMUTABLE", "CONCURRENT_UPDATE"], [room_id]),
    ("post", "/v2/rooms/{roomId}/upsert", "Update a room, or create it", "secretKey", "UpsertRoom", (200, "Room"),
     AUTH_SERVER + BODY + ROOM_FIELDS + ["ROOM_ALREADY_EXISTS", "CONCURRENT_UPDATE"], [room_id]),
    ("post", "/v2/rooms/{roomId}/update-room-id", "Move a room to a new id (tenant, accesses, metadata and creation time kept)",
     "secretKey", "UpdateRoomId", (200, "Room"),
     AUTH_SERVER + BODY + ["INVALID_ROOM_ID", "MISSING_FIELD", "ROOM_NOT_FOUND", "ROOM_ALREADY_EXISTS", "CONCURRENT_UPDATE"], [room_id]),
    ("delete", "/v2/rooms/{roomId}", "Delete a room (204 also when it does not exist)", "secretKey", None, (204, None),
     AUTH_SERVER + ["INVALID_ROOM_ID", "CONCURRENT_UPDATE"], [room_id]),
    ("post", "/v2/rooms/query", "Query rooms (the room query language or a filter)", "secretKey", "Query", (200, "RoomPage"),
     AUTH_SERVER + BODY + QUERY, []),
    ("post", "/v2/identify-user", "Issue an ID token", "secretKey", "IdentifyUser", (200, "Token"),
     AUTH_SERVER + BODY + ["INVALID_USER_ID", "INVALID_GROUP_IDS", "INVALID_USER_INFO", "INVALID_TENANT", "TOKEN_TOO_LARGE", "TEAM_ACCESS_DENIED", "USER_DEACTIVATED", "MISSING_FIELD"], []),
    ("post", "/v2/authorize-user", "Issue an access token", "secretKey", "AuthorizeUser", (200, "Token"),
     AUTH_SERVER + BODY + ["INVALID_USER_ID", "INVALID_PATTERN", "INVALID_PERMISSION", "INVALID_USER_INFO", "INVALID_TENANT", "TOKEN_TOO_LARGE", "TEAM_ACCESS_DENIED", "USER_DEACTIVATED", "MISSING_FIELD"], []),
    ("post", "/v2/authorize-connection", "May this token enter this room?", "secretKey", "AuthorizeConnection", (200, "Connection"),
     AUTH_SERVER + BODY + ["INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REVOKED", "ROOM_ACCESS_DENIED", "INVALID_ROOM_ID", "MISSING_FIELD"], []),
    ("post", "/v2/authorize-connections", "May this token enter each of these rooms? (up to 100, in the order asked)", "secretKey",
     "AuthorizeConnections", (200, "Connections"),
     AUTH_SERVER + BODY + ["INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REVOKED", "INVALID_ROOM_ID", "MISSING_FIELD"], []),
    ("post", "/v2/explain", "Why may (or may not) this user enter this room? Every level, with what it gave; writes nothing", "secretKey",
     "Explain", (200, "Explanation"),
     AUTH_SERVER + BODY + ["INVALID_USER_ID", "INVALID_GROUP_IDS", "INVALID_TENANT", "INVALID_ROOM_ID", "MISSING_FIELD"], []),
    ("get", "/.well-known/jwks.json", "The public signing keys (JWKS)", None, None, (200, "Jwks"), ["INTERNAL_ERROR"], []),
    ("get", "/.well-known/openid-configuration", "The discovery document", None, None, (200, "OpenIdConfiguration"), ["INTERNAL_ERROR"], []),
    ("get", "/v2/settings", "The settings", "secretKey", None, (200, "Settings"), AUTH_SERVER, []),
    ("post", "/v2/settings", "Change some settings (what the body leaves out stays)", "secretKey", "SettingsChange", (200, "Settings"),
     AUTH_SERVER + BODY + ["MISSING_FIELD", "INVALID_LIMIT", "INVALID_CUTOFF", "CONCURRENT_UPDATE"], []),
    ("post", "/v2/users", "Create or replace users (a batch)", "secretKey", "UpsertUsers", (200, "UserBatch"),
     AUTH_SERVER + BODY + ["INVALID_BATCH", "INVALID_USER", "INVALID_USER_ID", "INVALID_ROLE", "INVALID_TEAMS", "INVALID_METADATA"], []),
    ("patch", "/v2/users", "Change some fields of users (a batch)", "secretKey", "PatchUsers", (200, "UserBatch"),
     AUTH_SERVER + BODY + ["INVALID_BATCH", "INVALID_USER", "INVALID_USER_ID", "INVALID_ROLE", "INVALID_TEAMS", "INVALID_METADATA"], []),
    ("get", "/v2/users/{userId}", "Get a user", "secretKey", None, (200, "User"), AUTH_SERVER + ["INVALID_USER_ID", "USER_NOT_FOUND"], [user_id]),
    ("delete", "/v2/users/{userId}", "Delete a user (204 also when absent)", "secretKey", None, (204, None),
     AUTH_SERVER + ["INVALID_USER_ID", "CONCURRENT_UPDATE"], [user_id]),
    ("post", "/v2/users/{userId}/revoke-tokens", "Revoke the user's tokens issued before a time (default: now; null lifts it)", "secretKey",
     "Revoke", (200, "UserStatus"), AUTH_SERVER + BODY + ["INVALID_USER_ID", "INVALID_CUTOFF"], [user_id]),
    ("post", "/v2/organizations/{organizationId}/revoke-tokens",
     "Revoke the organization's tokens, and tokens entering its rooms, issued before a time (default: now; null lifts it)", "secretKey",
     "Revoke", (200, "OrganizationCutoff"), AUTH_SERVER + BODY + ["INVALID_TENANT", "INVALID_CUTOFF"], [organization_id]),
    ("post", "/v2/users/{userId}/deactivate", "Deactivate a user: revoke their tokens and refuse them new ones", "secretKey", None,
     (200, "UserStatus"), AUTH_SERVER + BODY + ["INVALID_USER_ID"], [user_id]),
    ("post", "/v2/users/{userId}/reactivate", "Reactivate a user: they may get tokens again", "secretKey", None,
     (200, "UserStatus"), AUTH_SERVER + BODY + ["INVALID_USER_ID"], [user_id]),
    ("get", "/v2/changes", "The changes that can alter a decision, in commit order, after a cursor", "secretKey", None, (200, "ChangePage"),
     AUTH_SERVER + ["INVALID_CURSOR", "INVALID_LIMIT", "INVALID_TENANT", "INVALID_QUERY_STRING"],
     [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}} for n in ("since", "organizationId", "limit")]),
    ("get", "/v2/audit", "Every write, newest first: who, what, the target, the permission fields before and after", "secretKey", None,
     (200, "AuditPage"), AUTH_SERVER + ["INVALID_CURSOR", "INVALID_LIMIT", "INVALID_TENANT", "INVALID_ROOM_ID", "INVALID_USER_ID",
                                       "INVALID_QUERY", "INVALID_QUERY_STRING"],
     [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
      for n in ("organizationId", "roomId", "userId", "since", "limit", "startingAfter")]),
    ("post", "/v2/webhooks", "Register a webhook: signed deliveries of the changes (the secret is shown only here)", "secretKey",
     "WebhookRegistration", (200, "RegisteredWebhook"),
     AUTH_SERVER + BODY + ["MISSING_FIELD", "INVALID_WEBHOOK_URL", "INVALID_WEBHOOK_EVENTS", "TOO_MANY_WEBHOOKS"], []),
    ("get", "/v2/webhooks", "The registered webhooks and where their delivery stands (no secrets)", "secretKey", None,
     (200, "WebhookList"), AUTH_SERVER, []),
    ("delete", "/v2/webhooks/{webhookId}", "Remove a webhook: nothing more is sent to it", "secretKey", None, (204, None),
     AUTH_SERVER + ["WEBHOOK_NOT_FOUND"], [webhook_id]),
    ("get", "/v2/rooms/{roomId}/prewarm", "prewarmRoom: a realtime server's route; always 404 REALTIME_SERVER_REQUIRED", "secretKey",
     None, (404, None), AUTH_SERVER + ["REALTIME_SERVER_REQUIRED"], [room_id]),
    ("get", "/v2/rooms/{roomId}/active-users", "getActiveUsers: a realtime server's route; always 404 REALTIME_SERVER_REQUIRED",
     "secretKey", None, (404, None), AUTH_SERVER + ["REALTIME_SERVER_REQUIRED"], [room_id]),
    ("post", "/v2/groups", "Create a group (its members reach its organization's rooms through groupsAccesses at the next check)",
     "secretKey", "GroupCreation", (200, "Group"),
     AUTH_SERVER + BODY + ["MISSING_FIELD", "INVALID_GROUP_ID", "INVALID_TENANT", "INVALID_USER_ID", "INVALID_MEMBERS", "INVALID_SCOPES",
                           "GROUP_ALREADY_EXISTS"], []),
    ("get", "/v2/groups", "The project's groups, by id", "secretKey", None, (200, "GroupPage"),
     AUTH_SERVER + ["INVALID_LIMIT", "INVALID_CURSOR", "INVALID_QUERY_STRING"], page_query),
    ("get", "/v2/groups/{groupId}", "Get a group", "secretKey", None, (200, "Group"), AUTH_SERVER + ["GROUP_NOT_FOUND"], [group_id]),
    ("delete", "/v2/groups/{groupId}", "Delete a group: its members lose what it gave at the next check", "secretKey", None,
     (204, None), AUTH_SERVER + ["GROUP_NOT_FOUND", "CONCURRENT_UPDATE"], [group_id]),
    ("post", "/v2/groups/{groupId}/add-members", "Add members (one already there keeps its addedAt)", "secretKey", "GroupMembers",
     (200, "Group"), AUTH_SERVER + BODY + ["MISSING_FIELD", "INVALID_USER_ID", "INVALID_MEMBERS", "GROUP_NOT_FOUND", "CONCURRENT_UPDATE"],
     [group_id]),
    ("post", "/v2/groups/{groupId}/remove-members", "Remove members (removing a non-member is a no-op)", "secretKey", "GroupMembers",
     (200, "Group"), AUTH_SERVER + BODY + ["MISSING_FIELD", "INVALID_USER_ID", "INVALID_MEMBERS", "GROUP_NOT_FOUND", "CONCURRENT_UPDATE"],
     [group_id]),
    ("get", "/v2/users/{userId}/groups", "The groups a user is a member of, in every organization, by id", "secretKey", None,
     (200, "GroupPage"), AUTH_SERVER + ["INVALID_USER_ID", "INVALID_LIMIT", "INVALID_CURSOR", "INVALID_QUERY_STRING"],
     [user_id] + page_query),
    ("post", "/v2/users/query", "Query users", "secretKey", "Query", (200, "UserPage"), AUTH_SERVER + BODY + QUERY, []),
    ("post", "/v2/c/rooms/query", "Query rooms as a user, inside the caller's teams", "idToken", "Query", (200, "RoomPage"),
     AUTH_CLIENT + BODY + QUERY + ["TEAM_ACCESS_DENIED", "RATE_LIMITED"], []),
    ("post", "/v2/c/users/query", "Query users as a user, inside the caller's teams", "idToken", "Query", (200, "UserPage"),
     AUTH_CLIENT + BODY + QUERY + ["TEAM_ACCESS_DENIED", "RATE_LIMITED"], []),
    ("post", "/v2/c/rooms", "Create a room as a user (its owner, with *:write)", "idToken", "ClientCreateRoom", (200, "Room"),
     AUTH_CLIENT + BODY + ROOM_FIELDS + ["MISSING_TEAM", "ROOM_ACCESS_DENIED", "ROOM_ALREADY_EXISTS", "RATE_LIMITED"], []),
    ("post", "/v2/c/rooms/{roomId}", "Update a room as a user", "idToken", "UpdateRoom", (200, "ClientUpdatedRoom"),
     AUTH_CLIENT + BODY + ROOM_FIELDS + ["ROOM_NOT_FOUND", "ROOM_ACCESS_DENIED", "EMPTY_UPDATE", "TENANT_IMMUTABLE", "CONCURRENT_UPDATE"], [room_id]),
    ("delete", "/v2/c/rooms/{roomId}", "Delete a room as a user", "idToken", None, (204, None),
     AUTH_CLIENT + ["INVALID_ROOM_ID", "ROOM_NOT_FOUND", "ROOM_ACCESS_DENIED", "CONCURRENT_UPDATE"], [room_id]),
]

STATUS = {}  # filled from ErrorCode.java
for line in (ROOT / "shared/errors/src/main/java/dev/gatehouse/errors/ErrorCode.java").read_text().splitlines():
    line = line.strip()
    if line[:1].isupper() and "(" in line and line.split("(")[0].isupper():
        STATUS[line.split("(")[0]] = int(line.split("(")[1].split(",")[0].rstrip(");"))

DESCRIPTIONS = {400: "The request is malformed", 401: "No credential, or not a valid one", 403: "The credential may not do this",
                404: "No such room or user", 409: "A conflict: the id is taken, or a race was lost", 413: "The body is over 6 MB",
                422: "A value breaks a rule or a limit (the message names the field and the limit)",
                429: "The tenant's quota is spent for this minute (retry-after: the seconds left)",
                500: "Gatehouse failed (the request id is in the message)", 503: "The store is unavailable (retry-after: 1)"}

string = {"type": "string"}
strings = {"type": "array", "items": string}
accesses = {"type": "object", "additionalProperties": strings}
nullable_string = {"type": ["string", "null"]}
quota = {"type": ["integer", "null"], "minimum": 1, "maximum": 1000000}
rate_limits = {"type": "object", "additionalProperties": False,
               "properties": {"clientRoomCreatesPerMinute": quota, "clientQueriesPerMinute": quota}}
metadata_value = {"oneOf": [string, strings]}
cutoff = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "message", "suggestion"], "additionalProperties": False,
              "description": "Every error, in the Liveblocks shape.",
              "properties": {"error": {"type": "string", "enum": sorted(STATUS)}, "message": string, "suggestion": string}},
    "Room": {"type": "object", "additionalProperties": False,
             "required": ["type", "id", "organizationId", "createdAt", "metadata", "defaultAccesses", "groupsAccesses", "usersAccesses"],
             "properties": {"type": {"const": "room"}, "id": string, "organizationId": string,
                            "createdAt": {"type": "string", "format": "date-time"},
                            "metadata": {"type": "object", "additionalProperties": metadata_value},
                            "defaultAccesses": strings, "groupsAccesses": accesses, "usersAccesses": accesses}},
    "RoomReference": {"type": "object", "additionalProperties": False, "required": ["type", "id", "organizationId"],
                      "description": "A room changed by a caller who may not read it: named, not shown.",
                      "properties": {"type": {"const": "room"}, "id": string, "organizationId": string}},
    "ClientUpdatedRoom": {"oneOf": [ref("Room"), ref("RoomReference")]},
    "RoomPage": {"type": "object", "additionalProperties": False, "required": ["nextCursor", "data"],
                 "properties": {"nextCursor": nullable_string, "data": {"type": "array", "items": ref("Room")}}},
    "User": {"type": "object", "additionalProperties": False,
             "required": ["type", "id", "name", "role", "teams", "teamsRole", "metadata", "createdAt", "updatedAt"],
             "properties": {"type": {"const": "user"}, "id": string, "name": nullable_string, "role": string, "teams": strings,
                            "teamsRole": {"type": "object", "additionalProperties": string}, "metadata": {"type": "object"},
                            "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
                            "revokeTokensIssuedBefore": cutoff, "deactivated": {"type": "boolean"}}},
    "UserStatus": {"type": "object", "additionalProperties": False, "required": ["userId", "revokeTokensIssuedBefore", "deactivated"],
                   "properties": {"userId": string, "revokeTokensIssuedBefore": cutoff, "deactivated": {"type": "boolean"}}},
    "OrganizationCutoff": {"type": "object", "additionalProperties": False, "required": ["organizationId", "revokeTokensIssuedBefore"],
                           "properties": {"organizationId": string, "revokeTokensIssuedBefore": cutoff}},
    "Change": {"type": "object", "additionalProperties": False, "required": ["id", "type", "at", "organizationId", "data", "cursor"],
               "properties": {"id": string, "type": string, "at": {"type": "string", "format": "date-time"},
                              "organizationId": nullable_string, "data": {"type": "object"}, "cursor": string}},
    "ChangePage": {"type": "object", "additionalProperties": False, "required": ["data", "nextCursor"],
                   "properties": {"data": {"type": "array", "items": ref("Change")}, "nextCursor": string}},
    "AuditEntry": {"type": "object", "additionalProperties": False,
                   "required": ["id", "type", "at", "organizationId", "data", "actor", "target"],
                   "properties": {"id": string, "type": string, "at": {"type": "string", "format": "date-time"},
                                  "organizationId": nullable_string, "data": {"type": "object"},
                                  "actor": {"type": "object", "additionalProperties": False, "required": ["kind", "id", "via"],
                                            "properties": {"kind": {"enum": ["secretKey", "user", "provisioning", "system", "anonymous"]},
                                                           "id": string, "via": string}},
                                  "target": {"type": "object", "additionalProperties": False, "required": ["kind", "id"],
                                             "properties": {"kind": {"enum": ["room", "user", "organization", "settings", "webhook", "group"]}, "id": string}}}},
    "AuditPage": {"type": "object", "additionalProperties": False, "required": ["data", "nextCursor"],
                  "properties": {"data": {"type": "array", "items": ref("AuditEntry")}, "nextCursor": nullable_string}},
    "WebhookRegistration": {"type": "object", "additionalProperties": False, "required": ["url"],
                            "properties": {"url": {"type": "string", "format": "uri", "maxLength": 2048},
                                           "events": {"type": "array", "minItems": 1, "items": string}}},
    "Webhook": {"type": "object", "additionalProperties": False, "required": ["id", "url", "events", "createdAt", "delivery"],
                "properties": {"id": string, "url": string, "events": strings,
                               "createdAt": {"type": "string", "format": "date-time"}, "delivery": ref("WebhookDelivery")}},
    "RegisteredWebhook": {"type": "object", "additionalProperties": False,
                          "required": ["id", "url", "events", "createdAt", "secret", "delivery"],
                          "properties": {"id": string, "url": string, "events": strings,
                                         "createdAt": {"type": "string", "format": "date-time"},
                                         "secret": {"type": "string", "pattern": "^whsec_"}, "delivery": ref("WebhookDelivery")}},
    "WebhookDelivery": {"type": "object", "additionalProperties": False,
                        "required": ["status", "cursor", "failedAttempts", "nextAttemptAt", "lastDeliveredAt", "disabledAt", "lastError"],
                        "properties": {"status": {"enum": ["active", "retrying", "disabled"]}, "cursor": string,
                                       "failedAttempts": {"type": "integer", "minimum": 0},
                                       "nextAttemptAt": cutoff, "lastDeliveredAt": cutoff, "disabledAt": cutoff,
                                       "lastError": nullable_string}},
    "WebhookList": {"type": "object", "additionalProperties": False, "required": ["data"],
                    "properties": {"data": {"type": "array", "items": ref("Webhook")}}},
    "GroupCreation": {"type": "object", "additionalProperties": False,
                      "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 40},
                                     "groupId": {"type": "string", "minLength": 1, "maxLength": 40},
                                     "memberIds": {"type": "array", "maxItems": 100, "items": string},
                                     "organizationId": string, "tenantId": string,
                                     "scopes": {"type": "object", "additionalProperties": False, "properties": {"mention": {"type": "boolean"}}}}},
    "GroupMembers": {"type": "object", "additionalProperties": False, "required": ["memberIds"],
                     "properties": {"memberIds": {"type": "array", "maxItems": 100, "items": string}}},
    "Group": {"type": "object", "additionalProperties": False,
              "required": ["type", "id", "organizationId", "tenantId", "createdAt", "updatedAt", "scopes", "members"],
              "properties": {"type": {"enum": ["group"]}, "id": string, "organizationId": string, "tenantId": string,
                             "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
                             "scopes": {"type": "object", "additionalProperties": False, "properties": {"mention": {"enum": [True]}}},
                             "members": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                                    "required": ["id", "addedAt"],
                                                                    "properties": {"id": string,
                                                                                   "addedAt": {"type": "string", "format": "date-time"}}}}}},
    "GroupPage": {"type": "object", "additionalProperties": False, "required": ["nextCursor", "data"],
                  "properties": {"nextCursor": nullable_string, "data": {"type": "array", "items": ref("Group")}}},
    "Revoke": {"type": "object", "additionalProperties": False, "properties": {"before": cutoff}},
    "UserPage": {"type": "object", "additionalProperties": False, "required": ["nextCursor", "data"],
                 "properties": {"nextCursor": nullable_string, "data": {"type": "array", "items": ref("User")}}},
    "UserBatch": {"type": "object", "additionalProperties": False, "required": ["users", "notWritten"],
                  "properties": {"users": {"type": "object", "additionalProperties": ref("User")},
                                 "notWritten": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                                           "required": ["id", "error", "message"],
                                                                           "properties": {"id": string, "error": string, "message": string}}}}},
    "Token": {"type": "object", "additionalProperties": False, "required": ["token"], "properties": {"token": string}},
    "Connection": {"type": "object", "additionalProperties": False,
                   "required": ["userId", "organizationId", "groupIds", "tokenKind", "permissions"],
                   "properties": {"userId": string, "organizationId": string, "groupIds": strings,
                                  "tokenKind": {"enum": ["id", "acc"]},
                                  "permissions": {"type": "object", "additionalProperties": string}}},
    "Connections": {"type": "object", "additionalProperties": False, "required": ["data"],
                    "properties": {"data": {"type": "array", "items": {
                        "type": "object", "additionalProperties": False, "required": ["roomId", "allowed"],
                        "properties": {"roomId": string, "allowed": {"type": "boolean"},
                                       "permissions": {"type": "object", "additionalProperties": string},
                                       "error": {"type": "object", "required": ["error", "message", "suggestion"],
                                                 "properties": {"error": string, "message": string, "suggestion": string}}}}}}},
    "Explanation": {"type": "object", "additionalProperties": False,
                    "required": ["userId", "roomId", "organizationId", "allowed", "rule", "reason", "permissions", "levels", "userStatus"],
                    "properties": {"userId": string, "roomId": string, "organizationId": string, "allowed": {"type": "boolean"},
                                   "rule": string, "reason": string,
                                   "permissions": {"type": "object", "additionalProperties": string},
                                   "levels": {"type": "array", "items": {
                                       "type": "object", "additionalProperties": False, "required": ["level", "permissions", "note"],
                                       "properties": {"level": {"enum": ["tenant", "defaultAccesses", "group", "user"]},
                                                      "id": string, "source": {"enum": ["token", "stored", "token and stored"]},
                                                      "permissions": strings, "note": string}}},
                                   "userStatus": {"type": "object", "additionalProperties": False,
                                                  "required": ["deactivated", "revokeTokensIssuedBefore"],
                                                  "properties": {"deactivated": {"type": "boolean"},
                                                                 "revokeTokensIssuedBefore": {"type": ["string", "null"], "format": "date-time"}}}}},
    "Settings": {"type": "object", "additionalProperties": False, "required": ["multiTenantEnabled", "rateLimits", "updatedAt"],
                 "properties": {"multiTenantEnabled": {"type": "boolean"}, "rateLimits": rate_limits,
                                "revokeTokensIssuedBefore": cutoff,
                                "updatedAt": {"type": ["string", "null"], "format": "date-time"}, "warning": string}},
    "Jwks": {"type": "object", "required": ["keys"], "properties": {"keys": {"type": "array", "items": {"type": "object", "required": ["kid", "kty"]}}}},
    "OpenIdConfiguration": {"type": "object", "required": ["issuer", "jwks_uri"],
                            "properties": {"issuer": string, "jwks_uri": string, "response_types_supported": strings,
                                           "subject_types_supported": strings, "id_token_signing_alg_values_supported": strings}},
    # Requests: what each route takes (names as @liveblocks/node sends them; snake_case aliases in docs/openapi.md).
    "CreateRoom": {"type": "object", "required": ["id"],
                   "properties": {"id": string, "defaultAccesses": strings, "groupsAccesses": accesses, "usersAccesses": accesses,
                                  "metadata": {"type": "object"}, "organizationId": string, "tenantId": string}},
    "ClientCreateRoom": {"type": "object", "required": ["id"],
                         "properties": {"id": string, "defaultAccesses": strings, "groupsAccesses": accesses, "usersAccesses": accesses,
                                        "metadata": {"type": "object"}, "organizationId": string, "team": string}},
    "UpdateRoom": {"type": "object", "properties": {"defaultAccesses": strings, "groupsAccesses": {"type": "object"},
                                                   "usersAccesses": {"type": "object"}, "metadata": {"type": "object"}}},
    "UpsertRoom": {"type": "object", "required": ["update"], "properties": {"update": ref("UpdateRoom"), "create": {"type": "object"}}},
    "IdentifyUser": {"type": "object", "required": ["userId"],
                     "properties": {"userId": string, "groupIds": strings, "userInfo": {"type": "object"}, "organizationId": string, "tenantId": string}},
    "AuthorizeUser": {"type": "object", "required": ["userId", "permissions"],
                      "properties": {"userId": string, "permissions": {"type": "object", "additionalProperties": strings},
                                     "userInfo": {"type": "object"}, "organizationId": string, "tenantId": string}},
    "AuthorizeConnection": {"type": "object", "required": ["token", "roomId"], "properties": {"token": string, "roomId": string}},
    "AuthorizeConnections": {"type": "object", "additionalProperties": False, "required": ["token", "roomIds"],
                             "properties": {"token": string, "roomIds": {"type": "array", "minItems": 1, "maxItems": 100, "items": string}}},
    "UpdateRoomId": {"type": "object", "additionalProperties": False, "required": ["newRoomId"], "properties": {"newRoomId": string}},
    "Explain": {"type": "object", "additionalProperties": False, "required": ["userId", "roomId"],
                "properties": {"userId": string, "groupIds": strings, "organizationId": string, "tenantId": string, "roomId": string}},
    "Query": {"type": "object", "properties": {"filter": {}, "sort": {}, "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                                              "startingAfter": string, "filter_conditions": {}}},
    "SettingsChange": {"type": "object", "properties": {"multiTenantEnabled": {"type": "boolean"}, "rateLimits": rate_limits,
                                                       "revokeTokensIssuedBefore": cutoff,
                                                       "multi_tenant_enabled": {"type": "boolean"}}},
    "UpsertUsers": {"type": "object", "required": ["users"], "properties": {"users": {"type": "array", "items": {"type": "object"}}}},
    "PatchUsers": {"type": "object", "required": ["users"], "properties": {"users": {"type": "array", "items": {"type": "object"}}}},
}

LIMITS = ("Limits: bodies up to 6 MB; room ids up to 128 characters; 1-100 per page (`limit`); per-route throttling "
          "(`ApiThrottlingRateLimit`, 429 from API Gateway); per-tenant quotas on the client routes (settings `rateLimits`, "
          "429 `RATE_LIMITED`). Every error is `{\"error\", \"message\", \"suggestion\"}`; the codes each operation can "
          "return are listed under its responses, and in the README's Error codes table.")


def operation(method, path, summary, security, request, ok, errors, parameters):
    op = {"operationId": (method + path).replace("/", "_").replace("{", "").replace("}", "").replace("-", "_").replace(".", "_"),
          "summary": summary}
    op["security"] = [{security: []}] if security else []
    if parameters:
        op["parameters"] = parameters
    if request:
        # A revocation's body is optional: none means "every token issued until now".
        op["requestBody"] = {"required": request != "Revoke", "content": {"application/json": {"schema": ref(request)}}}
    status, schema = ok
    responses = {str(status): {"description": "OK" if status == 200 else "Done, nothing returned"}}
    if schema:
        responses[str(status)]["content"] = {"application/json": {"schema": ref(schema)}}
    by_status = {}
    for code in errors + ALWAYS:
        by_status.setdefault(STATUS[code], []).append(code)
    for status_code in sorted(by_status):
        codes = sorted(set(by_status[status_code]))
        body = {"allOf": [ref("Error"), {"properties": {"error": {"enum": codes}}}]}
        entry = {"description": DESCRIPTIONS[status_code] + ": " + ", ".join(codes),
                 "content": {"application/json": {"schema": body}}}
        if status_code in (429, 503):
            entry["headers"] = {"retry-after": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying"}}
        responses[str(status_code)] = entry
    op["responses"] = responses
    return op


paths = {}
for route in ROUTES:
    paths.setdefault(route[1], {})[route[0]] = operation(*route)

document = {
    "openapi": "3.1.0",
    "info": {"title": "Gatehouse", "version": "0.1.0",
             "description": "Authentication and permissions for multi-tenant realtime apps, speaking the Liveblocks REST API v2. " + LIMITS},
    "servers": [{"url": "http://127.0.0.1:8787", "description": "./gatehouse serve"},
                {"url": "https://{apiId}.execute-api.{region}.amazonaws.com", "variables": {"apiId": {"default": "api"}, "region": {"default": "us-east-1"}}}],
    "paths": paths,
    "components": {
        "securitySchemes": {
            "secretKey": {"type": "http", "scheme": "bearer", "description": "A server key, `Authorization: Bearer sk_...` (server routes)."},
            "idToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                        "description": "A user's ID token from identify-user (client routes, /v2/c/...)."}},
        "schemas": SCHEMAS},
}

class NoAliases(yaml.SafeDumper):
    """Repeated schemas written out each time: YAML anchors are not read the same by every tool."""

    def ignore_aliases(self, data):
        return True


header = "# Generated by docs/tools/openapi.py from its route table; edit that, then run it. OpenApiIT checks it.\n"
(ROOT / "docs/openapi.yaml").write_text(header + yaml.dump(document, Dumper=NoAliases, sort_keys=False, width=120, allow_unicode=True))
print("wrote docs/openapi.yaml:", len(ROUTES), "operations")
