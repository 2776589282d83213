// The groups API through the official @liveblocks/node SDK (3.24.2), and stored groups resolved
// when a connection is checked. Run by LiveblocksSdkIT with GATEHOUSE_URL and GATEHOUSE_SECRET set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Liveblocks, LiveblocksError } from "@liveblocks/node";

const baseUrl = process.env.GATEHOUSE_URL;
const secret = process.env.GATEHOUSE_SECRET;
const liveblocks = new Liveblocks({ secret, baseUrl });
const run = `grp-${Date.now()}`;

async function post(path, body) {
  const res = await fetch(baseUrl + path, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const connect = (token, roomId) => post("/v2/authorize-connection", { token, roomId });
const idToken = async (user) => JSON.parse((await liveblocks.identifyUser(user)).body).token;

/** The LiveblocksError a call throws, with its status and parsed body. */
async function refusal(call) {
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof LiveblocksError, `a LiveblocksError, not ${e}`);
    return e;
  }
  assert.fail("the call succeeded");
}

test("createGroup, getGroup, add and remove members: Liveblocks' GroupData", async () => {
  const created = await liveblocks.createGroup({ groupId: `${run}-eng`, memberIds: ["ann", "bob"], organizationId: `${run}-org` });
  assert.equal(created.type, "group");
  assert.equal(created.id, `${run}-eng`);
  assert.equal(created.organizationId, `${run}-org`);
  assert.equal(created.tenantId, `${run}-org`);
  assert.deepEqual(created.scopes, { mention: true });
  assert.ok(created.createdAt instanceof Date && !isNaN(created.createdAt));
  assert.deepEqual(created.members.map((m) => m.id), ["ann", "bob"]);
  assert.ok(created.members.every((m) => m.addedAt instanceof Date && !isNaN(m.addedAt)));

  const fetched = await liveblocks.getGroup({ groupId: `${run}-eng` });
  assert.deepEqual(fetched.members.map((m) => m.id), ["ann", "bob"]);

  const firstAdded = fetched.members.find((m) => m.id === "ann").addedAt.getTime();
  await new Promise((r) => setTimeout(r, 5));
  const added = await liveblocks.addGroupMembers({ groupId: `${run}-eng`, memberIds: ["carl", "ann"] });
  assert.deepEqual(added.members.map((m) => m.id).sort(), ["ann", "bob", "carl"]);
  assert.equal(added.members.find((m) => m.id === "ann").addedAt.getTime(), firstAdded, "adding twice keeps the first addedAt");
  assert.ok(added.updatedAt.getTime() >= created.updatedAt.getTime());

  const removed = await liveblocks.removeGroupMembers({ groupId: `${run}-eng`, memberIds: ["bob", "nobody"] });
  assert.deepEqual(removed.members.map((m) => m.id).sort(), ["ann", "carl"], "removing a non-member is a no-op");

  const defaults = await liveblocks.createGroup({ groupId: `${run}-plain`, tenantId: `${run}-org`, scopes: {} });
  assert.deepEqual(defaults.scopes, {});
  assert.deepEqual(defaults.members, []);
  assert.equal(defaults.organizationId, `${run}-org`, "tenantId is organizationId's older name");
  await liveblocks.deleteGroup({ groupId: `${run}-plain` });
});

