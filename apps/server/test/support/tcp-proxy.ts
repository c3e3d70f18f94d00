import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to the PostgreSQL server that a test can take away and bring back. Crash tests
 * "restart the database" through it: the real PostgreSQL server is shared by the other test files
 * running at the same time, so it must not be stopped; cutting every relayed connection and
 * refusing new ones looks the same to the server under test (existing connections die, new ones
 * get ECONNREFUSED) and touches no one else.
 */
export interface TcpProxy {
  port: number;
  /** Cuts every relayed connection and stops listening (new connections are refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const onConnection = (client: Socket) => {
    const upstream = createConnection(target);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  let listening = true;
  return {
    port,
    down: async () => {
      if (!listening) return;
      listening = false;
      await stop();
    },
    up: async () => {
      if (listening) return;
      server = createServer(onConnection);
      await listen(port);
      listening = true;
    },
    close: async () => {
      if (listening) await stop();
      listening = false;
    },
  };
}
