import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from './config.js';

/** The embedded database needs a writable folder: say so clearly instead of failing deep inside PGlite. */
export function checkDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(
      `数据目录不可写 (data folder is not writable): ${dir}\n  ${(err as Error).message}\n  请设置 GONGZHI_DATA_DIR 指向可写目录，或检查磁盘空间和权限。`,
    );
  }
}
