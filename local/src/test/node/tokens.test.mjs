// Tokens through the official @liveblocks/node SDK, checked with Gatehouse's authorize-connection
// and, for ID tokens, against Liveblocks' own permission-merging code from @liveblocks/core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Liveblocks } from "@liveblocks/node";
import { mergeRoomPermissionScopes, permissionMatrixFromScopes } from "@liveblocks/core";

const baseUrl = process.env.GATEHOUSE_URL;
const secret = process.env.GATEHOUSE_SECRET;
const liveblocks = new Liveblocks({ secret, baseUrl });
const run = `tok-${Date.now()}`;
const claims = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
const header = (token) => JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString());

async function post(path, body) {
  const res = await fetch(new URL(path, baseUrl), {
    method: "POST",
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const connect = (token, roomId) => post("/v2/authorize-connection", { token, roomId });

test("identifyUser, string form: an ID token the Liveblocks client can read", async () => {
  const { status, body } = await liveblocks.identifyUser("olivier@example.com");
  assert.equal(status, 200);
  const { token } = JSON.parse(body);
  const c = claims(token);
  assert.equal(c.k, "id");
  assert.equal(c.uid, "olivier@example.com");
  assert.deepEqual(c.gids, []);
  assert.equal(typeof c.pid, "string");
  assert.equal(typeof c.iat, "number");
  assert.equal(c.exp - c.iat, 3600);
  assert.equal(c.oid, undefined, "no tenant unless one is named");
  assert.ok(header(token).kid, "the header names the key");
});

test("identifyUser, object form: groups, userInfo, and tenantId sent as organizationId", async () => {
  const { status, body } = await liveblocks.identifyUser(
    { userId: "marie@example.com", groupIds: ["engineering"], tenantId: `${run}-acme` },
    { userInfo: { name: "Marie", avatar: "https://example.com/m.png" } },
  );
  assert.equal(status, 200);
  const c = claims(JSON.parse(body).token);
  assert.deepEqual(c.gids, ["engineering"]);
  assert.equal(c.oid, `${run}-acme`);
  assert.deepEqual(c.ui, { name: "Marie", avatar: "https://example.com/m.png" });
  const viaOrganization = await liveblocks.identifyUser({ userId: "marie@example.com", organizationId: `${run}-org` });
  assert.equal(claims(JSON.parse(viaOrganization.body).token).oid, `${run}-org`);
});

test("every token is new, as the Liveblocks client requires", async () => {
  const a = JSON.parse((await liveblocks.identifyUser("same-user")).body).token;
  const b = JSON.parse((await liveblocks.identifyUser("same-user")).body).token;
  assert.notEqual(a, b);
});

test("prepareSession with several patterns, then authorize-connection on the result", async () => {
  const org = `${run}-tenant`;
  await liveblocks.createRoom(`${org}:other-tenant-room`, { defaultAccesses: ["*:write"], organizationId: `${run}-elsewhere` });
  const session = liveblocks.prepareSession("carol@example.com", { tenantId: org, userInfo: { name: "Carol" } });
  session.allow(`${org}:design:*`, session.FULL_ACCESS);
  session.allow(`${org}:docs:42`, ["*:read", "comments:write"]);
  session.allow(`${org}:*`, ["*:read", "storage:none"]);
  const { status, body } = await session.authorize();
  assert.equal(status, 200);
  const { token } = JSON.parse(body);
  const c = claims(token);
  assert.equal(c.k, "acc");
  assert.equal(c.oid, org);
  assert.deepEqual(c.perms[`${org}:design:*`], ["*:write"]);

  const design = await connect(token, `${org}:design:7`);
  assert.equal(design.status, 200);
  assert.equal(design.body.tokenKind, "acc");
  assert.equal(design.body.userId, "carol@example.com");
  assert.equal(design.body.organizationId, org);
  // Base: strongest of design:* (write) and * (read); storage from the most specific pattern that sets it.
  assert.deepEqual(design.body.permissions, {
    room: "write", storage: "none", comments: "write", "comments:public": "write", "comments:private": "write", feeds: "write",
  });
  const docs = await connect(token, `${org}:docs:42`);
  assert.deepEqual(docs.body.permissions, {
    room: "read", storage: "none", comments: "write", "comments:public": "write", "comments:private": "write", feeds: "read",
  });
  const outside = await connect(token, "someone-else:room");
  assert.equal(outside.status, 403);
  assert.equal(outside.body.error, "ROOM_ACCESS_DENIED");
  const foreign = await connect(token, `${org}:other-tenant-room`);
  assert.equal(foreign.status, 403, "a room of another tenant is denied even though a pattern covers its id");
});

test("ID tokens follow the room's accesses exactly as Liveblocks' own code merges them", async () => {
  const rooms = [
    { defaultAccesses: ["*:write", "storage:read"] },
    { defaultAccesses: [], usersAccesses: { dan: ["*:read", "comments:write"] } },
    { defaultAccesses: ["*:read", "comments:public:none"], groupsAccesses: { g1: ["*:write"], g2: ["*:read", "feeds:none"] } },
    { defaultAccesses: ["*:write"], groupsAccesses: { g1: ["*:read", "storage:write"] }, usersAccesses: { dan: ["*:read"] } },
    { defaultAccesses: ["*:read", "storage:write"], usersAccesses: { dan: ["room:read", "comments:none"] } },
    { defaultAccesses: ["room:write"], groupsAccesses: { g2: ["*:read", "comments:private:write"] } },
  ];
  for (const [i, accesses] of rooms.entries()) {
    const roomId = `${run}:merge-${i}`;
    await liveblocks.createRoom(roomId, accesses);
    for (const groupIds of [[], ["g1"], ["g2"], ["g1", "g2"]]) {
      const token = JSON.parse((await liveblocks.identifyUser({ userId: "dan", groupIds })).body).token;
      const result = await connect(token, roomId);
      const scopes = mergeRoomPermissionScopes({
        defaultAccesses: accesses.defaultAccesses,
        groupsAccesses: groupIds.filter((g) => accesses.groupsAccesses?.[g]).map((g) => accesses.groupsAccesses[g]),
        userAccesses: accesses.usersAccesses?.dan ?? [],
      });
      const { personal, ...expected } = permissionMatrixFromScopes(scopes);
      if (expected.room === "none") {
        assert.equal(result.status, 403, `room ${i} groups ${groupIds}`);
      } else {
        assert.equal(result.status, 200, `room ${i} groups ${groupIds}: ${JSON.stringify(result.body)}`);
        assert.deepEqual(result.body.permissions, expected, `room ${i} groups ${groupIds}`);
      }
    }
  }
});

test("bad tokens are 401 INVALID_TOKEN, private rooms 403", async () => {
  const roomId = `${run}:private`;
  await liveblocks.createRoom(roomId, { defaultAccesses: [] });
  const token = JSON.parse((await liveblocks.identifyUser("eve")).body).token;
  const denied = await connect(token, roomId);
  assert.equal(denied.status, 403);
  assert.match(denied.body.message, /NO_ROOM_ACCESS/);
  const [h, p, s] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ ...claims(token), uid: "admin" })).toString("base64url");
  for (const bad of [`${h}.${forged}.${s}`, "garbage", token.slice(0, -10), ""]) {
    const res = await connect(bad, roomId);
    assert.equal(res.status, 401, bad.slice(0, 20));
    assert.equal(res.body.error, "INVALID_TOKEN");
  }
});

