#!/usr/bin/env node
// Gatehouse load test: the official @liveblocks/node SDK (3.24.2) against Gatehouse and against
// the official Liveblocks dev server (`liveblocks dev` 1.9.0 on Bun), and a Node.js stub that does
// no work (for scale), one target after the other.
//
// It measures, per target, at a bounded concurrency and a bounded request count (after a warm-up):
//   identifyUser   liveblocks.identifyUser({userId, groupIds, organizationId})
//   prepareSession liveblocks.prepareSession(userId, {userInfo}).allow(room, FULL_ACCESS).authorize()
//   getRoom        liveblocks.getRoom(roomId)
//   getRooms       liveblocks.getRooms({userId, limit: 20})
//   authorizeConn  fetch POST /v2/authorize-connection {token, roomId} (Gatehouse only; n/a on the dev server)
// Latency is timed per request with performance.now(); throughput is requests / wall time of the
// measured phase; server CPU per request is the CPU time (user + system, from /proc) of the
// server's whole process group over the measured phase, divided by its requests, with the part
// its JIT compiler threads spent beside it. The warm-up (at least 10,000 requests per operation,
// about what HotSpot's C2 needs for a route's path) goes on in steps of 2,000 until the JIT threads
// take at most 5% of a step's CPU (at most 40,000, --warmup-max): the same rule for every server. Every
// response is checked; any error makes the run say so loudly and exit 1.
// Seeding (rooms, ID tokens) is not timed. Only loopback addresses are used.
//
// Run:
//   cd bench/load && npm ci && node load.mjs
//   node load.mjs --concurrency 16 --requests 4000 --warmup 10000 --rooms 50 --json results.json
//   node load.mjs --only gatehouse | --only dev
//   node load.mjs --only gatehouse --gatehouse-url http://127.0.0.1:8787 --secret sk_...
//   node load.mjs --only gatehouse --ops getRoom,getRooms --threads   (CPU per thread name, per op)
//
// The script starts `./gatehouse serve --port 0` from the repo root (bench/load/../..) and
// `node_modules/.bin/liveblocks dev --random-port` (Bun from the npm `bun` package on PATH) itself,
// reads their URLs from their stdout and stops them at the end. The load generator runs on the
// same machine as the server under test, so both share its CPUs: the header says how many.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { Liveblocks } from "@liveblocks/node";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, "..", "..");
const BIN = join(HERE, "node_modules", ".bin");

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------
const { values: opt } = parseArgs({
  options: {
    concurrency: { type: "string", default: "16" },
    requests: { type: "string", default: "4000" },
    warmup: { type: "string", default: "10000" }, // at least; see warmUp()
    "warmup-max": { type: "string", default: "40000" },
    rooms: { type: "string", default: "50" },
    only: { type: "string" }, // gatehouse | dev | stub
    ops: { type: "string" }, // comma-separated subset of OPS, in OPS order
    threads: { type: "boolean", default: false }, // per-thread-name CPU of each measured phase
    "sign-ms": { type: "string", default: "1.4" }, // RS256 signing per token, JMH (docs/performance.md §3)
    "gatehouse-url": { type: "string" },
    secret: { type: "string" },
    json: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opt.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 25).join("\n"));
  process.exit(0);
}
const CONCURRENCY = positiveInt("concurrency");
const REQUESTS = positiveInt("requests");
const WARMUP = nonNegativeInt("warmup");
const WARMUP_MAX = Math.max(WARMUP, nonNegativeInt("warmup-max"));
const WARMUP_STEP = 2000;
const JIT_QUIET = 0.05; // the JIT's share of a warm-up step's CPU below which the server counts as warm
const ROOMS = positiveInt("rooms");
if (opt.only && !["gatehouse", "dev", "stub"].includes(opt.only)) die("--only must be 'gatehouse', 'dev' or 'stub'");
if (opt["gatehouse-url"] && !opt.secret) die("--gatehouse-url needs --secret sk_...");
const SIGN_MS = Number(opt["sign-ms"]);
if (!(SIGN_MS >= 0)) die("--sign-ms must be a non-negative number of milliseconds");
const TARGETS = opt.only ? [opt.only] : ["gatehouse", "dev", "stub"];

