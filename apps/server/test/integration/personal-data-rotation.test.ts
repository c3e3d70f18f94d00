import { describe, expect, it } from 'vitest';
import { runCli } from '../support/spawn.js';
import { rotationCases } from './personal-data-rotation.cases.js';

// AES-256-GCM. The 国密 suite runs the same cases in personal-data-rotation-sm.test.ts.
rotationCases('standard');

describe('keys generate', () => {
  it('prints a fresh 32-byte base64 key, fit for GONGZHI_DATA_KEY', async () => {
    const a = await runCli(['keys', 'generate'], {});
    const b = await runCli(['keys', 'generate'], {});
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(Buffer.from(a.stdout.trim(), 'base64')).toHaveLength(32);
    expect(b.stdout).not.toBe(a.stdout);
  });
});
