// 社区云 figures (issue 6, "Speed"): district-scale seed, import of 100k rows from Excel over HTTP,
// resident search through blind indexes, every ledger for the whole district.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { log, percentile, round } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * `gongzhi seed --scale <scale>` on the target (skipped when the population is there already); at
 * demo scale `residents` people (GONGZHI_DEMO_RESIDENTS). Keys go to `dataDir`.
 */
export async function seedPopulation(target, dataDir, { scale = 'district', residents } = {}) {
  const t0 = Date.now();
  const env = { ...process.env, GONGZHI_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (target.url) env.DATABASE_URL = target.url;
  env.GONGZHI_DATA_DIR = dataDir;
  if (residents != null) env.GONGZHI_DEMO_RESIDENTS = String(residents);
  const { stdout } = await run(process.execPath, [path.join(root, 'apps/server/bin/gongzhi.mjs'), 'seed', '--scale', scale], { cwd: root, env, maxBuffer: 1 << 20 });
  const summary = JSON.parse(stdout.trim().split('\n').pop());
  return { ...summary, wallMs: Date.now() - t0 };
}

/** A deterministic PRNG (mulberry32), so a seed gives the same file. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(r, i) {
  // Born 1940–2009; the sequence part keeps the 100k numbers distinct from each other.
  const y = 1940 + Math.floor(r() * 70);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  // 310120 (奉贤区) is a region the population seed never uses: no row collides with a seeded person.
  const body = `310120${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  const sum = idWeights.reduce((s, w, k) => s + w * Number(body[k]), 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * 100k rows in the server's own template layout (its header row is read from the template the
 * server hands out), over the buildings of one neighborhood. Returns the file and the people in it.
 */
export async function buildImportFile({ templateBytes, buildings, rows, seed }) {
  const ExcelJS = (await import('exceljs')).default;
  const tpl = new ExcelJS.Workbook();
  await tpl.xlsx.load(templateBytes);
  const sheet = tpl.worksheets[0];
  const headers = [];
  sheet.getRow(1).eachCell({ includeEmpty: false }, (c, col) => (headers[col - 1] = String(c.value ?? '').replace(/\s|\*|（.*?）|\(.*?\)/g, '')));
  const r = rng(seed);
  const people = [];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.name);
  ws.addRow(headers);
  const usedId = new Set();
  for (let i = 0; i < rows; i++) {
    const b = buildings[i % buildings.length];
    let id;
    do id = idNumber(r, Math.floor(r() * 1000)); while (usedId.has(id));
    usedId.add(id);
    const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    const name = `${'王李张刘陈杨黄赵吴周'[i % 10]}${'伟芳娜敏静丽强磊军洋'[Math.floor(i / 10) % 10]}${'明华平安宁康'[Math.floor(i / 100) % 6]}`;
    const floor = 1 + Math.floor(r() * b.floors);
    const p = { name, id, phone };
    people.push(p);
    const value = (h) => {
      if (h.includes('序号')) return i + 1;
      if (h.includes('姓名')) return name;
      if (h.includes('身份证')) return id;
      if (h.includes('电话') || h.includes('手机')) return phone;
      if (h.includes('关系')) return i % 3 === 0 ? '户主' : '子女';
      if (h.includes('小区')) return b.compound;
      if (h.includes('楼')) return b.name;
      if (h.includes('单元')) return 1;
      if (h.includes('室')) return `${floor}0${1 + (i % 2)}`;
      if (h.includes('户籍')) return '是';
      if (h.includes('居住')) return '是';
      if (h.includes('政治')) return '群众';
      if (h.includes('住房')) return '自住';
      if (h.includes('特殊')) return i % 50 === 0 ? '残疾' : '';
      if (h.includes('迁入')) return '2015-06-01';
      return '';
    };
    ws.addRow(headers.map(value));
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), people, headers };
}

/** POSTs the file as the neighborhood's import; the server's answer and the wall time. */
export async function postImport(base, auth, neighborhood, bytes) {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/residents/imports?neighborhood=${neighborhood}&fileName=bench.xlsx`, {
    method: 'POST',
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: bytes,
  });
  const body = await r.json();
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`import: HTTP ${r.status} ${JSON.stringify(body).slice(0, 400)}`);
  return { ms: Math.round(ms), accepted: body.accepted, updated: body.updated, unchanged: body.unchanged, rejected: body.rejected, firstRejections: (body.rows ?? []).filter((x) => x.status === 'rejected').slice(0, 3) };
}

async function timedGet(base, auth, url) {
  const t = performance.now();
  const r = await fetch(`${base}${url}`, { headers: { cookie: auth.cookie } });
  const body = await r.json();
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

/** Exact searches by ID number and phone district-wide, by full name within the neighborhood; p50/p95. */
export async function runSearch(base, auth, { people, neighborhood, runs }) {
  const q = encodeURIComponent;
  const kinds = [
    ['id number (district)', (p) => `/api/residents?q=${q(p.id)}`],
    ['phone (district)', (p) => `/api/residents?q=${q(p.phone)}`],
    ['name (neighborhood)', (p) => `/api/residents?unit=${neighborhood}&q=${q(p.name)}`],
  ];
  const out = {};
  for (const [name, url] of kinds) {
    const times = [];
    let found = 0;
    for (let i = 0; i < runs + 5; i++) {
      const p = people[(i * 7919) % people.length];
      const { ms, body } = await timedGet(base, auth, url(p));
      if (i >= 5) times.push(ms);
      if ((body.items ?? []).length > 0) found++;
    }
    out[name] = { runs, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), found: `${found}/${runs + 5}` };
    log(`  search ${name}: p50 ${out[name].p50Ms} p95 ${out[name].p95Ms} ms, found ${out[name].found}`);
  }
  return out;
}

/** Every ledger for the whole district (JSON, as the ledger page asks), `runs` times each. */
export async function runLedgers(base, auth, { unit, runs }) {
  const list = (await timedGet(base, auth, '/api/ledgers')).body;
  const ids = (list.items ?? list).map((l) => l.id);
  const out = {};
  for (const id of ids) {
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await timedGet(base, auth, `/api/ledgers/${id}?unit=${unit}`)).ms);
    const xlsx = performance.now();
    const r = await fetch(`${base}/api/ledgers/${id}.xlsx?unit=${unit}`, { headers: { cookie: auth.cookie } });
    await r.arrayBuffer();
    out[id] = { jsonMaxMs: round(Math.max(...times)), jsonMedianMs: percentile(times, 50), xlsxMs: round(performance.now() - xlsx), xlsxStatus: r.status };
    log(`  ledger ${id}: max ${out[id].jsonMaxMs} ms (json), ${out[id].xlsxMs} ms (xlsx)`);
  }
  return out;
}
