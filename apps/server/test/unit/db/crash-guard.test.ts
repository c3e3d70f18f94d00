import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('../../../src/db/crash-guard.ts', import.meta.url));

/** Runs a small program in a child process with the guard installed (a crash must not take the test runner down). */
function runGuarded(body: string) {
  const program = `
    import { EventEmitter } from 'node:events';
    import { guardDatabaseErrors } from ${JSON.stringify(guard)};
    const log = { warn: (o, m) => console.log('WARN ' + m), fatal: (o, m) => console.log('FATAL ' + m) };
    guardDatabaseErrors(log);
    ${body}
    setTimeout(() => { console.log('ALIVE'); process.exit(0); }, 200);
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { encoding: 'utf8', timeout: 60_000 });
}

describe('crash guard (db/crash-guard.ts)', () => {
  it("an 'error' nobody listens to from a lost database connection leaves the process alive", () => {
    const r = runGuarded(`
      // As from a socket's callback: a checked-out pg client, a LISTEN client, a promise nobody awaited.
      const client = new EventEmitter();
      setImmediate(() => client.emit('error', new Error('Connection terminated unexpectedly')));
      const listen = new EventEmitter();
      setImmediate(() => listen.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
      void Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    `);
    expect(r.stdout, r.stderr).toContain('ALIVE');
    expect(r.stdout.match(/WARN database connection lost/g)?.length).toBe(3);
    expect(r.status).toBe(0);
  });

  it('any other uncaught exception still ends the process with code 1', () => {
    const r = runGuarded(`setImmediate(() => { throw new TypeError('a bug'); });`);
    expect(r.stdout).not.toContain('ALIVE');
    expect(r.stdout).toContain('FATAL uncaught exception');
    expect(r.stderr).toContain('a bug');
    expect(r.status).toBe(1);
  });
});