test("invalid token requests are 422 naming the field", async () => {
  const tooBig = await liveblocks.identifyUser("u", { userInfo: { bio: "x".repeat(1100) } });
  assert.equal(tooBig.status, 422);
  assert.match(JSON.parse(tooBig.body).message, /userInfo/);
  const perms = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`r${i}`, ["*:read"]]));
  const eleven = await post("/v2/authorize-user", { userId: "u", permissions: perms });
  assert.equal(eleven.status, 422);
  assert.match(eleven.body.message, /permissions names 11 room patterns; the limit is 10/);
  const badPattern = await post("/v2/authorize-user", { userId: "u", permissions: { "a*b": ["*:read"] } });
  assert.equal(badPattern.status, 422);
  assert.match(badPattern.body.message, /Invalid room pattern "a\*b"/);
  const twoBases = await post("/v2/authorize-user", { userId: "u", permissions: { r: ["*:read", "*:write"] } });
  assert.equal(twoBases.status, 422);
  assert.match(twoBases.body.message, /exactly one base permission/);
  const noUser = await post("/v2/identify-user", { groupIds: [] });
  assert.equal(noUser.status, 422);
  assert.match(noUser.body.message, /userId/);
});

test("the JWKS is public and holds the key tokens are signed with", async () => {
  const token = JSON.parse((await liveblocks.identifyUser("jwks-user")).body).token;
  const res = await fetch(new URL("/.well-known/jwks.json", baseUrl));
  assert.equal(res.status, 200);
  const { keys } = await res.json();
  const key = keys.find((k) => k.kid === header(token).kid);
  assert.ok(key, "the signing kid is published");
  assert.equal(key.alg, header(token).alg);
  assert.equal(key.d, undefined, "no private parameter");
});

test("authorize-connections answers each room as authorize-connection does, in the order asked", async () => {
  const ids = [];
  for (let i = 0; i < 8; i++) {
    const roomId = `${run}:bulk-${i}`;
    const accesses = [
      { defaultAccesses: ["*:write"] },
      { defaultAccesses: [] },
      { defaultAccesses: [], usersAccesses: { fay: ["*:read"] } },
      { defaultAccesses: ["*:read"], groupsAccesses: { g1: ["*:write"] } },
    ][i % 4];
    if (i !== 5) await liveblocks.createRoom(roomId, accesses);
    ids.push(roomId);
  }
  ids.push(ids[0]);
  for (const token of [
    JSON.parse((await liveblocks.identifyUser({ userId: "fay", groupIds: ["g1"] })).body).token,
    JSON.parse((await liveblocks.identifyUser("fay")).body).token,
    await (async () => { const s = liveblocks.prepareSession("fay"); s.allow(`${run}:bulk-1*`, s.READ_ACCESS); return JSON.parse((await s.authorize()).body).token; })(),
  ]) {
    const bulk = await post("/v2/authorize-connections", { token, roomIds: ids });
    assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
    assert.deepEqual(bulk.body.data.map((r) => r.roomId), ids);
    for (const [i, roomId] of ids.entries()) {
      const single = await connect(token, roomId);
      const answer = bulk.body.data[i];
      assert.equal(answer.allowed, single.status === 200, `${roomId}: ${JSON.stringify(answer)} vs ${single.status}`);
      if (single.status === 200) assert.deepEqual(answer.permissions, single.body.permissions, roomId);
      else assert.equal(answer.error.error, single.body.error, roomId);
    }
  }
  const tooMany = await post("/v2/authorize-connections", { token: "x", roomIds: Array.from({ length: 101 }, (_, i) => `r${i}`) });
  assert.equal(tooMany.status, 422);
  assert.equal((await post("/v2/authorize-connections", { token: "not-a-token", roomIds: ids })).status, 401);
  assert.equal((await post("/v2/authorize-connections", { token: "x" })).status, 422);
});