function positiveInt(name) {
  const n = Number(opt[name]);
  if (!Number.isInteger(n) || n < 1) die(`--${name} must be a positive integer`);
  return n;
}
function nonNegativeInt(name) {
  const n = Number(opt[name]);
  if (!Number.isInteger(n) || n < 0) die(`--${name} must be a non-negative integer`);
  return n;
}
function die(msg) {
  console.error(`load.mjs: ${msg}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping the servers
// ---------------------------------------------------------------------------------------------
const children = new Set();

/** Spawns a server in its own process group; resolves with what `ready` extracts from its stdout. */
function startServer(name, command, args, { cwd, env, ready, timeoutMs = 120_000 }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} not ready after ${timeoutMs} ms:\n${tail(out)}`)), timeoutMs);
    function finish(err, value) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      err ? reject(err) : resolvePromise({ child, ...value });
    }
    const onData = (chunk) => {
      if (done) return; // after readiness the output is drained and dropped
      out += chunk.toString();
      const value = ready(out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")); // strip ANSI colours
      if (value) finish(null, value);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (e) => finish(e));
    child.on("exit", (code, signal) => {
      children.delete(child);
      finish(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready:\n${tail(out)}`));
    });
  });
}

function tail(s) {
  return s.split("\n").slice(-20).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Server CPU time, from /proc: every process of the server's process group (the launcher execs
// the JVM, the dev server runs Bun under a Node.js wrapper), user + system, with the time of
// children they reaped. Clock ticks are 1/CLK_TCK s (100 on Linux).
// ---------------------------------------------------------------------------------------------
const CLK_TCK = (() => {
  try { return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100; } catch { return 100; }
})();
const HAS_PROC = existsSync("/proc/self/stat");

/** CPU seconds used so far by the processes whose process group is `pgid`; null without /proc. */
function groupCpuSeconds(pgid) {
  if (!HAS_PROC || !pgid) return null;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${entry}/stat`, "utf8"); } catch { continue; } // exited meanwhile
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) !== pgid) continue; // f[2] is field 5, pgrp
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
  }
  return ticks / CLK_TCK;
}

/**
 * [user, system] CPU seconds per thread name (digits folded: "C2 CompilerThre#", "GC Thread##") of every process
 * in process group `pgid`: where the server's CPU goes (request threads, JIT, GC, the selector).
 */
function threadCpuSeconds(pgid) {
  const byName = new Map();
  if (!HAS_PROC || !pgid) return byName;
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let tasks;
    try {
      const f = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(f.slice(f.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      tasks = readdirSync(`/proc/${entry}/task`);
    } catch { continue; }
    for (const t of tasks) {
      let stat;
      try { stat = readFileSync(`/proc/${entry}/task/${t}/stat`, "utf8"); } catch { continue; }
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).replace(/[0-9]/g, "#");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const [user, sys] = byName.get(name) ?? [0, 0];
      byName.set(name, [user + Number(f[11]) / CLK_TCK, sys + Number(f[12]) / CLK_TCK]);
    }
  }
  return byName;
}

/** SIGTERM to the child's process group, SIGKILL after 10 s. */
async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
  const t = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 10_000);
  await exited;
  clearTimeout(t);
}

function killAllNow() {
  for (const c of children) { try { process.kill(-c.pid, "SIGKILL"); } catch { /* gone */ } }
}
process.on("exit", killAllNow);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { killAllNow(); process.exit(130); });

async function startGatehouse() {
  if (opt["gatehouse-url"]) {
    return { baseUrl: opt["gatehouse-url"].replace(/\/+$/, ""), secret: opt.secret, child: null, how: "already running" };
  }
  const secret = opt.secret ?? `sk_bench_${randomBytes(16).toString("hex")}`;
  const { child, baseUrl, printedSecret } = await startServer(
    "gatehouse", join(REPO_ROOT, "gatehouse"), ["serve", "--port", "0", "--secret", secret],
    {
      cwd: REPO_ROOT,
      env: process.env,
      ready: (out) => {
        const url = out.match(/Gatehouse listening on (http:\/\/\S+)/);
        const key = out.match(/Secret key: (sk_\S+)/);
        return url && key ? { baseUrl: url[1], printedSecret: key[1] } : null;
      },
    });
  return { baseUrl, secret: printedSecret, child, how: "./gatehouse serve --port 0" };
}

