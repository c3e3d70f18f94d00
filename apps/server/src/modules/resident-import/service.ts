import { createHash, randomUUID } from 'node:crypto';
import { maskName, type ResidentImport, type ResidentImportRow, type ResidentImportSummary } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { sealResident } from '../residents/resident-fields.js';
import { conflictDetail, type ExistingHousehold, householdKey, planImport } from './plan.js';
import { readResidentFile } from './parse.js';
import { chunks, type ImportRecord, type NeighborhoodRow, type NewResident, ResidentImportRepository, type ResidentUpdate, writeChunk } from './repository.js';
import { type BuildingIndex, checkRow } from './rows.js';
import { buildingKey, compoundKey } from './values.js';

export type ImportContext = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'config'>;

export interface ImportInput {
  neighborhoodCode: string;
  fileName: string;
  bytes: Buffer;
  actorId: string | null;
  /** For the audit record: the user name, or `cli:<os user>`. */
  actorName?: string | null;
  actingRole?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Called with the neighborhood before the file is read; throws when the caller may not import there. */
  authorize?: (n: NeighborhoodRow) => Promise<void> | void;
}

export type ImportResult = ResidentImport & { conflictsOpened: number; householdsCreated: number };

/**
 * One import run: the file checked as a whole, every row checked and planned, then all writes in
 * ONE transaction (bulk statements of `chunkSize` rows) — a failure anywhere leaves nothing behind.
 * The stored report and the single audit record hold counts and reasons, never a personal value.
 */
