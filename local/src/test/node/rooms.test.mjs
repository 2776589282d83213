// Room CRUD through the official @liveblocks/node SDK, pointed at Gatehouse with baseUrl.
// Run by LiveblocksSdkIT with GATEHOUSE_URL and GATEHOUSE_SECRET set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Liveblocks, LiveblocksError } from "@liveblocks/node";

const baseUrl = process.env.GATEHOUSE_URL;
const secret = process.env.GATEHOUSE_SECRET;
const liveblocks = new Liveblocks({ secret, baseUrl });
const run = `sdk-${Date.now()}`;
const id = (name) => `${run}:${name}`;

async function rejects(promise, status, messagePart) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof LiveblocksError, `expected a LiveblocksError, got ${err}`);
    assert.equal(err.status, status);
    if (messagePart) assert.match(err.message, new RegExp(messagePart));
    return true;
  });
}

test("createRoom returns the room as Liveblocks does", async () => {
  const room = await liveblocks.createRoom(id("create"), {
    defaultAccesses: ["*:read"],
    groupsAccesses: { engineering: ["*:write"] },
    usersAccesses: { "olivier@example.com": ["room:write", "storage:read"] },
    metadata: { color: "blue", tags: ["a", "b"] },
    organizationId: `${run}-acme`,
  });
  assert.equal(room.type, "room");
  assert.equal(room.id, id("create"));
  assert.equal(room.organizationId, `${run}-acme`);
  assert.ok(room.createdAt instanceof Date && !isNaN(room.createdAt.getTime()));
  assert.deepEqual(room.defaultAccesses, ["*:read"]);
  assert.deepEqual(room.groupsAccesses, { engineering: ["*:write"] });
  assert.deepEqual(room.usersAccesses, { "olivier@example.com": ["room:write", "storage:read"] });
  assert.deepEqual(room.metadata, { color: "blue", tags: ["a", "b"] });
});

test("a room without an organization belongs to 'default'; tenantId maps to organizationId", async () => {
  const plain = await liveblocks.createRoom(id("plain"), { defaultAccesses: [] });
  assert.equal(plain.organizationId, "default");
  const viaTenant = await liveblocks.createRoom(id("tenant"), { defaultAccesses: [], tenantId: `${run}-t` });
  assert.equal(viaTenant.organizationId, `${run}-t`);
});

test("creating an existing id is a 409; getOrCreateRoom returns the existing room", async () => {
  await liveblocks.createRoom(id("dup"), { defaultAccesses: ["*:write"], metadata: { v: "1" } });
  await rejects(liveblocks.createRoom(id("dup"), { defaultAccesses: [] }), 409, "already exists");
  const existing = await liveblocks.getOrCreateRoom(id("dup"), { defaultAccesses: [], metadata: { v: "2" } });
  assert.deepEqual(existing.metadata, { v: "1" });
  assert.deepEqual(existing.defaultAccesses, ["*:write"]);
  const fresh = await liveblocks.getOrCreateRoom(id("fresh"), { defaultAccesses: ["*:read"] });
  assert.deepEqual(fresh.defaultAccesses, ["*:read"]);
});

test("getRoom finds a room and 404s a missing one", async () => {
  await liveblocks.createRoom(id("get"), { defaultAccesses: [] });
  const room = await liveblocks.getRoom(id("get"));
  assert.equal(room.id, id("get"));
  await rejects(liveblocks.getRoom(id("missing")), 404, "not found");
});

test("updateRoom merges, and null removes entries and metadata keys", async () => {
  await liveblocks.createRoom(id("update"), {
    defaultAccesses: ["*:write"],
    usersAccesses: { alice: ["*:write"] },
    groupsAccesses: { engineering: ["*:read"] },
    metadata: { color: "blue", size: "L" },
  });
  const room = await liveblocks.updateRoom(id("update"), {
    defaultAccesses: [],
    usersAccesses: { alice: null, bob: ["*:read"] },
    groupsAccesses: { engineering: null },
    metadata: { color: null, owner: "me" },
  });
  assert.deepEqual(room.defaultAccesses, []);
  assert.deepEqual(room.usersAccesses, { bob: ["*:read"] });
  assert.deepEqual(room.groupsAccesses, {});
  assert.deepEqual(room.metadata, { size: "L", owner: "me" });
  await rejects(liveblocks.updateRoom(id("nope"), { metadata: { a: "b" } }), 404);
});

