import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Seeded data folders of this run, one per seed setting, copied by startServer (support/server.ts). */
    e2eTemplates: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'gz-e2e-templates-'));
  project.provide('e2eTemplates', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
