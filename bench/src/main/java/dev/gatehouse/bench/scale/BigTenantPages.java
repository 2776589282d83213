package dev.gatehouse.bench.scale;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserListing;
import dev.gatehouse.store.UserPage;
import dev.gatehouse.store.dynamodb.BulkLoader;
import dev.gatehouse.store.dynamodb.DynamoDbRepositories;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.testing.FaultInjector;
import dev.gatehouse.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./gatehouse bench scale --pages}: issue 19's "big tenants stay fast", measured on a real
 * engine (moto): a tenant of 10^2 and one of 10^5 rooms (every room listing one user), and a team
 * of as many users, written with the repositories' own items; then a page of 20 of the tenant's
 * rooms, of the user's rooms and of the team's users, first and from a cursor halfway, each with
 * the DynamoDB calls it made.
 */
final class BigTenantPages {
  private static final int PAGE = 20;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private BigTenantPages() {}

  static void run(int[] sizes) throws Exception {
    FaultInjector counter = new FaultInjector();
    try (MotoServer engine = MotoServer.start()) {
      DynamoDbClient client = DynamoDbClient.builder()
          .endpointOverride(engine.endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
          .httpClient(UrlConnectionHttpClient.create())
          .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
          .build();
      System.out.println("| listing (page of " + PAGE + ") | items | first page: calls | halfway (from a cursor): calls |");
      System.out.println("| --- | ---: | --- | --- |");
      for (int size : sizes) {
        String table = "pages-" + size;
        GatehouseTable.createIfMissing(client, table);
        long loading = System.nanoTime();
        load(client, table, size);
        System.err.printf(Locale.ROOT, "bench scale --pages: %,d rooms and %,d users loaded in %.0f s%n", size, size,
            (System.nanoTime() - loading) / 1e9);
        Repositories store = DynamoDbRepositories.of(client, table, Clock.systemUTC());
        TenantId tenant = new TenantId("big");
        String middle = Positions.created(START.plusSeconds(size / 2), "big:r" + size / 2);
        Optional<String> halfway = Optional.of(Cursors.encode(Ordering.NEWEST_FIRST, middle));
        row(counter, "a tenant's rooms, newest first", size, after -> {
          RoomPage page = store.rooms().list(new RoomListing(new RoomListing.Tenants(Set.of(tenant)), r -> true, PAGE, after));
          require(page.rooms().size() == PAGE, "a full page of rooms");
        }, halfway);
        row(counter, "a user's rooms (listed in every room)", size, after -> {
          RoomPage page = store.rooms().list(new RoomListing(new RoomListing.Members(Optional.of("reader"), Set.of()), r -> true, PAGE, after));
          require(page.rooms().size() == PAGE, "a full page of the user's rooms");
        }, halfway);
        String middleUser = Positions.created(START.plusSeconds(size / 2), "big:u" + size / 2);
        row(counter, "a team's users, newest first", size, after -> {
          UserPage page = store.users().list(new UserListing(new UserListing.Teams(Set.of(tenant)), u -> true, PAGE, after,
              Ordering.NEWEST_FIRST));
          require(page.users().size() == PAGE, "a full page of users");
        }, Optional.of(Cursors.encode(Ordering.NEWEST_FIRST, middleUser)));
      }
    }
  }

  private interface Page {
    void read(Optional<String> after) throws Exception;
  }

  private static void row(FaultInjector counter, String what, int size, Page page, Optional<String> halfway) throws Exception {
    counter.resetCounts();
    page.read(Optional.empty());
    List<String> first = counter.log();
    counter.resetCounts();
    page.read(halfway);
    List<String> deep = counter.log();
    System.out.printf(Locale.ROOT, "| %s | %,d | %d: %s | %d: %s |%n", what, size, first.size(), String.join(" + ", first),
        deep.size(), String.join(" + ", deep));
  }

  private static void require(boolean holds, String what) {
    if (!holds) {
      throw new IllegalStateException("not " + what);
    }
  }

  /** {@code size} rooms of tenant big, each listing "reader", and {@code size} users of team big, in 4 writers. */
  private static void load(DynamoDbClient client, String table, int size) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        done.add(writers.submit(() -> {
          BulkLoader loader = new BulkLoader(client, table);
          for (int i = writer; i < size; i += 4) {
            loader.room(new Room("big:r" + i, new TenantId("big"), START.plusSeconds(i), Map.of(),
                RoomAccesses.parse(List.of(), Map.of(), Map.of("reader", List.of("room:read"))), Optional.empty(), 0));
            loader.user(new User("big:u" + i, Optional.empty(), Role.USER, List.of(new TenantId("big")), Map.of(), Map.of(),
                START.plusSeconds(i), START.plusSeconds(i), 0, Optional.empty()));
          }
          loader.flush();
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }
}