export async function importResidents(ctx: ImportContext, input: ImportInput): Promise<ImportResult> {
  const repo = new ResidentImportRepository(ctx.db);
  const n = await repo.neighborhood(input.neighborhoodCode);
  if (!n) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${input.neighborhoodCode} 的居民区`, undefined, `No neighborhood ${input.neighborhoodCode}`);
  await input.authorize?.(n);
  if (input.bytes.length === 0) throw new AppError('INVALID_FILE', '请上传 .xlsx 或 CSV 文件', undefined, 'Send the file as the body');
  const limits = ctx.config.residentImport;
  if (input.bytes.length > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `导入文件不能超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const sheet = await readResidentFile(input.bytes, { maxRows: limits.maxRows, maxInflatedBytes: limits.maxBytes * 20 });

  const [buildingRows, householdRows] = await Promise.all([repo.buildings(n.id), repo.households(n.id)]);
  const index: BuildingIndex = new Map();
  for (const b of buildingRows) {
    const ck = compoundKey(b.compound_name);
    let c = index.get(ck);
    if (!c) index.set(ck, (c = { name: b.compound_name, buildings: new Map() }));
    c.buildings.set(buildingKey(b.name), { id: b.id, compoundId: b.compound_id, compoundName: b.compound_name, name: b.name, path: b.path, floors: b.floors, unitCount: b.unit_count });
  }
  const households = new Map<string, ExistingHousehold>(householdRows.map((h) => [`${h.building_id}|${h.unit_no}|${h.room}`, h]));

  const checked = sheet.rows.map((r) => checkRow(r, sheet.columns, index));
  const idIndex = checked.map((c) => (c.ok ? ctx.cipher.blindIndex('id_number', c.value.idNumber) : null));
  const existing = await repo.residentsByIdIndex([...new Set(idIndex.filter((x): x is string => x !== null))]);
  const plan = planImport(ctx.cipher, checked, idIndex, existing, households);

  const id = randomUUID();
  const counts = { accepted: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of plan.report) counts[r.status]++;
  const fileSha256 = createHash('sha256').update(input.bytes).digest('hex');
  let conflictsOpened = 0;

  await ctx.db.transaction().execute(async (trx) => {
    const w = new ResidentImportRepository(trx);
    const created = await w.insertHouseholds(
      [...plan.newHouseholds.values()].map(({ value: v, housingStatus }) => ({
        building_id: v.building.id,
        compound_id: v.building.compoundId,
        neighborhood_id: n.id,
        path: v.building.path,
        unit_no: v.unitNo,
        floor: v.floor,
        room: v.room,
        housing_status: housingStatus as 'owner',
      })),
    );
    for (const h of created) households.set(`${h.building_id}|${h.unit_no}|${h.room}`, { id: h.id, housing_status: '' });
    await w.setHousingStatus([...plan.housingUpdates].map(([hid, status]) => ({ id: hid, status })));

    // New residents a chunk at a time: while PostgreSQL writes one chunk (and its history rows),
    // the next is sealed here. Ids are made here, so the history needs no RETURNING round trip.
    const common = { neighborhoodId: n.id, reason: `批量导入：${input.fileName}`, actorId: input.actorId };
    const writes: Promise<unknown>[] = [];
    const queue = (p: Promise<unknown>) => {
      p.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
      writes.push(p);
    };
    for (const part of chunks(plan.inserts, writeChunk)) {
      const sealed = part.map(({ value: v }): NewResident => ({
        id: randomUUID(),
        ...sealResident(ctx.cipher, { name: v.name, idNumber: v.idNumber, phone: v.phone, tags: v.tags ?? [] }),
        household_id: households.get(householdKey(v))!.id,
        building_id: v.building.id,
        compound_id: v.building.compoundId,
        path: v.building.path,
        relation: v.relation,
        hukou_here: v.hukouHere,
        lives_here: v.livesHere,
        political_status: v.politicalStatus ?? 'masses',
        moved_in_on: v.movedInOn,
      }));
      queue(w.insertResidents(n.id, sealed));
      // History: one 'imported' entry per new or changed resident, masked values only.
      queue(w.insertChanges(common, sealed.map((r, i) => ({ resident_id: r.id, household_id: r.household_id, path: r.path, changes: JSON.stringify({ importId: id, row: part[i]!.row, created: true, name: r.name_mask }) }))));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);

    await w.updateResidents(
      plan.updates.map(({ value: v, existing: ex }): ResidentUpdate => {
        const s = sealResident(ctx.cipher, { name: v.name, idNumber: v.idNumber, phone: v.phone, tags: v.tags ?? [] });
        return { id: ex.id, ...s, set_tags: v.tags !== null, relation: v.relation, hukou_here: v.hukouHere, lives_here: v.livesHere, political_status: v.politicalStatus, moved_in_on: v.movedInOn };
      }),
    );
    await w.insertChanges(
      common,
      plan.updates.map(({ row, value: v, existing: ex, fields }) => ({
        resident_id: ex.id,
        household_id: ex.household_id,
        path: v.building.path,
        changes: JSON.stringify({ importId: id, row, fields, before: maskedOf(ex), after: { name: maskName(v.name), relation: v.relation, hukouHere: v.hukouHere, livesHere: v.livesHere } }),
      })),
    );
    conflictsOpened = await w.openTasks(
      plan.conflicts.map((c) => ({ kind: 'conflict' as const, resident_id: c.existing.id, neighborhood_id: n.id, path: n.path, detail: conflictDetail(c, id, input.fileName) })),
    );
    await w.insertImport({ id, neighborhoodId: n.id, fileName: input.fileName, fileSha256, counts, rows: plan.report, actorId: input.actorId });
    await ctx.audit.append(
      {
        actorId: input.actorId,
        actorName: input.actorName ?? null,
        actingRole: input.actingRole ?? null,
        action: 'resident.import',
        resourceType: 'resident_import',
        resourceId: id,
        unitPath: n.path,
        detail: { fileName: input.fileName, fileSha256, format: sheet.kind, rows: plan.report.length, ...counts, householdsCreated: created.length, conflicts: plan.conflicts.length, conflictsOpened },
        ip: input.ip ?? null,
        requestId: input.requestId ?? null,
      },
      trx,
    );
  }).catch((err: unknown) => {
    // Someone else registered one of these people between our look-up and our insert.
    if ((err as { code?: string }).code === '23505') throw new AppError('CONFLICT', '导入期间居民数据被其他操作修改，本次未导入任何数据，请重新导入', undefined, 'Residents changed during the import; nothing was written, retry');
    throw err;
  });

  return {
    id,
    neighborhood: { code: n.code, name: n.name },
    fileName: input.fileName,
    ...counts,
    importedBy: input.actorName ?? null,
    createdAt: toShanghaiIso(new Date()),
    rows: plan.report,
    conflictsOpened,
    householdsCreated: plan.newHouseholds.size,
  };
}

const maskedOf = (ex: { name_mask: string; phone_mask: string | null; relation: string; hukou_here: boolean; lives_here: boolean }) => ({
  name: ex.name_mask,
  phone: ex.phone_mask,
  relation: ex.relation,
  hukouHere: ex.hukou_here,
  livesHere: ex.lives_here,
});

export function summaryOf(r: ImportRecord): ResidentImportSummary {
  return {
    id: r.id,
    neighborhood: { code: r.n_code, name: r.n_name },
    fileName: r.file_name,
    accepted: r.accepted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    importedBy: r.importer,
    createdAt: toShanghaiIso(new Date(r.created_at)),
  };
}

export const reportRows = (report: unknown): ResidentImportRow[] => report as ResidentImportRow[];
