#!/usr/bin/env node
// Builds what is out of date: the server and contracts (incremental `tsc -b`) and the web app
// (vite, only when its sources are newer than the last build), so a second `npm start` is quick.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const log = (m) => quiet || process.stdout.write(`[build] ${m}\n`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (r.status !== 0) {
    process.stderr.write(`[build] 构建失败 (build failed): ${cmd} ${args.join(' ')}\n`);
    process.exit(r.status ?? 1);
  }
}

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
let t = Date.now();
run(tsc, ['-b']);
log(`server ${Date.now() - t} ms`);

const web = path.join(root, 'apps', 'web');
const stamp = path.join(web, 'dist', '.build-stamp');
const inputs = ['src', 'index.html', 'admin', 'portal', 'screen', 'public', 'vite.config.ts', 'package.json'].map((f) => path.join(web, f));
inputs.push(path.join(root, 'packages', 'contracts', 'src'));
const srcTime = Math.max(...inputs.map(newest));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < srcTime) {
  t = Date.now();
  log('web app (vite) …');
  run('npm', ['run', '--silent', 'build', '-w', 'apps/web']);
  const compressed = precompress(path.join(web, 'dist'));
  log(`compressed copies of ${compressed} files`);
  writeFileSync(stamp, new Date().toISOString());
  log(`web ${Date.now() - t} ms`);
} else {
  log('web up to date');
}
