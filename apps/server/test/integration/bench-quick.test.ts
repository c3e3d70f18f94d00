// `npm run bench` still runs: every benchmark once at the tiniest size (--quick --tiny), on the
// engine of this project. No timing is asserted: only that each benchmark produced its figures
// in the documented shape, and that the runs met the correctness checks the bench itself makes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../support/global-setup.js';
import { runNode, repoRoot } from '../support/spawn.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();
const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Figure {
  name: string;
  value: unknown;
  unit: unknown;
  target: unknown;
  baseline?: { name: string; value: unknown; unit: string };
  pass: unknown;
}

describe.skipIf(!testDbAvailable())(`npm run bench -- --quick --tiny (${kind})`, () => {
  it('runs every benchmark and writes the figures array', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'figures.json');
    const args = ['--quick', '--tiny', '--db', kind, '--json', file, '--admin-url', adminUrl(), '--port', String(3700 + (process.pid % 200)), '--bare-port', String(3950 + (process.pid % 40))];
    // The community phase keeps its keys in a folder of its own (PostgreSQL target).
    args.push('--community-data-dir', path.join(dir, 'community-keys'));
    const run = await runNode(path.join(repoRoot, 'bench/run.mjs'), args, {}, 290_000);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);

    const figures = JSON.parse(readFileSync(file, 'utf8')) as Figure[];
    const names = figures.map((f) => f.name);
    // The dashboards are measured on real PostgreSQL only (the target is for it).
    if (kind === 'postgres') expect(names).toContain('postgres.dashboard.p95');
    for (const want of ['geo.locate', `${kind}.intake.rate`, `${kind}.list.worst_p95`, `${kind}.mixed.throughput`, `${kind}.mixed.p99`, `${kind}.mixed.errors`, 'community.import.rate', 'community.ledger.worst']) {
      expect(names).toContain(want);
    }
    for (const f of figures) {
      expect(typeof f.value, f.name).toBe('number');
      expect(Number.isFinite(f.value), f.name).toBe(true);
      expect(typeof f.unit, f.name).toBe('string');
      expect(f.target === null || typeof f.target === 'string', f.name).toBe(true);
      expect(f.pass === null || typeof f.pass === 'boolean', f.name).toBe(true);
      if (f.baseline) expect(typeof f.baseline.value, `${f.name} baseline`).toBe('number');
    }
    expect(figures.find((f) => f.name === 'geo.locate')?.baseline).toBeDefined();
    expect(figures.find((f) => f.name === `${kind}.intake.rate`)?.baseline).toBeDefined();
    expect(figures.find((f) => f.name === `${kind}.mixed.throughput`)?.baseline).toBeDefined();
    // Errors are correctness, not speed: the mixed load's actions and intakes must all succeed.
    expect(figures.find((f) => f.name === `${kind}.mixed.errors`)?.value).toBe(0);
    expect(figures.find((f) => f.name === `${kind}.intake.errors`)?.value).toBe(0);

    // stdout: the whole document, whose figures are the same list.
    const doc = JSON.parse(run.stdout) as { figures: Figure[]; results: Record<string, { intake?: { check: { auditChainOk: boolean } } }> };
    expect(doc.figures.map((f) => f.name)).toEqual(names);
    expect(doc.results[kind]?.intake?.check.auditChainOk).toBe(true);
  });
});
