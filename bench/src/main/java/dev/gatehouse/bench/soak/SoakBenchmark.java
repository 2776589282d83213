package dev.gatehouse.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./gatehouse bench soak}: a million mixed requests through the local server, in windows;
 * after each window (the load paused) the server's heap after a full GC, its RSS and threads.
 * Ends with a verdict line and exits 1 when it fails. Loopback only; bounded in requests and time.
 */
public final class SoakBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private SoakBenchmark() {}

  /** The options, with their defaults. */
  record Options(long requests, int concurrency, int window, long seed, String maxHeap, List<String> jvmArgs, Path out,
      int maxMinutes, Path localJar, Path template, SoakVerdict.Tolerance tolerance) {

    static Options parse(String[] args) {
      long requests = 1_000_000;
      int concurrency = 16;
      Integer window = null;
      long seed = 1;
      String maxHeap = "256m";
      List<String> jvmArgs = new ArrayList<>();
      Path out = Path.of("bench/target");
      int maxMinutes = 180;
      Path localJar = Path.of("local/target/gatehouse-local.jar");
      Path template = Path.of("template.yaml");
      double heapPercent = SoakVerdict.Tolerance.DEFAULT.heapFraction() * 100;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("-h") || flag.equals("--help")) {
          throw new IllegalArgumentException("help");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--requests" -> requests = positive(flag, Long.parseLong(value.replace("_", "").replace(",", "")));
          case "--concurrency" -> concurrency = (int) positive(flag, Integer.parseInt(value));
          case "--window" -> window = (int) positive(flag, Integer.parseInt(value.replace("_", "").replace(",", "")));
          case "--seed" -> seed = Long.parseLong(value);
          case "--xmx" -> maxHeap = value;
          case "--jvm-arg" -> jvmArgs.add(value);
          case "--out" -> out = Path.of(value);
          case "--max-minutes" -> maxMinutes = (int) positive(flag, Integer.parseInt(value));
          case "--local-jar" -> localJar = Path.of(value);
          case "--template" -> template = Path.of(value);
          case "--heap-tolerance" -> heapPercent = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      // 10^5 a window for the full run; a shorter run still gets ten windows to judge a trend from.
      int w = window != null ? window : (int) Math.min(100_000, Math.max(1, (requests + 9) / 10));
      SoakVerdict.Tolerance d = SoakVerdict.Tolerance.DEFAULT;
      return new Options(requests, concurrency, w, seed, maxHeap, List.copyOf(jvmArgs), out, maxMinutes, localJar, template,
          new SoakVerdict.Tolerance(heapPercent / 100, d.heapFloorBytes(), d.p99TrendMax()));
    }

    private static long positive(String flag, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(flag + " must be at least 1");
      }
      return value;
    }
  }

  static final String USAGE = """
      usage: ./gatehouse bench soak [--requests N] [--concurrency C] [--window W] [--seed S] [--xmx SIZE]
                                    [--jvm-arg ARG]... [--out DIR] [--max-minutes M] [--heap-tolerance PERCENT]
        --requests N       requests in all (default 1,000,000)
        --concurrency C    requests in flight (default 16)
        --window W         requests a window; a report row after each (default 100,000, or N/10 when smaller)
        --xmx SIZE         the server's fixed heap ceiling (default 256m)
        --out DIR          where soak.csv, soak.md and soak-server.log go (default bench/target)
        --max-minutes M    stop (and fail) after M minutes whatever is left (default 180)
      """;

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      boolean help = e.getMessage().equals("help");
      if (!help) {
        System.err.println("soak: " + e.getMessage());
      }
      System.err.print(USAGE);
      System.exit(help ? 0 : 2);
      return;
    }
    System.exit(run(options) ? 0 : 1);
  }

  /** Per-kind totals over the whole run. */
  private static final class KindTotals {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final LongAccumulator max = new LongAccumulator(Math::max, 0);
  }

  static boolean run(Options options) throws Exception {
    ChildServer.requireReadable(options.localJar(), "the local server's jar");
    ChildServer.requireReadable(options.template(), "the SAM template");
    Files.createDirectories(options.out());
    Path csv = options.out().resolve("soak.csv");
    Path markdown = options.out().resolve("soak.md");
    Path log = options.out().resolve("soak-server.log");
    String secret = "sk_soak_" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getInstanceStrong().generateSeed(16));
    Instant started = Instant.now();
    String loadAtStart = loadAverage();
    long deadline = System.nanoTime() + Duration.ofMinutes(options.maxMinutes()).toNanos();

    try (ChildServer server = ChildServer.start(options.localJar(), options.template(), options.maxHeap(), options.jvmArgs(), secret, log);
         HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
         ExecutorService pool = Executors.newFixedThreadPool(options.concurrency())) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "soak-stop-server"));
      URI base = server.baseUri();
      say("soak: server pid %d at %s, -Xmx%s; %,d requests, %d in flight, windows of %,d", server.pid(), base, options.maxHeap(),
          options.requests(), options.concurrency(), options.window());

      SoakWorkload workload = new SoakWorkload(secret);
      Map<String, KindTotals> totals = new ConcurrentHashMap<>();
      List<Call> setup = workload.setup();
      WindowStats setupStats = new WindowStats(setup.size());
      for (Call call : setup) {
        execute(http, base, call, setupStats, null);
      }
      ChildServer.Probe initial = server.probe();
      List<Window> rows = new ArrayList<>();
      Window setupRow = new Window(0, 0, setup.size(), setupStats.errors(), setupStats.expected4xx(), Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, initial.heapAfterGcBytes(), initial.rssBytes(), initial.threads(), 0);
      rows.add(setupRow);
      say("soak: setup (%d requests, %d errors): heap after GC %.1f MiB, RSS %.1f MiB, %d threads", setup.size(),
          setupStats.errorCount(), Window.mib(initial.heapAfterGcBytes()), Window.mib(initial.rssBytes()), initial.threads());
      Files.writeString(csv, Window.CSV_HEADER + "\n" + setupRow.csv() + "\n", StandardCharsets.UTF_8);
      Map<String, List<String>> samples = new TreeMap<>(setupStats.samples());

      List<SoakWorkload.Worker> workers = new ArrayList<>();
      for (int w = 0; w < options.concurrency(); w++) {
        workers.add(workload.worker(w, options.seed()));
      }
      long loadStart = System.nanoTime();
      long done = 0;
      String stopped = null;
      for (int index = 1; done < options.requests(); index++) {
        if (System.nanoTime() > deadline) {
          stopped = "stopped after " + options.maxMinutes() + " minutes (--max-minutes)";
          break;
        }
        int size = (int) Math.min(options.window(), options.requests() - done);
        WindowStats stats = new WindowStats(size);
        AtomicLong next = new AtomicLong();
        long windowStart = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (SoakWorkload.Worker worker : workers) {
          running.add(pool.submit(() -> {
            while (next.getAndIncrement() < size && System.nanoTime() < deadline) {
              execute(http, base, worker.next(), stats, totals);
            }
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
        long windowNanos = System.nanoTime() - windowStart;
        done += stats.recorded();
        if (!server.alive()) {
          stopped = "the server exited (see " + log + ")";
        }
        ChildServer.Probe probe = server.alive() ? server.probe() : new ChildServer.Probe(0, 0, 0);
        WindowStats.Latency latency = stats.latency();
        Window row = new Window(index, done, stats.recorded(), stats.errors(), stats.expected4xx(), latency.p50(), latency.p99(),
            latency.max(), stats.recorded() / (windowNanos / 1e9), probe.heapAfterGcBytes(), probe.rssBytes(), probe.threads(),
            (System.nanoTime() - loadStart) / 1e9);
        rows.add(row);
        stats.samples().forEach((k, v) -> samples.merge(k, v, (a, b) -> a.size() >= WindowStats.SAMPLES_PER_ERROR ? a : b));
        Files.writeString(csv, row.csv() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        say("soak: window %d: %,d done, %d errors, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %.0f req/s; heap after GC %.1f MiB, "
                + "RSS %.1f MiB, %d threads", index, done, row.errorCount(), row.p50Ms(), row.p99Ms(), row.maxMs(), row.throughput(),
            Window.mib(row.heapAfterGcBytes()), Window.mib(row.rssBytes()), row.threads());
        row.errors().forEach((k, v) -> say("soak:   %,d × %s", v, k));
        if (stopped != null) {
          break;
        }
      }

      Inventory inventory = server.alive() ? inventory(http, base, secret, options.concurrency()) : null;
      List<Window> measured = rows.subList(1, rows.size());
      long otherErrors = setupStats.errorCount() + server.failureLines();
      SoakVerdict verdict = SoakVerdict.judge(measured, otherErrors, options.requests(), options.tolerance());
      List<String> failures = new ArrayList<>(verdict.failures());
      if (stopped != null) {
        failures.add(stopped);
      }
      boolean passed = verdict.passed() && stopped == null;
      String line = passed ? verdict.line() : verdict.line().replace("VERDICT: PASS", "VERDICT: FAIL")
          + (stopped != null ? "; " + stopped : "");
      String report = report(options, server, started, loadAtStart, rows, totals, inventory, verdict, line, samples, server.failureLines(), log);
      Files.writeString(markdown, report, StandardCharsets.UTF_8);
      say("soak: heap slope %.0f KiB per 10^5 requests; server failure lines %d; store at the end: %s", verdict.heapSlopeBytesPer100k() / 1024,
          server.failureLines(), inventory == null ? "no inventory" : inventory.describe());
      failures.forEach(f -> say("soak: FAILED: %s", f));
      say("soak: table in %s and %s", csv, markdown);
      System.out.println(line);
      return passed;
    }
  }

  /** Runs one call, records its latency and any error; tells the call whether it got its answer. */
  private static void execute(HttpClient http, URI base, Call call, WindowStats stats, Map<String, KindTotals> totals) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path())).timeout(REQUEST_TIMEOUT)
        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
    if (call.bearer() != null) {
      request.header("Authorization", call.bearer());
    }
    if (call.body() != null) {
      request.header("Content-Type", "application/json");
    }
    call.headers().forEach(request::header);
    String failure;
    String detail = null;
    long t0 = System.nanoTime();
    long nanos;
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      nanos = System.nanoTime() - t0;
      failure = verify(call, response.statusCode(), response.body());
      if (failure != null) {
        detail = "status " + response.statusCode() + errorCode(response.body());
      }
    } catch (IOException e) {
      nanos = System.nanoTime() - t0;
      failure = "transport " + e.getClass().getSimpleName();
      detail = String.valueOf(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    stats.record(nanos, call.expectsError());
    boolean ok = failure == null;
    if (!ok) {
      stats.error(call.kind() + ": " + failure, detail);
    }
    call.settle().accept(ok);
    if (totals != null) {
      KindTotals t = totals.computeIfAbsent(call.kind(), k -> new KindTotals());
      t.count.increment();
      t.nanos.add(nanos);
      t.max.accumulate(nanos);
      if (!ok) {
        t.errors.increment();
      }
    }
  }

  /** Null when the answer is the expected one, else what is wrong with it, never quoting the body. */
  static String verify(Call call, int status, String body) {
    if (status != call.status()) {
      return "status " + status + " (expected " + call.status() + ")";
    }
    if (status == 204) {
      return body.isEmpty() ? null : "a body on a 204";
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return "a body that is not JSON";
    }
    if (json == null || !json.isObject()) {
      return "a body that is not a JSON object";
    }
    if (call.expectsError()) {
      if (!call.errorCode().equals(json.path("error").asText())) {
        return "error " + json.path("error").asText() + " (expected " + call.errorCode() + ")";
      }
      if (json.path("message").asText().isBlank() || json.path("suggestion").asText().isBlank()) {
        return "an error without message or suggestion";
      }
      return null;
    }
    return call.check() == null ? null : call.check().apply(json);
  }

  private static String errorCode(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.has("error") ? " " + json.path("error").asText() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** What the store holds at the end, counted through the API: rooms and users per tenant. */
  record Inventory(long rooms, long roomBound, long users, long userBound) {
    String describe() {
      return String.format(Locale.ROOT, "%,d rooms (bound %,d), %,d users (bound %,d)", rooms, roomBound, users,
          userBound);
    }
  }

  private static Inventory inventory(HttpClient http, URI base, String secret, int workers) throws IOException, InterruptedException {
    long rooms = 0;
    long users = 0;
    for (int k = 0; k < SoakWorkload.TENANTS; k++) {
      String tenant = SoakWorkload.tenant(k);
      rooms += count(http, base, secret, "GET", "/v2/rooms?organizationId=" + tenant + "&limit=100", null);
      users += count(http, base, secret, "POST", "/v2/users/query", Map.of("filter", Map.of("teams", Map.of("$in", List.of(tenant))),
          "limit", 100));
    }
    // Per tenant its static rooms and its hot room; per worker its slots.
    long roomBound = (long) SoakWorkload.TENANTS * (SoakWorkload.STATIC_ROOMS + 1) + (long) workers * SoakWorkload.ROOM_SLOTS;
    long userBound = (long) SoakWorkload.TENANTS * SoakWorkload.STABLE_USERS + (long) workers * SoakWorkload.USER_SLOTS;
    return new Inventory(rooms, roomBound, users, userBound);
  }

  /** Items over every page of a listing (GET: ?startingAfter=; POST: the body's startingAfter). */
  private static long count(HttpClient http, URI base, String secret, String method, String path, Map<String, Object> body)
      throws IOException, InterruptedException {
    long n = 0;
    String cursor = null;
    do {
      String target = path;
      String json = null;
      if (method.equals("GET")) {
        target = cursor == null ? path : path + "&startingAfter=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      } else {
        Map<String, Object> page = new LinkedHashMap<>(body);
        if (cursor != null) {
          page.put("startingAfter", cursor);
        }
        json = JSON.writeValueAsString(page);
      }
      HttpRequest request = HttpRequest.newBuilder(base.resolve(target)).timeout(REQUEST_TIMEOUT)
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
          .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json").build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("counting " + path + ": status " + response.statusCode());
      }
      JsonNode page = JSON.readTree(response.body());
      n += page.path("data").size();
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return n;
  }

  private static String report(Options options, ChildServer server, Instant started, String loadAtStart, List<Window> rows, Map<String, KindTotals> totals,
      Inventory inventory, SoakVerdict verdict, String line, Map<String, List<String>> samples, int failureLines, Path log) {
    StringBuilder md = new StringBuilder();
    md.append("# Gatehouse soak\n\n");
    md.append("- Date: ").append(started).append('\n');
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (").append(cpuModel()).append("), ")
        .append(memTotal()).append("; JDK ").append(Runtime.version()).append("; load average ").append(loadAtStart)
        .append(" at the start, ").append(loadAverage()).append(" at the end (the machine is shared; the driver runs on it too)\n");
    md.append(String.format(Locale.ROOT, "- Command: `./gatehouse bench soak --requests %d --concurrency %d --window %d --seed %d --xmx %s`%n",
        options.requests(), options.concurrency(), options.window(), options.seed(), options.maxHeap()));
    md.append("- Server: `").append(String.join(" ", server.command().subList(1, server.command().size())))
        .append("` (the key in its environment), the embedded SQL store in memory, loopback\n");
    md.append("- Each window's load is paused while the server is measured: `jcmd <pid> GC.run`, then `GC.heap_info` (heap in use "
        + "after the full GC), `/proc/<pid>/status` (VmRSS, Threads)\n");
    md.append("- Tolerance: ").append(options.tolerance().describe()).append('\n');
    if (inventory != null) {
      md.append("- Store at the end: ").append(inventory.describe()).append('\n');
    }
    md.append(String.format(Locale.ROOT, "- Heap slope over windows 1..n: %.0f KiB per 10^5 requests; server output lines reporting a failure: %d (%s)%n",
        verdict.heapSlopeBytesPer100k() / 1024, failureLines, log.getFileName()));
    md.append('\n').append(Window.MARKDOWN_HEADER).append('\n');
    rows.forEach(r -> md.append(r.markdown()).append('\n'));
    md.append("\n| Kind | Share | Requests | Errors | Mean (ms) | Max (ms) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    long all = totals.values().stream().mapToLong(t -> t.count.sum()).sum();
    new TreeMap<>(totals).forEach((kind, t) -> md.append(String.format(Locale.ROOT, "| %s | %.1f %% | %,d | %d | %.2f | %.1f |%n", kind,
        100.0 * t.count.sum() / Math.max(1, all), t.count.sum(), t.errors.sum(), t.nanos.sum() / 1e6 / Math.max(1, t.count.sum()),
        t.max.get() / 1e6)));
    if (!samples.isEmpty()) {
      md.append("\nErrors (status and error code only):\n\n");
      samples.forEach((k, v) -> md.append("- ").append(k).append(": ").append(String.join("; ", v)).append('\n'));
    }
    md.append("\n**").append(line).append("**\n");
    return md.toString();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static void say(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
