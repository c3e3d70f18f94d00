import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const contracts = fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url));
const labels = fileURLToPath(new URL('./packages/contracts/src/labels.ts', import.meta.url));
const alias = [
  { find: /^@gongzhi\/contracts\/labels$/, replacement: labels },
  { find: /^@gongzhi\/contracts$/, replacement: contracts },
];

// Database tests run twice: on embedded PGlite and on the real PostgreSQL server.
// Projects run one group after another (unit → embedded → postgres → browser): on 2 cores and
// with PGlite's memory per database, running them all at once would only thrash.
const dbProject = (kind: 'embedded' | 'postgres', groupOrder: number) => ({
  resolve: { alias },
  test: {
    name: `db-${kind}`,
    include: ['apps/server/test/integration/**/*.test.ts'],
    env: { GONGZHI_TEST_DB: kind },
    globalSetup: ['apps/server/test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores and PGlite's ~700 MB per database: keep two files at a time.
    maxWorkers: 2,
    sequence: { groupOrder },
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/server/test/unit/**/*.test.ts', 'apps/web/test/unit/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      dbProject('embedded', 1),
      dbProject('postgres', 2),
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['apps/web/test/e2e/**/*.test.ts'],
          globalSetup: ['apps/web/test/e2e/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
