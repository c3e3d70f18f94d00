import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.js';

/**
 * Creates a folder and its missing parents one level at a time. Node 20's `mkdirSync(…, { recursive })`
 * spins forever on some paths (e.g. under /proc); a plain mkdir per level fails normally instead.
 */
export function ensureDir(dir: string, mode?: number): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  for (;;) {
    try {
      if (!statSync(cur).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory: ${cur}`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(cur);
      const parent = path.dirname(cur);
      if (parent === cur) break;
      cur = parent;
    }
  }
  for (const d of missing) mkdirSync(d, mode === undefined ? undefined : { mode });
}

/** The embedded database needs a writable folder: say so clearly instead of failing deep inside PGlite. */
export function checkDataDir(dir: string): void {
  try {
    ensureDir(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(
      `数据目录不可写 (data folder is not writable): ${dir}\n  ${(err as Error).message}\n  请设置 GONGZHI_DATA_DIR 指向可写目录，或检查磁盘空间和权限。`,
    );
  }
}