/** Bun from the npm `bun` package: node_modules/.bin/bun, or the platform package if postinstall didn't run. */
function bunDir() {
  const candidates = [BIN];
  const oven = join(HERE, "node_modules", "@oven");
  if (existsSync(oven)) {
    for (const d of readdirSync(oven)) {
      if (d.startsWith(`bun-${process.platform}-`)) candidates.push(join(oven, d, "bin"));
    }
  }
  for (const dir of candidates) {
    try {
      const version = execFileSync(join(dir, "bun"), ["--version"], { encoding: "utf8" }).trim();
      return { dir, version };
    } catch { /* try the next one */ }
  }
  throw new Error("no working Bun in node_modules: run `npm ci` (with install scripts enabled) in bench/load");
}

async function startDevServer() {
  const bun = bunDir();
  const cliVersion = JSON.parse(readFileSync(join(HERE, "node_modules", "liveblocks", "package.json"), "utf8")).version;
  // The CLI (a node script) re-runs itself under `bun` when it finds Bun on the PATH.
  // --random-port binds a free port; --host 127.0.0.1 keeps it on loopback IPv4 like Gatehouse;
  // --no-check skips the project setup check; --no-persist keeps its data in a throwaway directory.
  const { child, baseUrl } = await startServer(
    "liveblocks dev", join(BIN, "liveblocks"),
    ["dev", "--random-port", "--host", "127.0.0.1", "--no-check", "--no-persist"],
    {
      cwd: HERE,
      env: { ...process.env, PATH: `${bun.dir}:${BIN}:${process.env.PATH}` },
      ready: (out) => {
        const m = out.match(/Liveblocks running at (http:\/\/\S+)/);
        return m ? { baseUrl: m[1] } : null;
      },
      timeoutMs: 60_000,
    });
  // Its tokens are unsigned; it accepts exactly one secret key, "sk_localdev" (any other: 403).
  return { baseUrl, secret: "sk_localdev", child, how: `liveblocks dev ${cliVersion} on Bun ${bun.version}` };
}

/** The no-op server (stub-server.mjs): what this client reaches when the server does no work. */
async function startStub() {
  const { child, baseUrl } = await startServer("stub", process.execPath, [join(HERE, "stub-server.mjs")], {
    cwd: HERE,
    env: process.env,
    ready: (out) => {
      const m = out.match(/Stub listening on (http:\/\/\S+)/);
      return m ? { baseUrl: m[1] } : null;
    },
  });
  return { baseUrl, secret: "sk_stub", child, how: "stub-server.mjs (Node.js, fixed answers, no work)" };
}

// ---------------------------------------------------------------------------------------------
// Workload
// ---------------------------------------------------------------------------------------------
const RUN = randomBytes(3).toString("hex"); // keeps ids apart when reusing a running Gatehouse
const ORG = "bench-org";
const GROUP = "bench-group";
const BENCH_USER = `bench-user-${RUN}`;
const roomId = (i) => `bench-${RUN}-room-${i % ROOMS}`;
const otherUser = (i) => `bench-${RUN}-user-${i % 100}`;
const userInRoom = (i) => i % 2 === 0; // the benchmark user is in usersAccesses of even rooms

function check(cond, what) {
  if (!cond) throw new Error(what);
}

