import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The backup file is a plain POSIX tar with two members: the database payload first (a pg_dump
 * custom archive, or PGlite's data-folder tarball), then `manifest.json`. Plain tar so that an
 * operator can always get the payload out with standard tools (`tar -xf backup.tar
 * database.pgdump`, then `pg_restore` by hand) even without this program.
 *
 * The payload is streamed straight from pg_dump into the file (no temporary copy of a dump that
 * may be gigabytes): its header is written as a placeholder and patched once the size is known,
 * and the manifest, which carries the payload's size and SHA-256, comes last. Sizes of 8 GiB and
 * more use the GNU base-256 size field, which GNU tar and bsdtar read.
 */

const BLOCK = 512;

export const MANIFEST_NAME = 'manifest.json';

export interface PayloadInfo {
  name: string;
  bytes: number;
  sha256: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) {
    h.write(octal(size, 12), 124, 'ascii');
  } else {
    // GNU base-256: high bit of the first byte set, the number big-endian in the rest.
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('gongzhi', 265, 'ascii');
  h.write('gongzhi', 297, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Writes `fd` (a new, empty file): the payload produced by `produce` into the stream it is given,
 * then the manifest `finish` builds from the payload's size and hash, then the end-of-archive
 * blocks. Returns the payload info.
 */
export async function writeArchive(
  fd: number,
  payloadName: string,
  produce: (out: Transform) => Promise<void>,
  finish: (payload: PayloadInfo) => object,
): Promise<PayloadInfo> {
  const now = new Date();
  writeSync(fd, header(payloadName, 0, now), 0, BLOCK, 0);
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const sink = createWriteStream('', { fd, start: BLOCK, autoClose: false });
  await Promise.all([pipeline(counter, sink), produce(counter)]);
  const payload: PayloadInfo = { name: payloadName, bytes, sha256: hash.digest('hex') };
  writeSync(fd, header(payloadName, bytes, now), 0, BLOCK, 0);
  let pos = BLOCK + bytes;
  const pad = padding(bytes);
  if (pad) pos += writeSync(fd, Buffer.alloc(pad), 0, pad, pos);
  const manifest = Buffer.from(`${JSON.stringify(finish(payload), null, 2)}\n`, 'utf8');
  pos += writeSync(fd, header(MANIFEST_NAME, manifest.length, now), 0, BLOCK, pos);
  pos += writeSync(fd, manifest, 0, manifest.length, pos);
  const tail = Buffer.alloc(padding(manifest.length) + 2 * BLOCK);
  writeSync(fd, tail, 0, tail.length, pos);
  fsyncSync(fd);
  return payload;
}

export class BackupFileError extends Error {}

interface Member {
  name: string;
  offset: number;
  size: number;
}

function parseHeader(h: Buffer, at: number): Member | null {
  if (h.every((b) => b === 0)) return null;
  if (h.toString('ascii', 257, 262) !== 'ustar') throw new BackupFileError('not tar');
  const stored = parseInt(h.toString('ascii', 148, 156).replace(/[\0 ]/g, ''), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  if (stored !== sum) throw new BackupFileError('bad header checksum');
  let size: number;
  if (h[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]!);
    size = Number(v);
  } else {
    size = parseInt(h.toString('ascii', 124, 136).replace(/[\0 ]/g, '') || '0', 8);
  }
  const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  return { name, offset: at + BLOCK, size };
}

export interface OpenedBackup {
  file: string;
  manifest: Record<string, unknown>;
  payload: Member;
}

const notBackup = (file: string) =>
  new BackupFileError(`${file} 不是共治备份文件（或文件已损坏）(not a Gongzhi backup file, or it is damaged)`);
const incomplete = (file: string) =>
  new BackupFileError(`备份文件 ${file} 不完整（可能在写入或复制时被截断）(the backup file is incomplete: truncated while written or copied)`);

/** Reads the member list and the manifest; checks that the payload is all there (not its hash: see verifyPayload). */
export function openArchive(file: string): OpenedBackup {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new BackupFileError(`无法读取备份文件 ${file}: ${(err as Error).message}`);
  }
  try {
    const length = fstatSync(fd).size;
    const members: Member[] = [];
    let at = 0;
    const h = Buffer.alloc(BLOCK);
    // Ours has two members; read at most the first two headers.
    while (members.length < 2) {
      // The file ends where a header should be: cut short (or, with nothing read yet, not ours).
      if (at + BLOCK > length) throw members.length === 0 ? notBackup(file) : incomplete(file);
      readSync(fd, h, 0, BLOCK, at);
      let m: Member | null;
      try {
        m = parseHeader(h, at);
      } catch {
        throw members.length === 0 ? notBackup(file) : incomplete(file);
      }
      if (!m) break; // the end-of-archive block: a whole tar, just not ours
      if (m.offset + m.size > length) throw incomplete(file);
      members.push(m);
      at = m.offset + m.size + padding(m.size);
    }
    const [payload, manifestMember] = members;
    if (!payload || payload.name === MANIFEST_NAME || manifestMember?.name !== MANIFEST_NAME) throw notBackup(file);
    if (manifestMember.size > 16 * 1024 * 1024) throw notBackup(file);
    const buf = Buffer.alloc(manifestMember.size);
    readSync(fd, buf, 0, buf.length, manifestMember.offset);
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new BackupFileError(`备份文件 ${file} 已损坏：清单 manifest.json 无法读取 (the backup file is damaged: unreadable manifest)`);
    }
    return { file, manifest, payload };
  } finally {
    closeSync(fd);
  }
}

/** The payload's bytes as a stream. */
export const payloadStream = (b: OpenedBackup): Readable =>
  b.payload.size === 0 ? Readable.from([]) : createReadStream(b.file, { start: b.payload.offset, end: b.payload.offset + b.payload.size - 1 });

/** Reads the whole payload once and compares its size and SHA-256 with the manifest's. */
export async function verifyPayload(b: OpenedBackup, expected: PayloadInfo): Promise<void> {
  if (b.payload.name !== expected.name || b.payload.size !== expected.bytes) throw incomplete(b.file);
  const hash = createHash('sha256');
  for await (const chunk of payloadStream(b)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== expected.sha256) {
    throw new BackupFileError(`备份文件 ${b.file} 已损坏：内容校验值与清单不符 (the backup file is damaged: its SHA-256 does not match the manifest)`);
  }
}