test("errors in Liveblocks' shape: 409 for a taken id, 404 for a missing group, 422 for bad input", async () => {
  await liveblocks.createGroup({ groupId: `${run}-taken`, memberIds: [] });
  const taken = await refusal(() => liveblocks.createGroup({ groupId: `${run}-taken`, memberIds: ["zed"] }));
  assert.equal(taken.status, 409);
  assert.equal((await liveblocks.getGroup({ groupId: `${run}-taken` })).members.length, 0, "nothing written");

  for (const call of [
    () => liveblocks.getGroup({ groupId: `${run}-missing` }),
    () => liveblocks.addGroupMembers({ groupId: `${run}-missing`, memberIds: ["a"] }),
    () => liveblocks.removeGroupMembers({ groupId: `${run}-missing`, memberIds: ["a"] }),
    () => liveblocks.deleteGroup({ groupId: `${run}-missing` }),
  ]) {
    assert.equal((await refusal(call)).status, 404);
  }

  const tooLongId = await refusal(() => liveblocks.createGroup({ groupId: "g".repeat(41), memberIds: [] }));
  assert.equal(tooLongId.status, 422);
  const tooMany = await refusal(() =>
    liveblocks.addGroupMembers({ groupId: `${run}-taken`, memberIds: Array.from({ length: 101 }, (_, i) => `u${i}`) }));
  assert.equal(tooMany.status, 422);
  assert.match(tooMany.message, /100/, "the message names the limit");
  const badMember = await refusal(() => liveblocks.addGroupMembers({ groupId: `${run}-taken`, memberIds: [""] }));
  assert.equal(badMember.status, 422);
  assert.equal((await liveblocks.getGroup({ groupId: `${run}-taken` })).members.length, 0, "bad input writes nothing");

  const raw = await post("/v2/groups", { id: `${run}-bad`, scopes: { admin: true } });
  assert.equal(raw.status, 422);
  assert.equal(raw.body.error, "INVALID_SCOPES");
  assert.ok(raw.body.message && raw.body.suggestion);
});

