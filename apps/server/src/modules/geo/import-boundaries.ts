import type { UnitLevel } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { CryptoSuite } from '../../crypto/digest.js';
import type { DB } from '../../db/schema.js';
import { AuditWriter } from '../audit/writer.js';
import { AppError } from '../../http/app-error.js';
import { JurisdictionRepository, geometryColumns } from '../jurisdiction/repository.js';
import { BoundaryRepository } from './boundary-repository.js';
import { type LayoutUnit, layoutUnits } from './layout.js';
import { Locator } from './locator.js';
import { createRng } from './rng.js';
import { geometryStats } from './stats.js';
import type { PolygonGeometry, Position } from './types.js';
import { type FeatureProblem, validateBoundaryFeature } from './validate.js';

export interface ImportBoundariesInput {
  level: Exclude<UnitLevel, 'district'>;
  nameProperty: string;
  rewind: boolean;
  dryRun: boolean;
  collection: unknown;
  seed: number;
  suite: CryptoSuite;
  /** Who imports (audit trail): a username or `cli:<os user>`. */
  actor: string;
}

export interface ImportReport {
  level: string;
  features: number;
  matched: { index: number; code: string; name: string }[];
  unmatched: { index: number; value: string | null; reason: string }[];
  problems: FeatureProblem[];
  warnings: string[];
  applied: boolean;
  unitsUpdated: number;
  compoundsMoved: number;
}

const depthOf: Record<UnitLevel, number> = { district: 0, subdistrict: 1, neighborhood: 2, grid: 3 };

/** 华一居民区 / 华一居委会 / 华一居民委员会 name the same neighborhood in real files. */
const normalizeName = (s: string) => s.trim().replace(/\s+/g, '').replace(/(居民委员会|居委会|居民区|社区)$/, '');

/**
 * Replace the boundaries of one level with imported ones. All or nothing: any invalid feature
 * or ambiguous match and nothing is written. Generated units are re-laid out around the imported
 * ones, and compounds are re-assigned to the grid that now holds them.
 */
export async function importBoundaries(db: Kysely<DB>, input: ImportBoundariesInput): Promise<ImportReport> {
  const features = featuresOf(input.collection);
  const units = await new JurisdictionRepository(db).allWithGeometry();
  const candidates = units.filter((u) => u.level === input.level);
  const byCode = new Map(candidates.map((u) => [u.code, u]));
  const byName = new Map<string, typeof candidates>();
  for (const u of candidates) byName.set(normalizeName(u.name), [...(byName.get(normalizeName(u.name)) ?? []), u]);

  const report: ImportReport = { level: input.level, features: features.length, matched: [], unmatched: [], problems: [], warnings: [], applied: false, unitsUpdated: 0, compoundsMoved: 0 };
  const imported = new Map<string, PolygonGeometry>();
  features.forEach((f, index) => {
    const { geometry, problems } = validateBoundaryFeature(f, index, { rewind: input.rewind });
    report.problems.push(...problems);
    const raw = (f as { properties?: Record<string, unknown> } | null)?.properties?.[input.nameProperty];
    const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : null;
    if (!value) {
      report.unmatched.push({ index, value: null, reason: `第 ${index + 1} 个要素：缺少属性 ${input.nameProperty}` });
      return;
    }
    const hits = byCode.has(value) ? [byCode.get(value)!] : (byName.get(normalizeName(value)) ?? []);
    if (hits.length === 0) {
      report.unmatched.push({ index, value, reason: `第 ${index + 1} 个要素：“${value}”与任何${levelZh(input.level)}的名称或代码都不匹配` });
      return;
    }
    if (hits.length > 1) {
      report.problems.push({ index, code: 'NOT_A_FEATURE', message: `第 ${index + 1} 个要素：名称“${value}”对应多个${levelZh(input.level)}（${hits.map((h) => h.code).join('、')}），请改用代码匹配` });
      return;
    }
    const unit = hits[0]!;
    if (imported.has(unit.id)) {
      report.problems.push({ index, code: 'NOT_A_FEATURE', message: `第 ${index + 1} 个要素：${unit.name}（${unit.code}）在文件中出现了不止一次` });
      return;
    }
    if (geometry) imported.set(unit.id, geometry);
    report.matched.push({ index, code: unit.code, name: unit.name });
  });
  if (report.problems.length > 0 || input.dryRun || imported.size === 0) {
    if (imported.size === 0 && report.problems.length === 0) report.warnings.push('没有可导入的要素 (nothing matched)');
    return report;
  }

  const layoutInput: LayoutUnit[] = units.map((u) => ({
    id: u.id,
    parentId: u.parent_id,
    depth: depthOf[u.level],
    source: imported.has(u.id) ? 'imported' : u.boundary_source,
    geometry: imported.get(u.id) ?? (u.geometry as PolygonGeometry | null),
    seed: u.seed_lng !== null && u.seed_lat !== null ? [u.seed_lng, u.seed_lat] : null,
  }));
  const layout = layoutUnits(layoutInput, createRng(input.seed));
  report.warnings.push(...layout.warnings);

  const changes = units.flatMap((u, i) => {
    const before = layoutInput[i]!;
    const geometry = layout.geometry.get(u.id) ?? null;
    const seed: Position | null = layout.seeds.get(u.id) ?? before.seed;
    const sourceChanged = before.source !== u.boundary_source;
    if (!sourceChanged && JSON.stringify(geometry) === JSON.stringify(u.geometry)) return [];
    return [{ id: u.id, source: before.source, ...geometryColumns(geometry, geometry ? geometryStats(geometry) : null, seed) }];
  });

  const grids = units.filter((u) => u.level === 'grid');
  const locator = new Locator(
    grids.flatMap((g) => {
      const geometry = layout.geometry.get(g.id);
      return geometry ? [{ id: g.id, geometry, priority: layout.priorities.get(g.id) ?? 0 }] : [];
    }),
  );
  await db.transaction().execute(async (trx) => {
    const repo = new BoundaryRepository(trx);
    for (const c of changes) await repo.updateUnitGeometry(c);
    report.compoundsMoved = await repo.reassignCompounds(
      (lng, lat) => locator.locate(lng, lat),
      new Map(grids.map((g) => [g.id, { path: g.path, parentId: g.parent_id! }])),
    );
    await repo.bumpBoundaryVersion();
    await new AuditWriter(trx, input.suite).append(
      {
        actorName: input.actor,
        action: 'jurisdiction.import_boundaries',
        resourceType: 'jurisdiction_unit',
        detail: { level: input.level, matched: report.matched.map((m) => m.code), unmatched: report.unmatched.length, unitsUpdated: changes.length, compoundsMoved: report.compoundsMoved },
      },
      trx,
    );
  });
  report.unitsUpdated = changes.length;
  report.applied = true;
  return report;
}

function featuresOf(collection: unknown): unknown[] {
  const c = collection as { type?: unknown; features?: unknown };
  if (c && c.type === 'FeatureCollection' && Array.isArray(c.features)) return c.features;
  if (c && c.type === 'Feature') return [c];
  throw new AppError('INVALID_GEOMETRY', '文件不是 GeoJSON FeatureCollection', undefined, 'The file is not a GeoJSON FeatureCollection');
}

const levelZh = (l: UnitLevel) => ({ district: '区', subdistrict: '街镇', neighborhood: '居民区', grid: '网格' })[l];
