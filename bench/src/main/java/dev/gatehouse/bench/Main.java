package dev.gatehouse.bench;

import dev.gatehouse.bench.coldstart.ColdStartBenchmark;
import dev.gatehouse.bench.crypto.AccpStartCost;
import dev.gatehouse.bench.snapstart.SnapStartBenchmark;
import java.util.Arrays;

/**
 * {@code ./gatehouse bench KIND [options]}: one entry point for every benchmark. Run from the
 * repository root after {@code ./gatehouse build}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (kind) {
      case "cold-start" -> ColdStartBenchmark.main(rest);
      case "snapstart" -> SnapStartBenchmark.main(rest);
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      case "cost" -> dev.gatehouse.bench.cost.DynamoDbCostReport.main(rest);
      case "accp-start" -> AccpStartCost.main(rest);
      case "soak" -> dev.gatehouse.bench.soak.SoakBenchmark.main(rest);
      case "scale" -> dev.gatehouse.bench.scale.ScaleModel.main(rest);
      default -> {
        System.err.println("""
            usage: ./gatehouse bench KIND [options]
              cold-start [--runs N] [--archive] [--functions A,B] [--jvm-arg ARG]
                                                     each function's cold start beside the floor
              snapstart [--runs N] [--warm N] [--functions A,B]     first invocation after priming vs warm
              jmh [JMH options]                                      the hot paths (JMH), e.g. jmh -f 1 -wi 3 -i 5
              cost [--multi-tenant off|on|both] [--details]          DynamoDB calls and capacity per operation
              accp-start [--runs N] [--algorithm ES256|RS256]        cold cost of Amazon Corretto Crypto Provider
              load [--requests N] [--concurrency N] [--only T]      (./gatehouse bench load) the SDK under load
              soak [--requests N] [--concurrency C] [--xmx SIZE]    10^6 mixed requests through the local server:
                                                     errors, p99 and heap after GC per window, a verdict
              scale [--workload a|b|c|d|e]                           the capacity model: every DynamoDB key's load
                                                     per workload against the per-partition limits
              scale --pages [100,100000]                             calls per page of a big tenant's listings, on moto
            """);
        System.exit(kind.equals("help") ? 0 : 2);
      }
    }
    // Engines and SDK clients may leave non-daemon threads behind; the benchmark is done.
    System.exit(0);
  }
}
