package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.dynamodb.IndexScan.Candidate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * Turns candidates into one page: reads the items a batch at a time (BatchGetItem, strongly
 * consistent), keeps those that pass, and stops at the limit or after {@value #MAX_ROUNDS}
 * batches, so a selective filter never makes one request read without bound. A page cut short
 * still carries the position to resume from.
 */
final class PagedRead {
  static final int MAX_ROUNDS = 10;

  private PagedRead() {}

  /** A page: the items, and where the next page starts (empty on the last page). */
  record Result<T>(List<T> items, Optional<String> nextPosition) {}

  static <T> Result<T> read(Iterator<Candidate> candidates, int limit, Function<List<Key>, Map<Key, T>> fetch,
      BiPredicate<Candidate, T> keep) {
    // The first batch is the page itself: with no filter or a loose one it is all a page reads
    // (whether more follow is known from the candidates, which cost no item reads). Later
    // batches, only needed when a filter rejected items, are wider.
    int widerBatch = Math.min(100, Math.max(25, limit * 2));
    List<T> page = new ArrayList<>();
    String lastExamined = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int batchSize = round == 0 ? Math.min(100, limit) : widerBatch;
      List<Candidate> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && candidates.hasNext()) {
        batch.add(candidates.next());
      }
      if (batch.isEmpty()) {
        return new Result<>(page, Optional.empty());
      }
      LinkedHashSet<Key> keys = new LinkedHashSet<>();
      batch.forEach(c -> keys.add(c.itemKey()));
      Map<Key, T> found = fetch.apply(List.copyOf(keys));
      for (int i = 0; i < batch.size(); i++) {
        Candidate candidate = batch.get(i);
        lastExamined = candidate.position();
        T item = found.get(candidate.itemKey());
        if (item == null || !keep.test(candidate, item)) {
          continue;
        }
        page.add(item);
        if (page.size() == limit) {
          boolean more = i < batch.size() - 1 || candidates.hasNext();
          return new Result<>(page, more ? Optional.of(candidate.position()) : Optional.empty());
        }
      }
    }
    return new Result<>(page, candidates.hasNext() ? Optional.ofNullable(lastExamined) : Optional.empty());
  }
}