/** Creates the rooms and mints the ID tokens the operations use; not timed. */
async function seed(lb, target) {
  for (let i = 0; i < ROOMS; i++) {
    const usersAccesses = { [otherUser(i)]: ["room:read", "room:presence:write"] };
    if (userInRoom(i)) usersAccesses[BENCH_USER] = ["room:write"];
    const room = await lb.createRoom(roomId(i), {
      defaultAccesses: [],
      usersAccesses,
      groupsAccesses: { [GROUP]: ["room:read", "room:presence:write"] },
      organizationId: ORG,
    });
    check(room?.id === roomId(i), `createRoom ${roomId(i)} returned ${JSON.stringify(room)}`);
  }
  const tokens = [];
  for (let i = 0; i < 16; i++) {
    const { status, body } = await lb.identifyUser({ userId: BENCH_USER, groupIds: [GROUP], organizationId: ORG });
    check(status === 200, `identifyUser (seed) status ${status}: ${body}`);
    tokens.push(JSON.parse(body).token);
  }
  const page = await lb.getRooms({ userId: BENCH_USER, limit: PAGE });
  const withUser = page.data.filter((r) => r.usersAccesses?.[BENCH_USER]).length;
  const expected = Array.from({ length: ROOMS }, (_, i) => i).filter(userInRoom).length;
  target.notes.push(
    `getRooms({userId, limit: ${PAGE}}) returns ${page.data.length} rooms, ${withUser} of them with the user in usersAccesses ` +
    `(${expected} such rooms seeded${page.nextCursor ? ", more pages follow" : ""})`);
  return tokens;
}

async function deleteSeeded(lb) {
  for (let i = 0; i < ROOMS; i++) await lb.deleteRoom(roomId(i)).catch(() => {});
}

function operations(lb, { baseUrl, secret }, tokens) {
  return {
    identifyUser: async (i) => {
      const { status, body } = await lb.identifyUser({ userId: otherUser(i), groupIds: [GROUP], organizationId: ORG });
      check(status === 200, `status ${status}: ${body}`);
      check(typeof JSON.parse(body).token === "string", `no token in ${body}`);
    },
    prepareSession: async (i) => {
      const session = lb.prepareSession(otherUser(i), { userInfo: { name: `User ${i % 100}` } });
      session.allow(roomId(i), session.FULL_ACCESS);
      const { status, body, error } = await session.authorize();
      check(status === 200 && !error, `status ${status}: ${error ?? body}`);
      check(typeof JSON.parse(body).token === "string", `no token in ${body}`);
    },
    getRoom: async (i) => {
      const room = await lb.getRoom(roomId(i));
      check(room?.id === roomId(i), `got ${JSON.stringify(room)?.slice(0, 200)}`);
    },
    getRooms: async () => {
      const page = await lb.getRooms({ userId: BENCH_USER, limit: PAGE });
      check(Array.isArray(page?.data) && page.data.length > 0, `empty page ${JSON.stringify(page)?.slice(0, 200)}`);
    },
    authorizeConn: async (i) => {
      const res = await fetch(`${baseUrl}/v2/authorize-connection`, {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
        body: JSON.stringify({ token: tokens[i % tokens.length], roomId: roomId(i) }),
      });
      const text = await res.text();
      check(res.status === 200, `status ${res.status}: ${text.slice(0, 200)}`);
      const expected = userInRoom(i) ? "write" : "read"; // usersAccesses room:write, else the group's room:read
      check(JSON.parse(text).permissions?.room === expected, `expected room ${expected}: ${text.slice(0, 200)}`);
    },
  };
}
// Both servers are asked for the same page size (Liveblocks' default, 20): the dev server's own default is larger.
const PAGE = 20;
const ALL_OPS = ["identifyUser", "prepareSession", "getRoom", "getRooms", "authorizeConn"];
const OPS = opt.ops ? ALL_OPS.filter((o) => opt.ops.split(",").includes(o)) : ALL_OPS;
if (opt.ops && opt.ops.split(",").some((o) => !ALL_OPS.includes(o))) die(`--ops takes some of ${ALL_OPS.join(",")}`);

/** CPU seconds of the JIT compiler threads (HotSpot's "C1/C2 CompilerThread", JavaScriptCore's "JITWorker"). */
function jitSeconds(byName) {
  let total = 0;
  for (const [n, [user, sys]] of byName) if (/Compiler|JIT/.test(n)) total += user + sys;
  return total;
}

/**
 * Warms `op` up: WARMUP requests, then steps of WARMUP_STEP until the server's JIT threads took at
 * most JIT_QUIET of a step's CPU (or WARMUP_MAX requests in all). A JIT finishes compiling a route
 * at a time that depends on what else the machine runs; measuring from then on compares the
 * servers' steady states. Without /proc (no CPU figures) it stops after WARMUP.
 */
