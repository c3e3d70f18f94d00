import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

// The heap cap is part of how the server is run, not of its code: `npm start`, the systemd unit
// in the operations guide and the benchmark (which must measure the server as it ships) each
// start Node themselves, so this holds the three to the same flags.
describe('the server is started with the same Node flags everywhere', () => {
  it('npm start, the systemd unit and the benchmark agree', async () => {
    const { SERVER_NODE_ARGS } = (await import(new URL('bench/lib/server.mjs', root).href)) as { SERVER_NODE_ARGS: string[] };
    expect(SERVER_NODE_ARGS).toContain('--max-old-space-size=1024');
    const flags = SERVER_NODE_ARGS.join(' ');
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toContain(`node ${flags} apps/server/dist/main.js`);
    const unit = read('docs/operations.md').split('\n').filter((l) => l.startsWith('ExecStart=') && l.includes('dist/main.js'));
    expect(unit).toEqual([`ExecStart=/usr/bin/node ${flags} apps/server/dist/main.js`]);
  });
});
