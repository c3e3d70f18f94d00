import path from 'node:path';
import { z } from 'zod';

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
  };
}
