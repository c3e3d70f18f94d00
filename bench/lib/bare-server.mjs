// The baseline's server: a bare Fastify route in its own process, as the real server runs in its
// own. `node bare-server.mjs <port>`; prints "listening" when ready.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2] ?? 3990), host: '127.0.0.1' });
process.stdout.write('listening\n');
