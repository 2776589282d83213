package dev.gatehouse.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test, {@code Class#method}, through JUnit in this JVM: what {@code ./gatehouse
 * bench fuzz} starts once per target, with {@code JAZZER_FUZZ=1} and a bounded heap. Exits 1 when
 * the target failed (a finding), 0 otherwise.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) {
    if (args.length != 1 || !args[0].contains("#")) {
      System.err.println("usage: FuzzMain fully.qualified.Class#method");
      System.exit(2);
    }
    String className = args[0].substring(0, args[0].indexOf('#'));
    String methodName = args[0].substring(args[0].indexOf('#') + 1);
    Method method;
    try {
      method = Arrays.stream(Class.forName(className).getDeclaredMethods())
          .filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
    } catch (ClassNotFoundException | java.util.NoSuchElementException e) {
      System.err.println("gatehouse: no fuzz test " + args[0]);
      System.exit(2);
      return;
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(method.getDeclaringClass(), method)).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(request, summary);
    TestExecutionSummary result = summary.getSummary();
    if (result.getTestsFoundCount() == 0) {
      System.err.println("gatehouse: no fuzz test " + args[0]);
      System.exit(2);
    }
    result.printFailuresTo(new PrintWriter(System.err, true), 30);
    System.exit(result.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
