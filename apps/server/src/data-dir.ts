import { accessSync, closeSync, constants, fsyncSync, mkdirSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
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

/** Free space the embedded database needs to start: room for a few WAL segments (16 MB each) and a checkpoint. */
export const minFreeBytes = 64 * 1024 * 1024;

const reasons: Record<string, string> = {
  EROFS: '只读文件系统 (read-only file system)',
  EPERM: '不允许写入：权限不足或目录被设为不可修改 (not permitted: permissions or an immutable folder)',
  EACCES: '没有写权限 (permission denied)',
  ENOSPC: '磁盘已满 (disk full)',
  EDQUOT: '磁盘配额已用完 (disk quota exceeded)',
  ENOTDIR: '路径中有一段不是目录 (a part of the path is not a folder)',
  ENOENT: '无法创建该目录 (the folder cannot be created there)',
};

/**
 * Writes, syncs and removes a small file: access(2) alone says yes on a full disk, and (as root)
 * on a folder made read-only by permissions.
 */
function probeWrite(dir: string): void {
  const file = path.join(dir, `.gongzhi-write-test-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'w');
    writeSync(fd, Buffer.alloc(64 * 1024));
    fsyncSync(fd);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(file, { force: true });
  }
}

/**
 * The embedded database needs a writable folder with room to spare: say so clearly, before PGlite
 * or the lock file touch anything (a start refused here changes nothing in the folder), instead of
 * failing deep inside PGlite or half-way through a write.
 */
export function checkDataDir(dir: string): void {
  try {
    ensureDir(dir);
    accessSync(dir, constants.W_OK);
    probeWrite(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError(
      `数据目录不可写 (data folder is not writable): ${dir}\n  原因 reason: ${reasons[code] ?? code}\n  ${(err as Error).message}\n  请设置 GONGZHI_DATA_DIR 指向可写目录，或检查磁盘空间和权限；数据未被改动 (nothing in the folder was changed).`,
    );
  }
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < minFreeBytes) {
    const mb = (n: number) => Math.floor(n / 1024 / 1024);
    throw new ConfigError(
      `数据目录所在磁盘空间不足 (disk full): ${dir}\n  原因 reason: 磁盘已满，只剩 ${mb(free)} MB，至少需要 ${mb(minFreeBytes)} MB (disk full: ${mb(free)} MB free, ${mb(minFreeBytes)} MB needed)\n  请清理磁盘或设置 GONGZHI_DATA_DIR 指向空间足够的目录；数据未被改动 (nothing in the folder was changed).`,
    );
  }
}
