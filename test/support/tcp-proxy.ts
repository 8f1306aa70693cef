// A TCP proxy on loopback in front of a real service (Redis, Elasticsearch), so a test can take the service
// away from newsmon and give it back, as an outage or a restart would, without stopping the shared server.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port newsmon connects to. */
  address: string;
  /** Drops every connection and refuses new ones, as a stopped server does. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;
  const listen = async () => {
    const listening = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => listening.listen(port, "127.0.0.1", resolve));
    port = (listening.address() as { port: number }).port;
    server = listening;
  };
  const cut = async () => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  };
  await listen();
  return {
    address: `127.0.0.1:${port}`,
    cut,
    restore: listen,
    close: cut,
  };
}
