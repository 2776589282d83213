package dev.gatehouse.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the test's working directory. */
final class Repo {
  private Repo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static SamTemplate template() {
    return SamTemplate.load(root().resolve("template.yaml"));
  }
}