async function warmUp(op, pid) {
  let requests = 0;
  let errors = 0;
  const errorSamples = [];
  const step = async (n) => {
    const r = await runPhase(op, n, CONCURRENCY);
    requests += n;
    errors += r.errors;
    errorSamples.push(...r.errorSamples.slice(0, 3 - errorSamples.length));
  };
  if (WARMUP > 0) await step(WARMUP);
  while (pid && HAS_PROC && requests < WARMUP_MAX) {
    const jit0 = jitSeconds(threadCpuSeconds(pid));
    const cpu0 = groupCpuSeconds(pid);
    await step(Math.min(WARMUP_STEP, WARMUP_MAX - requests));
    const cpu = groupCpuSeconds(pid) - cpu0;
    if (cpu <= 0 || (jitSeconds(threadCpuSeconds(pid)) - jit0) / cpu <= JIT_QUIET) break;
  }
  return { requests, errors, errorSamples };
}

/** Runs `count` calls of `op` with at most `concurrency` in flight; per-request latency in ms. */
async function runPhase(op, count, concurrency) {
  const latencies = new Float64Array(count);
  const errorSamples = [];
  let errors = 0;
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
      } catch (e) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(String(e?.message ?? e).slice(0, 300));
      }
      latencies[i] = performance.now() - t0;
    }
  }
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - start;
  return { latencies, errors, errorSamples, wallMs };
}

