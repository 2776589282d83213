// A server that does no work: it answers the load test's routes with fixed, valid JSON at once.
// Driven by the same SDK at the same concurrency, it shows, for scale, what the load generator
// reaches on this machine against a Node.js server that does no work.
import { createServer } from "node:http";

const room = (id) => ({
  type: "room", id, createdAt: "2026-01-01T00:00:00.000Z", lastConnectionAt: null,
  organizationId: "bench-org", defaultAccesses: [], groupsAccesses: {}, usersAccesses: {}, metadata: {},
});
const token = { token: "e30.e30.stub" };

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const url = new URL(req.url, "http://stub");
    let answer;
    if (req.method === "POST" && (url.pathname === "/v2/identify-user" || url.pathname === "/v2/authorize-user")) {
      answer = token;
    } else if (req.method === "POST" && url.pathname === "/v2/authorize-connection") {
      const n = Number(JSON.parse(body).roomId.split("-").pop());
      answer = { permissions: { room: n % 2 === 0 ? "write" : "read" } };
    } else if (req.method === "POST" && url.pathname === "/v2/rooms") {
      answer = room(JSON.parse(body).id);
    } else if (req.method === "GET" && url.pathname === "/v2/rooms") {
      answer = { nextCursor: null, data: Array.from({ length: 20 }, (_, i) => room(`stub-${i}`)) };
    } else if (url.pathname.startsWith("/v2/rooms/")) {
      answer = room(decodeURIComponent(url.pathname.slice("/v2/rooms/".length)));
    } else {
      res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"ROUTE_NOT_FOUND"}');
      return;
    }
    const bytes = JSON.stringify(answer);
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(bytes) }).end(bytes);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`Stub listening on http://127.0.0.1:${server.address().port}`));
