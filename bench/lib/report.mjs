// The figures of a run: one flat list `{ name, what, value, unit, target, baseline?, pass }` read
// out of the detailed results, a readable table of it (stderr) and the --json file.
import { writeFileSync } from 'node:fs';
import { TARGETS } from './cases.mjs';
import { COMMUNITY_TARGETS } from './community-phase.mjs';

/** `target` is a comparison as text ('>= 500000', '< 100', '= 0') or null (reported, no target). */
function figure(name, what, value, unit, target = null, baseline = undefined) {
  const f = { name, what, value, unit, target, pass: passes(value, target) };
  if (baseline) f.baseline = baseline;
  return f;
}

function passes(value, target) {
  if (target == null || value == null) return null;
  const [op, bound] = target.split(' ');
  const b = Number(bound);
  return { '>=': value >= b, '>': value > b, '<': value < b, '<=': value <= b, '=': value === b }[op] ?? null;
}

function caseFigures(kind, r) {
  const t = TARGETS[kind];
  const out = [];
  if (r.intake) {
    const raw = r.rawInsert ? { name: 'raw insert rate of the same database', value: r.rawInsert.insertsPerSec, unit: 'inserts/s' } : undefined;
    out.push(figure(`${kind}.intake.rate`, `POST /api/cases over HTTP, ${r.intake.concurrency} connections, ${r.intake.durationS} s`, r.intake.casesPerSec, 'cases/s', `>= ${t.intakePerSec}`, raw));
    out.push(figure(`${kind}.intake.p99`, 'intake latency, 99th percentile', r.intake.p99Ms, 'ms', t.intakeP99Ms == null ? null : `< ${t.intakeP99Ms}`));
    out.push(figure(`${kind}.intake.errors`, 'intake answers other than 201, and timeouts', r.intake.errors, 'requests', '= 0'));
  }
  if (r.list) {
    const worst = r.targets?.list?.worstP95Ms ?? null;
    out.push(figure(`${kind}.list.worst_p95`, `slowest GET /api/cases query (p95 of ${r.list.runsPerQuery} runs) over ${r.list.cases.toLocaleString('en')} cases, dispatcher and district admin`, worst, 'ms', `< ${t.listP95Ms}`));
  }
  if (r.mixed) {
    const m = r.mixed;
    const during = `mixed load (80 % reads, 15 % actions, 5 % intake), ${m.connections} connections, ${m.durationS} s`;
    const bare = m.baseline ? { name: `autocannon against a bare Fastify route, same connections`, value: m.baseline.requestsPerSec, unit: 'requests/s' } : undefined;
    out.push(figure(`${kind}.mixed.throughput`, during, m.requestsPerSec, 'requests/s', null, bare));
    for (const p of ['p50', 'p95', 'p99']) out.push(figure(`${kind}.mixed.${p}`, `${during}: latency, ${p}`, m[`${p}Ms`], 'ms'));
    out.push(figure(`${kind}.mixed.errors`, `${during}: 4xx/5xx answers and timeouts`, m.errors, 'requests', '= 0'));
    // PGlite runs inside the server process: its RSS holds the database too.
    const rss = m.serverMemory?.peakRssMb ?? null;
    if (rss != null) out.push(figure(`${kind}.mixed.server_peak_rss`, 'server process peak RSS (VmHWM) by the end of the mixed load', rss, 'MiB', kind === 'postgres' ? '< 400' : null));
  }
  // The dashboard benchmark (bench/lib/dashboard.mjs) reports its own figures in this shape.
  if (Array.isArray(r.dashboard?.figures)) out.push(...r.dashboard.figures.map((f) => ({ ...f, name: f.name.startsWith(`${kind}.`) ? f.name : `${kind}.${f.name}`, pass: f.pass ?? passes(f.value, f.target) })));
  return out;
}

function communityFigures(c) {
  if (!c?.import) return [];
  const t = COMMUNITY_TARGETS;
  const rate = Math.round(t.importRows / t.importSeconds);
  const s = c.search;
  return [
    figure('community.import.rate', `resident import from .xlsx over HTTP, ${c.import.rows.toLocaleString('en')} rows (target: ${t.importRows.toLocaleString('en')} rows in ${t.importSeconds} s)`, c.import.rowsPerSec, 'rows/s', `>= ${rate}`),
    figure('community.search.id_p95', 'resident search by exact ID number, district-wide, p95', s['id number (district)'].p95Ms, 'ms', `< ${t.exactSearchP95Ms}`),
    figure('community.search.phone_p95', 'resident search by exact mobile, district-wide, p95', s['phone (district)'].p95Ms, 'ms', `< ${t.exactSearchP95Ms}`),
    figure('community.search.name_p95', 'resident search by full name within a neighborhood, p95', s['name (neighborhood)'].p95Ms, 'ms', `< ${t.nameSearchP95Ms}`),
    figure('community.ledger.worst', 'slowest district ledger as JSON', c.verdict.worstLedgerMs, 'ms', `< ${t.ledgerSeconds * 1000}`),
  ];
}

export function figuresOf(results) {
  const out = [];
  if (results.geo) {
    const g = results.geo;
    out.push(
      figure('geo.locate', `point → grid in process over ${g.grids} grids (flatbush + ray casting), ${g.points.toLocaleString('en')} seeded random points in the district's bbox`, g.locatorPointsPerSec, 'points/s', '>= 500000', {
        name: `turf alone (boolean-point-in-polygon over the grids until one contains the point), ${g.turfPoints} points`,
        value: g.turfPointsPerSec,
        unit: 'points/s',
      }),
    );
  }
  for (const kind of ['postgres', 'embedded']) if (results[kind]) out.push(...caseFigures(kind, results[kind]));
  out.push(...communityFigures(results.community));
  return out;
}

const fmt = (v) => (v == null ? '—' : typeof v === 'number' ? v.toLocaleString('en') : String(v));

/** The figures as an aligned text table (for stderr). */
export function table(figures) {
  const rows = [['figure', 'value', 'target', 'baseline', 'pass']];
  for (const f of figures) {
    rows.push([f.name, `${fmt(f.value)} ${f.unit}`, f.target ?? '—', f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit}` : '—', f.pass == null ? '—' : f.pass ? 'yes' : 'NO']);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(w[i])).join('  ');
  return [line(rows[0]), w.map((n) => '-'.repeat(n)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** --json <file>: the figures array alone. */
export function writeFigures(file, figures) {
  writeFileSync(file, `${JSON.stringify(figures.map(({ name, what, value, unit, target, baseline, pass }) => ({ name, what, value, unit, target, ...(baseline ? { baseline } : {}), pass })), null, 2)}\n`);
}