test("upsertRoom creates a missing room, then updates it", async () => {
  const created = await liveblocks.upsertRoom(id("upsert"), {
    update: { usersAccesses: { alice: ["*:write"] } },
    create: { defaultAccesses: ["*:read"], metadata: { made: "by-upsert" } },
  });
  assert.deepEqual(created.defaultAccesses, ["*:read"]);
  assert.deepEqual(created.usersAccesses, { alice: ["*:write"] });
  assert.deepEqual(created.metadata, { made: "by-upsert" });
  const updated = await liveblocks.upsertRoom(id("upsert"), {
    update: { metadata: { made: "again" } },
    create: { defaultAccesses: [] },
  });
  assert.deepEqual(updated.defaultAccesses, ["*:read"], "create values are ignored for an existing room");
  assert.deepEqual(updated.metadata, { made: "again" });
});

test("getRooms pages newest first with nextCursor, and filters", async () => {
  const org = `${run}-paged`;
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await liveblocks.createRoom(id(`page-${i}`), {
      defaultAccesses: [],
      organizationId: org,
      metadata: { parity: i % 2 === 0 ? "even" : "odd" },
      usersAccesses: i === 3 ? { carol: ["*:read"] } : undefined,
      groupsAccesses: i === 1 ? { design: ["*:read"] } : undefined,
    })).id);
    await new Promise((r) => setTimeout(r, 3));
  }
  const first = await liveblocks.getRooms({ organizationId: org, limit: 2 });
  assert.equal(first.data.length, 2);
  assert.deepEqual(first.data.map((r) => r.id), [ids[4], ids[3]]);
  assert.equal(typeof first.nextCursor, "string");
  const second = await liveblocks.getRooms({ organizationId: org, limit: 2, startingAfter: first.nextCursor });
  assert.deepEqual(second.data.map((r) => r.id), [ids[2], ids[1]]);
  const last = await liveblocks.getRooms({ organizationId: org, limit: 2, startingAfter: second.nextCursor });
  assert.deepEqual(last.data.map((r) => r.id), [ids[0]]);
  assert.equal(last.nextCursor, null);

  const all = [];
  for await (const room of liveblocks.iterRooms({ organizationId: org }, { pageSize: 20 })) all.push(room.id);
  assert.deepEqual(all, [...ids].reverse());

  const byTenantId = await liveblocks.getRooms({ tenantId: org });
  assert.equal(byTenantId.data.length, 5);

  const members = await liveblocks.getRooms({ userId: "carol", groupIds: ["design"], organizationId: org });
  assert.deepEqual(members.data.map((r) => r.id), [ids[3], ids[1]]);

  const even = await liveblocks.getRooms({ organizationId: org, query: `metadata['parity']:'even'` });
  assert.deepEqual(even.data.map((r) => r.id), [ids[4], ids[2], ids[0]]);
  const objectQuery = await liveblocks.getRooms({
    query: { roomId: { startsWith: id("page-") }, metadata: { parity: "odd" } },
  });
  assert.deepEqual(objectQuery.data.map((r) => r.id), [ids[3], ids[1]]);
  const doubleQuoted = await liveblocks.getRooms({ query: `roomId^"${id("page-4")}" AND metadata["parity"]:"even"` });
  assert.deepEqual(doubleQuoted.data.map((r) => r.id), [ids[4]]);
  await rejects(liveblocks.getRooms({ query: "roomId>3" }), 422, "Invalid query");
});

test("deleteRoom removes a room and does not fail for a missing one", async () => {
  await liveblocks.createRoom(id("delete"), { defaultAccesses: [] });
  await liveblocks.deleteRoom(id("delete"));
  await rejects(liveblocks.getRoom(id("delete")), 404);
  await liveblocks.deleteRoom(id("delete"));
});

test("invalid input comes back as a LiveblocksError with the message, and writes nothing", async () => {
  await rejects(
    liveblocks.createRoom(id("bad"), { defaultAccesses: ["*:write"], groupsAccesses: { ["x".repeat(41)]: ["*:read"] } }),
    422,
    "limit for a key is 40",
  );
  await rejects(
    liveblocks.createRoom(id("bad"), { defaultAccesses: ["*:write"], usersAccesses: { ["x".repeat(129)]: ["*:read"] } }),
    422,
    "limit for a key is 128",
  );
  await rejects(liveblocks.getRoom(id("bad")), 404);
  const tooMuch = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
  await rejects(liveblocks.createRoom(id("bad2"), { defaultAccesses: [], metadata: tooMuch }), 422, "the limit is 50");
});

