package dev.gatehouse.store;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.permissions.Limits;
import java.nio.charset.StandardCharsets;

/**
 * Page cursors ({@code startingAfter}, {@code nextCursor}): any string decodes to a position of a
 * shape a page could have produced, or is a 400 {@code INVALID_CURSOR}; a real position survives
 * encode then decode. Every backend's listings share these cursors.
 */
class CursorsFuzzTest {
  private static final Ordering[] ORDERS = {
    new Ordering(Ordering.Field.CREATED_AT, true), new Ordering(Ordering.Field.CREATED_AT, false),
    new Ordering(Ordering.Field.ID, true), new Ordering(Ordering.Field.ID, false),
  };

  @FuzzTest
  void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    // The first byte picks the order, the rest is the cursor.
    Ordering order = ORDERS[(input[0] & 0xff) % ORDERS.length];
    String cursor = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    String position;
    try {
      position = Cursors.decode(cursor, order);
    } catch (InvalidRequestException refused) {
      return;
    }
    int idLength = order.field() == Ordering.Field.CREATED_AT ? position.length() - 25 : position.length();
    if (idLength < 1 || idLength > Limits.ROOM_ID_MAX_LENGTH) {
      throw new AssertionError("a decoded position ends in an id of " + idLength + " characters");
    }
    if (!Cursors.decode(Cursors.encode(order, position), order).equals(position)) {
      throw new AssertionError("a decoded position does not survive encode then decode");
    }
  }

  @FuzzTest
  void roundTrip(FuzzedDataProvider data) {
    Ordering order = data.pickValue(ORDERS);
    String id = data.consumeString(Limits.ROOM_ID_MAX_LENGTH);
    if (id.isEmpty()) {
      return;
    }
    String position = order.field() == Ordering.Field.CREATED_AT ? Positions.created(java.time.Instant.ofEpochMilli(data.consumeLong(0, 253402300799999L)), id) : id;
    String back = Cursors.decode(Cursors.encode(order, position), order);
    if (!back.equals(position)) {
      throw new AssertionError("encode then decode changed the position");
    }
  }
}
