import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive, verifyPayload, writeArchive } from '../../src/backup/archive.js';
import { checkManifest, codeMigrations, FORMAT, FORMAT_VERSION } from '../../src/backup/manifest.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const payload = Buffer.from('共治'.repeat(3000)); // not a multiple of 512

async function makeArchive(name: string): Promise<string> {
  const file = path.join(dir, name);
  const fd = openSync(file, 'wx');
  await writeArchive(
    fd,
    'database.pgdump',
    async (out) => {
      out.end(payload);
    },
    (p) => ({ format: FORMAT, formatVersion: FORMAT_VERSION, payload: p }),
  );
  closeSync(fd);
  return file;
}

describe('backup file container', () => {
  it('is a plain tar: the payload, then manifest.json with its size and hash', async () => {
    const file = await makeArchive('ok.tar');
    const opened = openArchive(file);
    const info = opened.manifest.payload as { name: string; bytes: number; sha256: string };
    expect(info).toMatchObject({ name: 'database.pgdump', bytes: payload.length });
    await verifyPayload(opened, info);
    const listed = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
    expect(listed.stdout.trim().split('\n')).toEqual(['database.pgdump', 'manifest.json']);
    const out = spawnSync('tar', ['-xOf', file, 'database.pgdump']);
    expect(Buffer.compare(out.stdout, payload)).toBe(0);
  });

  it('a truncated file, a damaged payload and a foreign file are named as such', async () => {
    const file = await makeArchive('src.tar');
    const cut = path.join(dir, 'cut.tar');
    copyFileSync(file, cut);
    truncateSync(cut, 4000);
    expect(() => openArchive(cut)).toThrow(/不完整/);

    const bad = path.join(dir, 'bad.tar');
    const bytes = readFileSync(file);
    bytes[600] = bytes[600]! ^ 0xff;
    writeFileSync(bad, bytes);
    const opened = openArchive(bad);
    await expect(verifyPayload(opened, opened.manifest.payload as never)).rejects.toThrow(/已损坏/);

    const other = path.join(dir, 'notes.txt');
    writeFileSync(other, 'not a backup\n'.repeat(100));
    expect(() => openArchive(other)).toThrow(/不是共治备份文件/);
    // A whole tar of someone else's files is not ours either (and not "incomplete").
    const foreign = path.join(dir, 'foreign.tar');
    expect(spawnSync('tar', ['-cf', foreign, '-C', dir, 'notes.txt', 'src.tar']).status).toBe(0);
    expect(() => openArchive(foreign)).toThrow(/不是共治备份文件/);
    expect(() => openArchive(path.join(dir, 'missing.tar'))).toThrow(/无法读取备份文件/);
  });
});

describe('backup manifest checks', () => {
  const known = codeMigrations();
  const manifest = (over: Record<string, unknown> = {}) => ({
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    engine: 'postgres',
    appVersion: '0.1.0',
    migrations: { count: known.length, latest: known.at(-1), names: known },
    ...over,
  });

  it('accepts its own engine and schema; an older schema lists the migrations still to run', () => {
    expect(checkManifest(manifest(), 'postgres').pending).toEqual([]);
    const older = known.slice(0, 3);
    expect(checkManifest(manifest({ migrations: { count: 3, latest: older.at(-1), names: older } }), 'postgres').pending).toEqual(known.slice(3));
  });

  it('refuses the other engine, a newer schema and a newer file format with a message', () => {
    expect(() => checkManifest(manifest(), 'embedded')).toThrow(/两种数据库的备份不能互相恢复/);
    const newer = [...known, '9999_from_the_future'];
    expect(() => checkManifest(manifest({ migrations: { count: newer.length, latest: '9999_from_the_future', names: newer } }), 'postgres')).toThrow(
      /请先升级共治再恢复/,
    );
    expect(() => checkManifest(manifest({ formatVersion: FORMAT_VERSION + 1 }), 'postgres')).toThrow(/更新版本的共治/);
    expect(() => checkManifest({ hello: 1 }, 'postgres')).toThrow(/不是共治备份清单/);
  });
});
