package dev.gatehouse.fuzz;

import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.local.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One in-memory Gatehouse per fuzzing JVM: the embedded store and every handler of {@code
 * template.yaml}, built as {@code ./gatehouse serve} builds them. Started on first use, so the
 * pure targets never pay for it.
 */
final class Embedded {
  static final String SECRET_KEY = "sk_fuzz_local_only_not_a_secret";

  private static LocalGatehouse local;

  private Embedded() {}

  static synchronized LocalGatehouse gatehouse() {
    if (local == null) {
      local = LocalGatehouse.start(SamTemplate.load(repositoryRoot().resolve("template.yaml")), Optional.empty(),
          Optional.of(SECRET_KEY), List.of());
      Runtime.getRuntime().addShutdownHook(new Thread(local::close));
    }
    return local;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
