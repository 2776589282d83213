// Signed webhooks, verified by the official @liveblocks/node WebhookHandler, delivered by the
// local server to a receiver on loopback. Run by LiveblocksSdkIT with GATEHOUSE_URL and
// GATEHOUSE_SECRET set.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import crypto from "node:crypto";
import { Liveblocks, WebhookHandler } from "@liveblocks/node";

const baseUrl = process.env.GATEHOUSE_URL;
const secret = process.env.GATEHOUSE_SECRET;
const liveblocks = new Liveblocks({ secret, baseUrl });
const run = `hook-${Date.now()}`;

async function api(method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** A receiver on a free loopback port: every request kept; `fail(n)` answers 500 to the next n. */
async function receiver() {
  const requests = [];
  let failing = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ headers: req.headers, rawBody: body, status: failing > 0 ? 500 : 200 });
      res.statusCode = failing > 0 ? 500 : 200;
      if (failing > 0) failing--;
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    requests,
    fail: (n) => (failing = n),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function until(what, condition, seconds = 20) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out after ${seconds}s waiting for ${what}`);
}

const receivers = [];
after(async () => {
  for (const r of receivers) await r.close();
});

test("a loopback receiver gets signed roomCreated, roomAccessesChanged and roomDeleted that WebhookHandler accepts", async () => {
  const rx = await receiver();
  receivers.push(rx);
  const registered = await api("POST", "/v2/webhooks", { url: rx.url, events: ["roomCreated", "roomAccessesChanged", "roomDeleted"] });
  assert.equal(registered.status, 200, JSON.stringify(registered.json));
  assert.match(registered.json.id, /^wh_[0-9a-f]{24}$/);
  assert.equal(registered.json.url, rx.url);
  assert.deepEqual(registered.json.events, ["roomCreated", "roomAccessesChanged", "roomDeleted"]);
  assert.match(registered.json.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  const handler = new WebhookHandler(registered.json.secret);

  const roomId = `${run}:room`;
  const room = await liveblocks.createRoom(roomId, { defaultAccesses: [], organizationId: `${run}-acme` });
  await liveblocks.updateRoom(roomId, { usersAccesses: { ada: ["room:write"] } });
  await liveblocks.updateRoom(roomId, { metadata: { color: "blue" } }); // audit only: not delivered
  await liveblocks.deleteRoom(roomId);
  await until("three deliveries", () => rx.requests.length >= 3);
  await new Promise((r) => setTimeout(r, 1500)); // nothing more arrives
  assert.equal(rx.requests.length, 3, JSON.stringify(rx.requests.map((r) => r.rawBody)));

  const [created, changed, deleted] = rx.requests;
  const createdEvent = handler.verifyRequest({ headers: created.headers, rawBody: created.rawBody });
  assert.deepEqual(Object.keys(createdEvent), ["type", "data"]);
  assert.equal(createdEvent.type, "roomCreated");
  assert.deepEqual(Object.keys(createdEvent.data).sort(), ["createdAt", "projectId", "roomId"]);
  assert.equal(createdEvent.data.roomId, roomId);
  assert.equal(createdEvent.data.createdAt, room.createdAt.toISOString());
  assert.equal(typeof createdEvent.data.projectId, "string");

  const deletedEvent = handler.verifyRequest({ headers: deleted.headers, rawBody: deleted.rawBody });
  assert.equal(deletedEvent.type, "roomDeleted");
  assert.deepEqual(Object.keys(deletedEvent.data).sort(), ["deletedAt", "projectId", "roomId"]);
  assert.equal(deletedEvent.data.roomId, roomId);
  assert.ok(!isNaN(Date.parse(deletedEvent.data.deletedAt)));

  // A type the SDK does not know: its signature is checked first, so only the type is refused.
  assert.throws(() => handler.verifyRequest({ headers: changed.headers, rawBody: changed.rawBody }), /Unknown event type/);
  const expected = crypto.createHmac("sha256", Buffer.from(registered.json.secret.slice("whsec_".length), "base64"))
    .update(`${changed.headers["webhook-id"]}.${changed.headers["webhook-timestamp"]}.${changed.rawBody}`).digest("base64");
  assert.equal(changed.headers["webhook-signature"], `v1,${expected}`);
  const changedEvent = JSON.parse(changed.rawBody);
  assert.equal(changedEvent.type, "roomAccessesChanged");
  assert.deepEqual(changedEvent.data.before.usersAccesses, {});
  assert.deepEqual(changedEvent.data.after.usersAccesses, { ada: ["room:write"] });

  // A tampered body, or another secret, is refused.
  assert.throws(() => handler.verifyRequest({ headers: created.headers, rawBody: created.rawBody.replace(roomId, `${roomId}x`) }),
    /Invalid signature/);
  assert.throws(() => new WebhookHandler(`whsec_${Buffer.alloc(32, 1).toString("base64")}`)
    .verifyRequest({ headers: created.headers, rawBody: created.rawBody }), /Invalid signature/);

  // The feed shows the same changes, in the same order, under the same ids.
  const feed = await api("GET", `/v2/changes?organizationId=${run}-acme`);
  assert.equal(feed.status, 200);
  const delivered = feed.json.data.filter((c) => c.data.roomId === roomId).map((c) => c.id);
  assert.deepEqual(delivered, rx.requests.map((r) => r.headers["webhook-id"]));
  const audit = await api("GET", `/v2/audit?organizationId=${run}-acme&roomId=${encodeURIComponent(roomId)}`);
  assert.deepEqual(audit.json.data.map((e) => e.type), ["roomDeleted", "roomMetadataUpdated", "roomAccessesChanged", "roomCreated"]);

  assert.equal((await api("DELETE", `/v2/webhooks/${registered.json.id}`)).status, 204);
});

test("a failed delivery is retried with the same webhook-id, and the webhook shows where it stands", async () => {
  const rx = await receiver();
  receivers.push(rx);
  const registered = await api("POST", "/v2/webhooks", { url: rx.url, events: ["roomCreated"] });
  assert.equal(registered.status, 200);
  const handler = new WebhookHandler(registered.json.secret);
  rx.fail(1);
  await liveblocks.createRoom(`${run}:retried`, { defaultAccesses: [] });
  await until("the first attempt", () => rx.requests.length >= 1);
  const listed = await api("GET", "/v2/webhooks");
  const mine = listed.json.data.find((w) => w.id === registered.json.id);
  assert.equal(mine.secret, undefined, "the secret is shown only at registration");
  assert.equal(mine.delivery.status, "retrying");
  assert.equal(mine.delivery.lastError, "HTTP 500");
  assert.equal(mine.delivery.failedAttempts, 1);
  await until("the retry (5 s later)", () => rx.requests.length >= 2, 20);
  const [first, retry] = rx.requests;
  assert.equal(first.status, 500);
  assert.equal(retry.headers["webhook-id"], first.headers["webhook-id"]);
  assert.equal(handler.verifyRequest({ headers: retry.headers, rawBody: retry.rawBody }).data.roomId, `${run}:retried`);
  // The dispatcher records the delivery once the receiver answered: wait for that.
  let after;
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    after = (await api("GET", "/v2/webhooks")).json.data.find((w) => w.id === registered.json.id);
    if (after.delivery.status === "active") break;
  }
  assert.equal(after.delivery.status, "active");
  assert.ok(after.delivery.lastDeliveredAt);
  assert.equal((await api("DELETE", `/v2/webhooks/${registered.json.id}`)).status, 204);
});

test("a removed webhook gets nothing more; bad registrations are 4xx and register nothing", async () => {
  const rx = await receiver();
  receivers.push(rx);
  const registered = await api("POST", "/v2/webhooks", { url: rx.url });
  assert.equal(registered.status, 200);
  assert.ok(registered.json.events.includes("roomCreated") && registered.json.events.includes("userDeactivated"));
  assert.equal((await api("DELETE", `/v2/webhooks/${registered.json.id}`)).status, 204);
  const again = await api("DELETE", `/v2/webhooks/${registered.json.id}`);
  assert.equal(again.status, 404);
  assert.equal(again.json.error, "WEBHOOK_NOT_FOUND");
  await liveblocks.createRoom(`${run}:after-removal`, { defaultAccesses: [] });
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(rx.requests.length, 0);

  const before = (await api("GET", "/v2/webhooks")).json.data.length;
  for (const [body, status, code] of [
    [{}, 422, "MISSING_FIELD"],
    [{ url: "not a url" }, 422, "INVALID_WEBHOOK_URL"],
    [{ url: "ftp://example.com/x" }, 422, "INVALID_WEBHOOK_URL"],
    [{ url: "https://user:pw@example.com/x" }, 422, "INVALID_WEBHOOK_URL"],
    [{ url: rx.url, events: [] }, 422, "INVALID_WEBHOOK_EVENTS"],
    [{ url: rx.url, events: ["roomCreated", "storageUpdated"] }, 422, "INVALID_WEBHOOK_EVENTS"],
    [{ url: rx.url, events: "roomCreated" }, 400, "INVALID_BODY"],
    [{ url: rx.url, extra: 1 }, 400, "INVALID_BODY"],
  ]) {
    const reply = await api("POST", "/v2/webhooks", body);
    assert.equal(reply.status, status, JSON.stringify([body, reply.json]));
    assert.equal(reply.json.error, code);
    assert.equal(typeof reply.json.message, "string");
    assert.equal(typeof reply.json.suggestion, "string");
  }
  assert.equal((await api("GET", "/v2/webhooks")).json.data.length, before);
  const unauthenticated = await fetch(baseUrl + "/v2/webhooks");
  assert.equal(unauthenticated.status, 401);
});
