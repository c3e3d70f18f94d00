#!/usr/bin/env node
// `npm run bench`: every benchmark the issues name, at a data scale (--scale demo|district|city),
// against real server processes on PostgreSQL and/or embedded PGlite. One JSON document on stdout
// (its `figures`: name, what, value, unit, target, baseline, pass), a table of the figures and the
// progress on stderr; --json <file> writes the figures array alone. Options: docs/operations.md, "Benchmarks".
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { benchOne } from './lib/cases.mjs';
import { communityPhase } from './lib/community-phase.mjs';
import { dashboardPhase } from './lib/dashboard-phase.mjs';
import { runGeo } from './lib/geo.mjs';
import { benchOptions, runs } from './lib/options.mjs';
import { figuresOf, table, writeFigures } from './lib/report.mjs';
import { postgresAnswers } from './lib/server.mjs';
import { loadavg, log, machineInfo } from './lib/util.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Which databases: --db postgres|embedded|both, or auto (both when PostgreSQL answers; --quick: one, PostgreSQL first). */
async function dbKinds(o) {
  if (o.db === 'embedded' || o.db === 'postgres') return [o.db];
  if (o.db === 'both') return ['postgres', 'embedded'];
  const pgUp = await postgresAnswers(o.adminUrl);
  if (!pgUp) log(`no PostgreSQL at ${o.adminUrl.replace(/\/\/[^@]*@/, '//')}: embedded only`);
  if (!pgUp) return ['embedded'];
  return o.quick ? ['postgres'] : ['postgres', 'embedded'];
}


async function main() {
  const o = await benchOptions(process.argv.slice(2), process.env);
  mkdirSync(o.runDir, { recursive: true });
  const kinds = await dbKinds(o);
  // --quick: the community steps run on the first case database (its demo population) instead of
  // seeding a database of their own.
  o.communityOnCases = o.quick;
  o.communityKind = kinds[0];
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    } catch {
      return null;
    }
  })();
  const options = { ...o, cats: o.cats.length, adminUrl: undefined, runDir: undefined, password: undefined };
  const doc = { bench: 'gongzhi', at: new Date().toISOString(), commit, machine: machineInfo(), options, kinds, results: {} };
  const t0 = Date.now();
  log(`scale ${o.scale}${o.tiny ? ' (tiny)' : o.quick ? ' (quick)' : ''} on ${kinds.join(' + ')}; load average ${loadavg().join(' ')}`);

  if (runs(o, 'geo')) {
    log('== point → grid in process');
    doc.results.geo = await runGeo({ points: o.geoPoints, rounds: o.geoRounds, turfPoints: o.turfPoints, seed: o.seed, grids: o.geoGrids || undefined });
  }
  if (['cases', 'mixed', 'dashboard'].some((s) => runs(o, s))) {
    for (const kind of kinds) doc.results[kind] = await benchOne(kind, o, { afterLoad: runs(o, 'dashboard') ? dashboardPhase : undefined });
  }
  if (runs(o, 'community') && !o.communityOnCases) {
    // The 社区云 figures are asked at district scale on PostgreSQL, on a database of their own.
    if (kinds.includes('postgres')) doc.results.community = await communityPhase('postgres', o);
    else doc.results.community = { skipped: 'the 社区云 figures are asked at district scale on PostgreSQL; none answers here' };
  }
  if (o.communityOnCases && doc.results[o.communityKind]?.community) {
    doc.results.community = doc.results[o.communityKind].community;
    delete doc.results[o.communityKind].community;
  }

  doc.machine.loadavgAtEnd = loadavg();
  doc.seconds = Math.round((Date.now() - t0) / 1000);
  doc.figures = figuresOf(doc.results);
  log(`done in ${doc.seconds} s; load average ${loadavg().join(' ')} (other work on the machine lowers every rate)\n${table(doc.figures)}`);
  if (o.json) {
    writeFigures(o.json, doc.figures);
    log(`figures written to ${o.json}`);
  }
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

main().catch((err) => {
  log(`failed: ${err?.stack ?? err}`);
  process.exit(1);
});