test("a wrong secret key is refused with 403", async () => {
  const wrong = new Liveblocks({ secret: "sk_this_is_not_the_right_key_at_all", baseUrl });
  await rejects(wrong.getRooms(), 403, "Invalid secret key");
});

test("prewarmRoom and getActiveUsers say they belong to a realtime server, not a fake success", async () => {
  for (const call of [() => liveblocks.prewarmRoom("any-room"), () => liveblocks.getActiveUsers("any-room")]) {
    let error;
    try {
      await call();
    } catch (e) {
      error = e;
    }
    assert.ok(error, "the call fails");
    assert.equal(error.status, 404);
    assert.match(error.message, /realtime server/);
  }
});

test("updateRoomId moves a room whole: the old id is gone, a taken id is 409, bad input writes nothing", async () => {
  const org = `${run}-renames`;
  const oldId = id("before-rename");
  const newId = id("after-rename");
  const created = await liveblocks.createRoom(oldId, {
    defaultAccesses: ["room:read"],
    groupsAccesses: { designers: ["room:write"] },
    usersAccesses: { "rita@example.com": ["room:write"] },
    metadata: { color: "green" },
    organizationId: org,
  });
  const token = JSON.parse((await liveblocks.identifyUser({ userId: "rita@example.com", organizationId: org })).body).token;

  const renamed = await liveblocks.updateRoomId({ currentRoomId: oldId, newRoomId: newId });
  assert.equal(renamed.type, "room");
  assert.equal(renamed.id, newId);
  assert.equal(renamed.organizationId, org);
  assert.equal(renamed.createdAt.getTime(), created.createdAt.getTime(), "the creation time is kept");
  assert.deepEqual(renamed.defaultAccesses, created.defaultAccesses);
  assert.deepEqual(renamed.groupsAccesses, created.groupsAccesses);
  assert.deepEqual(renamed.usersAccesses, created.usersAccesses);
  assert.deepEqual(renamed.metadata, { color: "green" });

  await rejects(liveblocks.getRoom(oldId), 404);
  assert.equal((await liveblocks.getRoom(newId)).id, newId);
  const listed = await liveblocks.getRooms({ userId: "rita@example.com", organizationId: org });
  assert.deepEqual(listed.data.map((r) => r.id), [newId], "the access index moved with the room");
  const byGroup = await liveblocks.getRooms({ groupIds: ["designers"], organizationId: org });
  assert.deepEqual(byGroup.data.map((r) => r.id), [newId]);

  const connect = async (roomId) => (await fetch(`${baseUrl}/v2/authorize-connection`, {
    method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ token, roomId }) })).status;
  assert.equal(await connect(newId), 200, "the same token enters the room under its new id");
  assert.equal(await connect(oldId), 403, "and nothing under the old one");

  // A taken id (in any organization) is 409; a missing room 404; bad ids 422; nothing written.
  await liveblocks.createRoom(id("taken"), { defaultAccesses: [], organizationId: `${run}-elsewhere` });
  await rejects(liveblocks.updateRoomId({ currentRoomId: newId, newRoomId: id("taken") }), 409);
  await rejects(liveblocks.updateRoomId({ currentRoomId: id("no-such-room"), newRoomId: id("whatever") }), 404);
  await rejects(liveblocks.updateRoomId({ currentRoomId: newId, newRoomId: "x".repeat(129) }), 422);
  await rejects(liveblocks.updateRoomId({ currentRoomId: newId, newRoomId: newId }), 422);
  const missing = await fetch(`${baseUrl}/v2/rooms/${encodeURIComponent(newId)}/update-room-id`, {
    method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: "{}" });
  assert.equal(missing.status, 422);
  assert.equal((await missing.json()).error, "MISSING_FIELD");
  const kept = await liveblocks.getRoom(newId);
  assert.deepEqual(kept.usersAccesses, created.usersAccesses);
  await rejects(liveblocks.getRoom(id("whatever")), 404);

  // The rename is a change of its own in the feed.
  const feed = await (await fetch(`${baseUrl}/v2/changes?organizationId=${encodeURIComponent(org)}`, {
    headers: { authorization: `Bearer ${secret}` } })).json();
  const rename = feed.data.find((c) => c.type === "roomIdUpdated");
  assert.ok(rename, JSON.stringify(feed.data.map((c) => c.type)));
  assert.equal(rename.data.roomId, newId);
  assert.equal(rename.data.previousRoomId, oldId);
});
