// One seeded database per test run, copied for each test file that boots the default demo: migrating
// and seeding the Changning demo took ~8 s (embedded) and ~4 s (PostgreSQL) per file, a large part
// of the suite. Files that change what the seed writes (demo cases or residents, keys, data folder)
// still start from an empty database.

/** The environment every templated test app boots with: the template was seeded with exactly this. */
export const TEMPLATE_ENV: Record<string, string> = {
  GONGZHI_DATA_DIR: 'memory://',
  GONGZHI_LOG_LEVEL: 'silent',
  // Tests make the cases they look at; a test that wants the demo history asks for it.
  GONGZHI_DEMO_CASES: '0',
  GONGZHI_DEMO_RESIDENTS: '0',
  // Fixed test-only keys: copies must decrypt what the template's seed sealed (an in-memory data
  // folder would otherwise get fresh random keys in every process).
  GONGZHI_DATA_KEY: 'dGVzdC1vbmx5LWRhdGEta2V5LW5vdC1mb3ItdXNlLTE=',
  GONGZHI_BLIND_KEY: 'dGVzdC1vbmx5LWJsaW5kLWtleS1ub3QtZm9yLXVzZTE=',
};

/** Settings that only limit or tune requests at run time, never what the seed writes. */
const RUNTIME_ONLY = /^GONGZHI_([A-Z_]*(MAX_ROWS|MAX_BYTES|PER_HOUR|CACHE_MS|AFTER_DAYS|MIN_SIMILARITY)|TRUST_PROXY|COOKIE_SECURE|AUTO_DISPATCH|DEMO_MFA)$/;

/** Whether a test app with these overrides may start from the template. */
export const templateFits = (env: Record<string, string>): boolean => Object.keys(env).every((k) => RUNTIME_ONLY.test(k));
