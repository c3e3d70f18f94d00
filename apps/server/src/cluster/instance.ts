import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * This process among the server instances sharing one database: in log lines, in the origin of the
 * changes it broadcasts (so it can skip its own echo) and in the output of the jobs it runs.
 * Host and pid say where to look; the random tail tells apart a restarted process with a reused pid.
 */
export const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
