import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseWorkHours, type WorkHours } from './modules/calendar/working-calendar.js';

const MiB = 1024 * 1024;

/** Everything the server reads from its environment, parsed once at boot. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
    .optional(),
  GONGZHI_DATA_DIR: z.string().min(1).default('./data'),
  GONGZHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GONGZHI_SEED_SCALE: z.enum(['demo', 'district', 'none']).default('demo'),
  GONGZHI_SEED: z.coerce.number().int().default(20251128),
  GONGZHI_TILE_URL: z.string().url('GONGZHI_TILE_URL 必须是合法的 URL 模板').optional(),
  GONGZHI_WEB_DIR: z.string().optional(),
  GONGZHI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  GONGZHI_CRYPTO: z.enum(['standard', 'sm']).default('standard'),
  GONGZHI_DATA_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'GONGZHI_DATA_KEY 必须是 32 字节密钥的 base64（可用 npx gongzhi keys generate 生成）').optional(),
  GONGZHI_DATA_KEYS_OLD: z.string().optional(),
  GONGZHI_BLIND_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'GONGZHI_BLIND_KEY 必须是 32 字节密钥的 base64').optional(),
  GONGZHI_DEMO_PASSWORD: z.string().min(10, '演示密码至少 10 位').default('Changning@2025'),
  GONGZHI_DEMO_MFA: z.enum(['0', '1']).default('0'),
  GONGZHI_DEMO_OPEN311_KEY: z.string().min(16).default('gzt_demo_open311_changning_2025'),
  GONGZHI_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  GONGZHI_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  GONGZHI_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  GONGZHI_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  GONGZHI_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  GONGZHI_GRANT_APPROVAL_LEVEL: z.enum(['district', 'subdistrict', 'neighborhood', 'grid', 'none']).default('subdistrict'),
  GONGZHI_REVEAL_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
  GONGZHI_COOKIE_SECURE: z.enum(['auto', '0', '1']).default('auto'),
  // Proxies whose X-Forwarded-For / -Proto are believed: comma-separated addresses, CIDRs or
  // loopback / linklocal / uniquelocal. Unset: none (the server is reached directly).
  GONGZHI_TRUST_PROXY: z
    .string()
    .refine(
      (v) => v.split(',').every((p) => ['loopback', 'linklocal', 'uniquelocal'].includes(p.trim()) || isIP(p.trim().replace(/\/\d{1,3}$/, '')) !== 0),
      'GONGZHI_TRUST_PROXY 应为逗号分隔的地址、CIDR（如 127.0.0.1,10.0.0.0/8）或 loopback',
    )
    .optional(),
  GONGZHI_WORK_HOURS: z
    .string()
    .refine((v) => parseWorkHours(v) !== null, 'GONGZHI_WORK_HOURS 应为 HH:MM-HH:MM 形式（如 09:00-17:30），且下班时间晚于上班时间')
    .default('09:00-17:30'),
  GONGZHI_DEMO_CASES: z.coerce.number().int().min(0).max(200_000).default(1200),
  // 社区云 demo population: ~5% of Changning's 693k; `gongzhi seed --scale district` makes the full size.
  GONGZHI_DEMO_RESIDENTS: z.coerce.number().int().min(0).max(1_000_000).default(35_000),
  GONGZHI_AUTO_DISPATCH: z.enum(['0', '1']).default('1'),
  GONGZHI_CLASSIFY_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  GONGZHI_DUPLICATE_RADIUS_M: z.coerce.number().min(0).max(5000).default(100),
  GONGZHI_DUPLICATE_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 90).default(72),
  GONGZHI_DUPLICATE_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.3),
  GONGZHI_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  GONGZHI_DEADLINE_SCAN_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  GONGZHI_CASE_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(200_000).default(20_000),
  GONGZHI_PHOTO_MAX_BYTES: z.coerce.number().int().min(64 * 1024, 'GONGZHI_PHOTO_MAX_BYTES 至少 64 KiB').max(50 * MiB, 'GONGZHI_PHOTO_MAX_BYTES 最多 50 MiB').default(5 * MiB),
  GONGZHI_PHOTO_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(200_000_000).default(50_000_000),
  GONGZHI_ANON_PHOTOS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
  GONGZHI_PHOTO_UNATTACHED_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
  GONGZHI_IMPORT_MAX_BYTES: z.coerce.number().int().min(64 * 1024).max(100 * MiB).default(10 * MiB),
  GONGZHI_HOTLINE_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(2000),
  GONGZHI_RESIDENT_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(200_000),
  GONGZHI_RESIDENT_IMPORT_MAX_BYTES: z.coerce.number().int().min(64 * 1024).max(500 * MiB).default(64 * MiB),
}).refine((c) => !c.GONGZHI_DATA_KEY || c.GONGZHI_BLIND_KEY, {
  path: ['GONGZHI_BLIND_KEY'],
  message: '设置了 GONGZHI_DATA_KEY 时必须同时设置 GONGZHI_BLIND_KEY（盲索引密钥，不随数据密钥轮换）',
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof ConfigSchema>['GONGZHI_LOG_LEVEL'];
  seedScale: 'demo' | 'district' | 'none';
  seed: number;
  tileUrl: string | undefined;
  webDir: string | undefined;
  dbPoolSize: number;
  crypto: 'standard' | 'sm';
  dataKey: string | undefined;
  dataKeysOld: string[];
  blindKey: string | undefined;
  demoPassword: string;
  demoMfa: boolean;
  demoOpen311Key: string;
  /** Historical cases seeded with the demo (0: none). */
  demoCases: number;
  demoResidents: number;
  sessionIdleMinutes: number;
  /** How long a resolved session or token is reused without asking the database (0: never). */
  authCacheMs: number;
  sessionMaxHours: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** Grants at this level or above (and every administrator role) need a second person's approval. */
  grantApprovalLevel: 'district' | 'subdistrict' | 'neighborhood' | 'grid' | 'none';
  revealPerHour: number;
  cookieSecure: 'auto' | boolean;
  /** Proxy addresses whose forwarded headers give the client's address and protocol (undefined: trust none). */
  trustProxy: string[] | undefined;
  /** Daily working hours in Asia/Shanghai, for deadlines counted in working hours. */
  workHours: WorkHours;
  cases: CaseEngineConfig;
  caseIntake: CaseIntakeConfig;
  /** 居民信息导入: rows and bytes per file (100k rows of the template are ~6 MB as .xlsx). */
  residentImport: { maxRows: number; maxBytes: number };
}

