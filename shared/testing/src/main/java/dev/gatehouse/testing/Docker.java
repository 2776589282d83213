package dev.gatehouse.testing;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine is reachable, for suites that run on LocalStack when one is. */
public final class Docker {
  private Docker() {}

  /** True when Testcontainers can reach a Docker engine. Never throws. */
  public static boolean isAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