test("getGroups and getUserGroups page with limit, startingAfter and nextCursor", async () => {
  const user = `${run}-pager`;
  for (let i = 0; i < 5; i++) {
    await liveblocks.createGroup({ groupId: `${run}-p${i}`, memberIds: i === 2 ? ["other"] : [user], organizationId: i % 2 ? "odd" : "even" });
  }
  const mine = [];
  let cursor;
  do {
    const page = await liveblocks.getUserGroups({ userId: user, limit: 2, startingAfter: cursor });
    assert.ok(page.data.length <= 2);
    mine.push(...page.data.map((g) => g.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(mine, [`${run}-p0`, `${run}-p1`, `${run}-p3`, `${run}-p4`], "a user's groups, in every tenant, by id");

  const all = [];
  cursor = undefined;
  do {
    const page = await liveblocks.getGroups({ limit: 100, startingAfter: cursor });
    all.push(...page.data.map((g) => g.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (let i = 0; i < 5; i++) assert.ok(all.includes(`${run}-p${i}`));
  assert.equal(new Set(all).size, all.length, "each group once");
  assert.deepEqual([...all].sort(), all.slice().sort(), "by id");

  assert.equal((await refusal(() => liveblocks.getGroups({ limit: 0 }))).status, 422);
  assert.equal((await refusal(() => liveblocks.getGroups({ startingAfter: "not-a-cursor" }))).status, 400);
});

test("a stored member enters a room through its groupsAccesses, and removing them takes it away with the same token", async () => {
  const org = `${run}-acme`;
  const roomId = `${run}-room`;
  await liveblocks.createRoom(roomId, { defaultAccesses: [], groupsAccesses: { [`${run}-editors`]: ["room:write"] }, organizationId: org });
  await liveblocks.createGroup({ groupId: `${run}-editors`, memberIds: ["dana"], organizationId: org });
  const token = JSON.parse((await liveblocks.identifyUser({ userId: "dana", organizationId: org })).body).token;

  const allowed = await connect(token, roomId);
  assert.equal(allowed.status, 200, JSON.stringify(allowed.body));

  await liveblocks.removeGroupMembers({ groupId: `${run}-editors`, memberIds: ["dana"] });
  const denied = await connect(token, roomId);
  assert.equal(denied.status, 403, "the very next check, same token");

  await liveblocks.addGroupMembers({ groupId: `${run}-editors`, memberIds: ["dana"] });
  assert.equal((await connect(token, roomId)).status, 200, "adding grants again, no new token");

  // A group of another tenant grants nothing here, even under an id the room names.
  await liveblocks.createRoom(`${run}-room2`, { defaultAccesses: [], groupsAccesses: { [`${run}-other`]: ["room:write"] }, organizationId: org });
  await liveblocks.createGroup({ groupId: `${run}-other`, memberIds: ["dana"], organizationId: `${run}-elsewhere` });
  assert.equal((await connect(token, `${run}-room2`)).status, 403, "a stored group applies only in its own tenant's rooms");

  await liveblocks.deleteGroup({ groupId: `${run}-editors` });
  assert.equal((await connect(token, roomId)).status, 403, "a deleted group grants nothing");
  assert.equal((await connect(await idToken("dana"), roomId)).status, 403, "nor without a tenant in the token");
});

test("explain: every level with what it gave, token-carried and stored groups, and nothing of a room out of reach", async () => {
  const org = `${run}-explained`;
  const roomId = `${run}-explained-room`;
  await liveblocks.createRoom(roomId, {
    defaultAccesses: ["room:read"],
    groupsAccesses: { [`${run}-writers`]: ["room:write"], [`${run}-readers`]: ["room:read", "comments:write"] },
    usersAccesses: { erin: ["room:read"] },
    organizationId: org,
  });
  await liveblocks.createGroup({ groupId: `${run}-writers`, memberIds: ["erin"], organizationId: org });
  await liveblocks.createRoom(`${run}-unlisted`, { defaultAccesses: [], organizationId: org });

  const explained = await post("/v2/explain", { userId: "erin", groupIds: [`${run}-readers`], organizationId: org, roomId });
  assert.equal(explained.status, 200, JSON.stringify(explained.body));
  const body = explained.body;
  assert.equal(body.allowed, true);
  assert.equal(body.rule, "ROOM_ACCESSES");
  assert.equal(body.organizationId, org);
  assert.deepEqual(body.levels.map((l) => [l.level, l.id ?? null, l.source ?? null]), [
    ["tenant", org, null],
    ["defaultAccesses", null, null],
    ["group", `${run}-writers`, "stored"],
    ["group", `${run}-readers`, "token"],
    ["user", "erin", null],
  ]);
  assert.deepEqual(body.levels[2].permissions, ["room:write"]);
  assert.deepEqual(body.levels[4].permissions, ["room:read"]);
  // The user's own entry overrides the groups' room:write; comments:write from a group survives.
  assert.equal(body.permissions.room, "read");
  assert.equal(body.permissions.comments, "write");
  assert.deepEqual(body.userStatus, { deactivated: false, revokeTokensIssuedBefore: null });

  // The explanation agrees with the check a token issued now gets.
  const token = JSON.parse((await liveblocks.identifyUser({ userId: "erin", groupIds: [`${run}-readers`], organizationId: org })).body).token;
  const checked = await connect(token, roomId);
  assert.equal(checked.status, 200);
  assert.deepEqual(checked.body.permissions, body.permissions);

  const denied = await post("/v2/explain", { userId: "erin", organizationId: org, roomId: `${run}-unlisted` });
  assert.equal(denied.status, 200);
  assert.equal(denied.body.allowed, false);
  assert.equal(denied.body.rule, "NO_ROOM_ACCESS");
  assert.equal((await connect(token, `${run}-unlisted`)).status, 403);

  // Another tenant's room: the tenant level alone, nothing of the room's accesses.
  const away = await post("/v2/explain", { userId: "erin", organizationId: `${run}-other-org`, roomId });
  assert.equal(away.status, 200);
  assert.equal(away.body.allowed, false);
  assert.equal(away.body.rule, "ROOM_NOT_FOUND");
  assert.deepEqual(away.body.levels.map((l) => l.level), ["tenant"]);

  for (const bad of [{ roomId }, { userId: "erin" }, { userId: "erin", roomId, groupIds: "x" }, { userId: "erin", roomId, extra: 1 },
    { userId: "", roomId }]) {
    const refused = await post("/v2/explain", bad);
    assert.ok(refused.status === 400 || refused.status === 422, `${JSON.stringify(bad)}: ${refused.status}`);
    assert.equal(typeof refused.body.error, "string");
    assert.equal(typeof refused.body.suggestion, "string");
  }
  const unauthenticated = await fetch(baseUrl + "/v2/explain", { method: "POST", body: JSON.stringify({ userId: "erin", roomId }) });
  assert.equal(unauthenticated.status, 401);
});
