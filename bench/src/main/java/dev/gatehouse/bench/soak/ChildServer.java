package dev.gatehouse.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local server ({@code ./gatehouse serve}: the local jar, the embedded SQL store in memory, loopback,
 * a free port) as a child JVM with a fixed heap, so a leak shows as growth against a ceiling and
 * not as a heap that quietly expands. Measured from outside: {@code jcmd} for a full GC and the
 * heap after it, {@code /proc/<pid>/status} for RSS and threads. Stopped by its pid.
 */
final class ChildServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on (http://\\S+)");
  // "PSYoungGen total 76288K, used 778K" (Parallel), "garbage-first heap total …, used …" (G1), …
  private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final Process process;
  private final URI baseUri;
  private final Path jcmd;
  private final AtomicInteger failureLines;
  private final List<String> command;

  private ChildServer(Process process, URI baseUri, Path jcmd, AtomicInteger failureLines, List<String> command) {
    this.process = process;
    this.baseUri = baseUri;
    this.jcmd = jcmd;
    this.failureLines = failureLines;
    this.command = command;
  }

  /**
   * Starts the server and waits until it says where it listens. The secret key goes in the
   * environment, not the command line, and the line that prints it is never copied to the log.
   */
  static ChildServer start(Path localJar, Path template, String maxHeap, List<String> jvmArgs, String secret, Path log)
      throws IOException, InterruptedException {
    Path javaHome = Path.of(System.getProperty("java.home"));
    List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "--enable-native-access=ALL-UNNAMED",
        // serve's own flags (the gatehouse launcher), with the heap fixed; an OOM ends the server, and the soak sees it.
        "-XX:+UseParallelGC", "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", localJar.toString(), "serve", "--host", "127.0.0.1", "--port", "0",
        "--template", template.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("GATEHOUSE_SECRET_KEY", secret);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process = builder.start();
    CompletableFuture<URI> ready = new CompletableFuture<>();
    AtomicInteger failureLines = new AtomicInteger();
    Thread reader = new Thread(() -> drain(process, log, ready, failureLines), "soak-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      URI uri = ready.get(120, TimeUnit.SECONDS);
      return new ChildServer(process, uri, javaHome.resolve("bin/jcmd"), failureLines, List.copyOf(command));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the local server did not start (see " + log + ")", e);
    }
  }

  /** Copies the server's output to the log (never the secret key's line), noting readiness and failures. */
  private static void drain(Process process, Path log, CompletableFuture<URI> ready, AtomicInteger failureLines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("Secret key:")) {
          continue;
        }
        out.println(line);
        Matcher m = LISTENING.matcher(line);
        if (!ready.isDone() && m.find()) {
          ready.complete(URI.create(m.group(1)));
        } else if (ready.isDone() && (line.contains("failed") || line.contains("Exception") || line.contains("OutOfMemory"))) {
          failureLines.incrementAndGet();
        }
      }
      ready.completeExceptionally(new IOException("the server's output ended (it exited with " + process.waitFor() + ")"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  URI baseUri() {
    return baseUri;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  List<String> command() {
    return command;
  }

  /** Lines of the server's output, after it started, that report a failure or an exception. */
  int failureLines() {
    return failureLines.get();
  }

  /** The server's heap after a full GC, RSS and threads. */
  record Probe(long heapAfterGcBytes, long rssBytes, int threads) {}

  Probe probe() throws IOException, InterruptedException {
    jcmd("GC.run");
    long used = heapUsedKib(jcmd("GC.heap_info")) * 1024;
    long rss = 0;
    int threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.replaceAll("\\D", ""));
      }
    }
    return new Probe(used, rss, threads);
  }

  /** The sum of "used" over the heap's spaces in {@code jcmd GC.heap_info} output, in KiB (Metaspace is not heap). */
  static long heapUsedKib(String heapInfo) {
    long used = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher m = HEAP_USED.matcher(line);
      if (m.find()) {
        used += Long.parseLong(m.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap figures in jcmd GC.heap_info's output");
    }
    return used;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid() + " " + command + " failed: " + out.strip());
    }
    return out;
  }

  /** SIGTERM to the server's pid (its shutdown hook stops the HTTP server and the store), SIGKILL after 15 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void requireReadable(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new UncheckedIOException(new IOException(what + " " + file + " is missing; run ./gatehouse build"));
    }
  }
}
