#!/usr/bin/env node
// `npx gongzhi <command>`: operators' command line. Builds first when the compiled server is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(cli)) {
  const build = fileURLToPath(new URL('../../../scripts/build.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [build, '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(cli);
