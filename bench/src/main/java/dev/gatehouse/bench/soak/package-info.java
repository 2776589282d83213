/**
 * {@code ./gatehouse bench soak}: drives a bounded number of mixed requests through the local
 * server, started here as a child JVM on loopback with a fixed heap, and reports per window the
 * errors, latency and the server's heap after a full GC, RSS and threads, then a verdict. Talks to
 * the server over HTTP only; depends on nothing of Gatehouse but the local jar it starts.
 */
package dev.gatehouse.bench.soak;