function summarize({ latencies, errors, errorSamples, wallMs }, warmupErrors) {
  const sorted = Float64Array.from(latencies).sort();
  const pct = (q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  const r = (x) => Math.round(x * 100) / 100;
  return {
    requests: sorted.length,
    errors,
    warmupErrors,
    throughput: r(sorted.length / (wallMs / 1000)),
    p50: r(pct(0.5)),
    p90: r(pct(0.9)),
    p99: r(pct(0.99)),
    max: r(sorted[sorted.length - 1]),
    wallMs: r(wallMs),
    errorSamples,
  };
}

async function benchTarget(name) {
  const started = name === "gatehouse" ? await startGatehouse() : name === "dev" ? await startDevServer() : await startStub();
  const target = { name, baseUrl: started.baseUrl, how: started.how, notes: [], results: {} };
  console.error(`[${name}] ${started.how} at ${started.baseUrl}`);
  try {
    // Same client settings for both targets: the SDK's defaults, Node's global fetch (undici, keep-alive).
    const lb = new Liveblocks({ secret: started.secret, baseUrl: started.baseUrl });
    const tokens = await seed(lb, target);
    const ops = operations(lb, started, tokens);
    for (const name_ of OPS) {
      if (name_ === "authorizeConn" && name === "dev") {
        // Gatehouse-only route: probe once so the report shows what the dev server answers.
        const res = await fetch(`${started.baseUrl}/v2/authorize-connection`, { method: "POST",
          headers: { Authorization: `Bearer ${started.secret}`, "Content-Type": "application/json" },
          body: JSON.stringify({ token: tokens[0], roomId: roomId(0) }) });
        await res.arrayBuffer();
        target.results[name_] = null;
        target.notes.push(`authorizeConn: n/a (the dev server has no such route; it answers ${res.status})`);
        continue;
      }
      const warm = await warmUp(ops[name_], started.child?.pid);
      const threadsBefore = threadCpuSeconds(started.child?.pid);
      const cpuBefore = groupCpuSeconds(started.child?.pid);
      const measured = await runPhase(ops[name_], REQUESTS, CONCURRENCY);
      const cpuAfter = groupCpuSeconds(started.child?.pid);
      const threadsAfter = threadCpuSeconds(started.child?.pid);
      const perRequest = (sec) => (sec * 1000) / REQUESTS;
      const rows = [...threadsAfter].map(([n, [user, sys]]) => {
        const [user0, sys0] = threadsBefore.get(n) ?? [0, 0];
        return [n, perRequest(user - user0), perRequest(sys - sys0)];
      }).filter(([, u, s_]) => u + s_ > 0).sort((a, b) => b[1] + b[2] - a[1] - a[2]);
      if (opt.threads) {
        console.error(`[${name}] ${name_} CPU ms/req by thread (user+system): `
          + rows.map(([n, u, s_]) => `${n} ${u.toFixed(3)}+${s_.toFixed(3)}`).join(", "));
      }
      const s = summarize(measured, warm.errors);
      s.cpuMsPerRequest = cpuBefore === null || cpuAfter === null ? null
        : Math.round(((cpuAfter - cpuBefore) * 1000 / REQUESTS) * 1000) / 1000;
      // Of that, the JIT compilers' threads (HotSpot's "C1/C2 CompilerThread", JavaScriptCore's "JITWorker").
      s.jitCpuMsPerRequest = s.cpuMsPerRequest === null ? null
        : Math.round(rows.filter(([n]) => /Compiler|JIT/.test(n)).reduce((t, [, u, s_]) => t + u + s_, 0) * 1000) / 1000;
      s.warmupRequests = warm.requests;
      if (warm.errors) s.errorSamples.push(...warm.errorSamples.map((e) => `(warm-up) ${e}`));
      target.results[name_] = s;
      console.error(`[${name}] ${name_}: after ${s.warmupRequests} warm-up, ${s.throughput} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, `
        + `server CPU ${s.cpuMsPerRequest ?? "n/a"} ms/req, ${s.errors + s.warmupErrors} errors`);
    }
    await deleteSeeded(lb);
  } finally {
    await stopServer(started.child);
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
function cpuModel() {
  return cpus()[0]?.model?.trim() ?? "unknown";
}

function report(meta, targets) {
  const lines = [];
  const fmt = (x) => (x === undefined || x === null ? "n/a" : String(x));
  lines.push("# Gatehouse load test: @liveblocks/node against Gatehouse and the Liveblocks dev server", "");
  lines.push(`- Date: ${meta.date}`);
  lines.push(`- Node ${meta.node}, @liveblocks/node ${meta.sdk}; ${meta.cpus} CPUs (${meta.cpuModel}); load average at start ${meta.loadavg}`);
  lines.push(`- Concurrency ${meta.concurrency}; ${meta.requests} measured requests per operation after a warm-up of at least ${meta.warmup} `
    + `requests, continued in steps of ${WARMUP_STEP} until the JIT threads took at most ${JIT_QUIET * 100}% of a step's CPU (at most ${meta.warmupMax}); ${meta.rooms} seeded rooms`);
  lines.push("- The load generator runs on the same machine as the server under test and shares its CPUs; targets run one after the other on loopback.");
  for (const t of targets) lines.push(`- ${t.name}: ${t.how} at ${t.baseUrl}`);
  lines.push("");
  lines.push("| Operation | Target | Warm-up | Requests | Errors | Throughput (req/s) | Server CPU (ms/req) | of which JIT | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |");
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const op of OPS) {
    for (const t of targets) {
      const s = t.results[op];
      if (!s) { lines.push(`| ${op} | ${t.name} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |`); continue; }
      const errs = s.errors + (s.warmupErrors ? ` (+${s.warmupErrors} in warm-up)` : "");
      lines.push(`| ${op} | ${t.name} | ${s.warmupRequests} | ${s.requests} | ${errs} | ${s.throughput} | ${fmt(s.cpuMsPerRequest)} | ${fmt(s.jitCpuMsPerRequest)} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} |`);
    }
  }
  const gh = targets.find((t) => t.name === "gatehouse");
  const dev = targets.find((t) => t.name === "dev");
  const comparison = {};
  if (gh && dev) {
    lines.push("", "Targets (issue 14): server CPU per request ≤ the dev server's on getRoom and getRooms, and ≤ the dev "
      + `server's plus the signature (${SIGN_MS} ms, \`--sign-ms\`; the dev server signs nothing) on identifyUser and `
      + "prepareSession; throughput ≥ the dev server's on getRoom and getRooms.", "");
    lines.push("| Operation | Gatehouse CPU (ms/req) | Dev CPU (ms/req) | CPU bound (ms/req) | CPU target | Throughput ratio (Gatehouse / dev) | Throughput target |");
    lines.push("| --- | ---: | ---: | ---: | :---: | ---: | :---: |");
    for (const op of OPS) {
      const g = gh.results[op];
      const d = dev.results[op];
      if (!g || !d) {
        lines.push(`| ${op} | ${fmt(g?.cpuMsPerRequest)} | n/a | n/a | n/a | n/a | n/a |`);
        comparison[op] = null;
        continue;
      }
      const signs = op === "identifyUser" || op === "prepareSession";
      const ratio = Math.round((g.throughput / d.throughput) * 100) / 100;
      const bound = g.cpuMsPerRequest === null || d.cpuMsPerRequest === null ? null
        : Math.round((d.cpuMsPerRequest + (signs ? SIGN_MS : 0)) * 1000) / 1000;
      const cpuMet = bound === null ? null : g.cpuMsPerRequest <= bound;
      const throughputMet = signs ? null : ratio >= 1;
      comparison[op] = { ratio, gatehouseCpu: g.cpuMsPerRequest, devCpu: d.cpuMsPerRequest, cpuBound: bound, cpuTargetMet: cpuMet,
        throughputTargetMet: throughputMet };
      const yn = (b) => (b === null ? "n/a" : b ? "yes" : "NO");
      lines.push(`| ${op} | ${fmt(g.cpuMsPerRequest)} | ${fmt(d.cpuMsPerRequest)} | ${fmt(bound)} | ${yn(cpuMet)} | ${ratio}× | ${yn(throughputMet)} |`);
    }
  }
  const notes = targets.flatMap((t) => t.notes.map((n) => `${t.name}: ${n}`));
  const samples = targets.flatMap((t) => OPS.flatMap((op) => (t.results[op]?.errorSamples ?? []).map((e) => `${t.name} ${op}: ${e}`)));
  const stub = targets.find((t) => t.name === "stub");
  if (stub) {
    notes.push("stub: a Node.js server that answers at once with fixed JSON, driven the same way: for scale, "
      + "what this client reaches against a server that does no work (a faster server, such as Bun's, can pass it)");
  }
  if (notes.length) lines.push("", "Notes:", ...notes.map((n) => `- ${n}`));
  if (samples.length) lines.push("", "Error samples:", ...samples.map((e) => `- ${e}`));
  return { markdown: lines.join("\n"), comparison };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
const sdkVersion = JSON.parse(readFileSync(join(HERE, "node_modules", "@liveblocks", "node", "package.json"), "utf8")).version;
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  sdk: sdkVersion,
  cpus: cpus().length,
  cpuModel: cpuModel(),
  loadavg: loadavg().map((x) => x.toFixed(2)).join(" "),
  concurrency: CONCURRENCY,
  requests: REQUESTS,
  warmup: WARMUP,
  warmupMax: WARMUP_MAX,
  rooms: ROOMS,
};

const targets = [];
let failure = null;
for (const name of TARGETS) {
  try {
    targets.push(await benchTarget(name));
  } catch (e) {
    failure = e;
    console.error(`[${name}] FAILED: ${e?.stack ?? e}`);
    break;
  }
}

const { markdown, comparison } = report(meta, targets);
console.log(markdown);

const totalErrors = targets.reduce((n, t) => n + Object.values(t.results).reduce((m, s) => m + (s ? s.errors + s.warmupErrors : 0), 0), 0);
if (opt.json) {
  const json = {
    meta,
    targets: Object.fromEntries(targets.map((t) => [t.name, { baseUrl: t.baseUrl, how: t.how, notes: t.notes, results: t.results }])),
    comparison,
    totalErrors,
    failure: failure ? String(failure?.message ?? failure) : null,
  };
  writeFileSync(resolve(opt.json), JSON.stringify(json, null, 2) + "\n");
}
if (totalErrors > 0 || failure) {
  const msg = failure ? `RUN FAILED: ${failure.message ?? failure}` : `RUN HAD ${totalErrors} ERRORS: the figures above are not valid`;
  console.log(`\n**!!! ${msg} !!!**`);
  console.error(`\n!!! ${msg} !!!`);
  process.exit(1);
}
process.exit(0);
