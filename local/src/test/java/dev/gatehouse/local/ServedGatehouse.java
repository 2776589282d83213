package dev.gatehouse.local;

import java.util.List;
import java.util.Optional;

/** The local server on a free loopback port with a fixed secret key, and a client for it: what the HTTP tests start. */
record ServedGatehouse(LocalGatehouse local, LocalServer server, Api api) implements AutoCloseable {

  static ServedGatehouse start(String secretKey) throws Exception {
    LocalGatehouse local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(secretKey), List.of());
    LocalServer server = LocalServer.start(local, "127.0.0.1", 0);
    return new ServedGatehouse(local, server, new Api(server.baseUri(), secretKey));
  }

  @Override
  public void close() {
    server.close();
    local.close();
  }
}
