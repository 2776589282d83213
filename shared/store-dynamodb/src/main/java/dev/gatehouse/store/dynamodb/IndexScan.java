package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.Positions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Reads candidates from one or more index partitions in one order, merged, lazily: a partition's
 * next page is queried only when the merge needs it. Every partition of a scan sorts its items by
 * the same position string ({@code <created>#<id>} or {@code <id>}), so a cursor is just the last
 * position covered and each partition resumes strictly after it.
 */
final class IndexScan {
  /** The largest code point, to bound an ascending range from above. */
  private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

  private IndexScan() {}

  /** An item that may belong in a listing: its position in the order, and the key of the item to read. */
  record Candidate(String position, Key itemKey) {}

  /**
   * One partition: how to query it, its partition key, the sort-key prefix before the position,
   * and how to make a candidate of an item.
   */
  record Source<T>(Function<QueryEnhancedRequest, SdkIterable<Page<T>>> query, String pk, String prefix,
      Function<T, Candidate> candidate) {}

  /** The merged, deduplicated candidates of every source, after {@code after}, in order. */
  static Iterator<Candidate> merged(List<? extends Source<?>> sources, Optional<String> after, boolean descending, int pageSize) {
    List<Iterator<Candidate>> iterators = new ArrayList<>();
    for (Source<?> source : sources) {
      iterators.add(read(source, after, descending, pageSize));
    }
    return merge(iterators, descending);
  }

  private static <T> Iterator<Candidate> read(Source<T> source, Optional<String> after, boolean descending, int pageSize) {
    String pk = source.pk();
    QueryConditional condition;
    if (after.isEmpty()) {
      condition = source.prefix().isEmpty()
          ? QueryConditional.keyEqualTo(Key.builder().partitionValue(pk).build())
          : QueryConditional.sortBeginsWith(key(pk, source.prefix()));
    } else if (source.prefix().isEmpty()) {
      // The whole partition is in the scan: a strict bound needs no skipping.
      condition = descending
          ? QueryConditional.sortLessThan(key(pk, after.get()))
          : QueryConditional.sortGreaterThan(key(pk, after.get()));
    } else if (descending) {
      // BETWEEN is inclusive: the cursor's own item is dropped below.
      condition = QueryConditional.sortBetween(key(pk, source.prefix()), key(pk, source.prefix() + after.get()));
    } else {
      condition = QueryConditional.sortBetween(key(pk, source.prefix() + after.get()), key(pk, source.prefix() + MAX));
    }
    QueryEnhancedRequest request = QueryEnhancedRequest.builder()
        .queryConditional(condition).scanIndexForward(!descending).limit(pageSize).build();
    Iterator<T> items = source.query().apply(request).stream().flatMap(p -> p.items().stream()).iterator();
    Iterator<Candidate> candidates = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public Candidate next() {
        return source.candidate().apply(items.next());
      }
    };
    return after.isEmpty() ? candidates : skipping(candidates, after.get());
  }

  private static Key key(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }

  private static Iterator<Candidate> skipping(Iterator<Candidate> source, String position) {
    return new Iterator<>() {
      private Candidate next;

      @Override
      public boolean hasNext() {
        while (next == null && source.hasNext()) {
          Candidate c = source.next();
          if (!c.position().equals(position)) {
            next = c;
          }
        }
        return next != null;
      }

      @Override
      public Candidate next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Candidate c = next;
        next = null;
        return c;
      }
    };
  }

  private static Iterator<Candidate> merge(List<Iterator<Candidate>> sources, boolean descending) {
    if (sources.size() == 1) {
      return sources.getFirst();
    }
    record Head(Candidate candidate, Iterator<Candidate> rest) {}
    // By code point, as DynamoDB sorts each partition (UTF-8 bytes): a UTF-16 merge would put
    // U+1F600 before U+FFFD, and the next page, resuming after it, would skip a room.
    Comparator<Head> order = Comparator.comparing(h -> h.candidate().position(), Positions.ORDER);
    PriorityQueue<Head> heads = new PriorityQueue<>(descending ? order.reversed() : order);
    for (Iterator<Candidate> source : sources) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }
    return new Iterator<>() {
      private String last;

      @Override
      public boolean hasNext() {
        skipDuplicates();
        return !heads.isEmpty();
      }

      @Override
      public Candidate next() {
        skipDuplicates();
        Head head = heads.poll();
        if (head == null) {
          throw new NoSuchElementException();
        }
        advance(head);
        last = head.candidate().position();
        return head.candidate();
      }

      private void skipDuplicates() {
        while (!heads.isEmpty() && heads.peek().candidate().position().equals(last)) {
          advance(heads.poll());
        }
      }

      private void advance(Head head) {
        if (head.rest().hasNext()) {
          heads.add(new Head(head.rest().next(), head.rest()));
        }
      }
    };
  }
}