export interface CaseEngineConfig {
  /** Apply the 权责清单 at intake (else it only suggests). */
  autoDispatch: boolean;
  /** Below this confidence the suggested category is shown but not applied. */
  classifyMinConfidence: number;
  duplicateRadiusM: number;
  duplicateWindowHours: number;
  duplicateMinSimilarity: number;
  /** Working days overdue before an escalation to the level above (and again after each such span). */
  escalateAfterWorkingDays: number;
  deadlineScanSeconds: number;
  /** Most cases in one Excel export (newest or first by the list's order); the file says when it was cut. */
  exportMaxRows: number;
}

/** Limits of the extra intake channels: photo uploads and 12345 spreadsheet imports. */
export interface CaseIntakeConfig {
  /** Largest accepted photo upload, and largest decoded image (decompression bombs). */
  photoMaxBytes: number;
  photoMaxPixels: number;
  /** Photo uploads per hour and address for visitors who are not signed in. */
  anonPhotosPerHour: number;
  /** Uploaded photos never attached to a case are deleted after this many hours (abandoned reports). */
  photoUnattachedHours: number;
  /**
   * Largest 12345 spreadsheet, and most rows in one import. An import runs within its request, one
   * intake per row (≈60–75 rows/s measured on this loaded 2-core machine): 2,000 rows ≈ 30 s, under
   * a reverse proxy's usual 60 s read timeout.
   */
  importMaxBytes: number;
  hotlineMaxRows: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in the environment mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.GONGZHI_DATA_DIR.startsWith('memory://') ? c.GONGZHI_DATA_DIR : path.resolve(c.GONGZHI_DATA_DIR),
    logLevel: c.GONGZHI_LOG_LEVEL,
    seedScale: c.GONGZHI_SEED_SCALE,
    seed: c.GONGZHI_SEED,
    tileUrl: c.GONGZHI_TILE_URL,
    webDir: c.GONGZHI_WEB_DIR,
    dbPoolSize: c.GONGZHI_DB_POOL_SIZE,
    crypto: c.GONGZHI_CRYPTO,
    dataKey: c.GONGZHI_DATA_KEY,
    dataKeysOld: (c.GONGZHI_DATA_KEYS_OLD ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    blindKey: c.GONGZHI_BLIND_KEY,
    demoPassword: c.GONGZHI_DEMO_PASSWORD,
    demoMfa: c.GONGZHI_DEMO_MFA === '1',
    demoOpen311Key: c.GONGZHI_DEMO_OPEN311_KEY,
    demoCases: c.GONGZHI_DEMO_CASES,
    demoResidents: c.GONGZHI_DEMO_RESIDENTS,
    sessionIdleMinutes: c.GONGZHI_SESSION_IDLE_MINUTES,
    authCacheMs: c.GONGZHI_AUTH_CACHE_MS,
    sessionMaxHours: c.GONGZHI_SESSION_MAX_HOURS,
    lockoutAttempts: c.GONGZHI_LOCKOUT_ATTEMPTS,
    lockoutMinutes: c.GONGZHI_LOCKOUT_MINUTES,
    grantApprovalLevel: c.GONGZHI_GRANT_APPROVAL_LEVEL,
    revealPerHour: c.GONGZHI_REVEAL_PER_HOUR,
    cookieSecure: c.GONGZHI_COOKIE_SECURE === 'auto' ? 'auto' : c.GONGZHI_COOKIE_SECURE === '1',
    trustProxy: c.GONGZHI_TRUST_PROXY ? c.GONGZHI_TRUST_PROXY.split(',').map((p) => p.trim()) : undefined,
    workHours: parseWorkHours(c.GONGZHI_WORK_HOURS)!,
    cases: {
      autoDispatch: c.GONGZHI_AUTO_DISPATCH === '1',
      classifyMinConfidence: c.GONGZHI_CLASSIFY_MIN_CONFIDENCE,
      duplicateRadiusM: c.GONGZHI_DUPLICATE_RADIUS_M,
      duplicateWindowHours: c.GONGZHI_DUPLICATE_WINDOW_HOURS,
      duplicateMinSimilarity: c.GONGZHI_DUPLICATE_MIN_SIMILARITY,
      escalateAfterWorkingDays: c.GONGZHI_ESCALATE_AFTER_DAYS,
      deadlineScanSeconds: c.GONGZHI_DEADLINE_SCAN_SECONDS,
      exportMaxRows: c.GONGZHI_CASE_EXPORT_MAX_ROWS,
    },
    caseIntake: {
      photoMaxBytes: c.GONGZHI_PHOTO_MAX_BYTES,
      photoMaxPixels: c.GONGZHI_PHOTO_MAX_PIXELS,
      anonPhotosPerHour: c.GONGZHI_ANON_PHOTOS_PER_HOUR,
      photoUnattachedHours: c.GONGZHI_PHOTO_UNATTACHED_HOURS,
      importMaxBytes: c.GONGZHI_IMPORT_MAX_BYTES,
      hotlineMaxRows: c.GONGZHI_HOTLINE_MAX_ROWS,
    },
    residentImport: { maxRows: c.GONGZHI_RESIDENT_IMPORT_MAX_ROWS, maxBytes: c.GONGZHI_RESIDENT_IMPORT_MAX_BYTES },
  };
}
