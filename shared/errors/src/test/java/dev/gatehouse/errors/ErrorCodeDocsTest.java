package dev.gatehouse.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Error codes" table and {@link ErrorCode} list the same codes with the same statuses. */
class ErrorCodeDocsTest {
  private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([A-Z_]+)` \\| .+\\|$");

  @Test
  void theReadmeTableListsEveryCodeWithItsStatusAndNoOther() throws IOException {
    Map<String, Integer> documented = documentedCodes();
    Map<String, Integer> declared = Arrays.stream(ErrorCode.values())
        .collect(Collectors.toMap(ErrorCode::name, ErrorCode::status, (a, b) -> a, TreeMap::new));
    var undocumented = new TreeSet<>(declared.keySet());
    undocumented.removeAll(documented.keySet());
    var unknown = new TreeSet<>(documented.keySet());
    unknown.removeAll(declared.keySet());
    assertTrue(undocumented.isEmpty(), "codes missing from the README's Error codes table: " + undocumented);
    assertTrue(unknown.isEmpty(), "codes in the README's Error codes table that ErrorCode lacks: " + unknown);
    assertEquals(declared, documented, "the README's statuses and ErrorCode's differ");
  }

  /** The rows of the table under "### Error codes", up to the next heading. */
  private static Map<String, Integer> documentedCodes() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("README.md"));
    int start = readme.indexOf("\n### Error codes\n");
    assertTrue(start >= 0, "README.md has an '### Error codes' section");
    int end = readme.indexOf("\n#", start + 1);
    Map<String, Integer> codes = new TreeMap<>();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        Integer twice = codes.put(row.group(2), Integer.parseInt(row.group(1)));
        assertEquals(null, twice, row.group(2) + " is listed twice");
      }
    }
    assertTrue(codes.size() > 1, "the Error codes section holds a table");
    return codes;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "the repository root (the directory holding template.yaml)");
    return dir;
  }
}
