import type { SpecialGroupTag } from '@gongzhi/contracts';
import { maskPersonal } from '@gongzhi/contracts';
import type { Kysely, Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { ResidentTable } from '../../db/schema-community.js';
import { AppError } from '../../http/app-error.js';
import { type Changes, diff } from './history.js';
import type { HouseholdRow } from './household-repository.js';
import { sealResidentPart } from './resident-fields.js';
import type { ResidentRow } from './resident-repository.js';
import { ResidentService } from './resident-service.js';
import type { Caller } from './scope.js';

export interface ResidentEdit {
  version: number;
  name?: string | undefined;
  phone?: string | null | undefined;
  relation?: string | undefined;
  hukouHere?: boolean | undefined;
  livesHere?: boolean | undefined;
  politicalStatus?: string | undefined;
  reason?: string | undefined;
}

const stale = () => new AppError('CONFLICT', '该居民信息已被他人修改，请刷新后重试', undefined, 'The resident changed meanwhile; reload and retry');
const mustBeActive = (r: ResidentRow, what: string) => {
  if (r.status !== 'active') throw new AppError('RESIDENT_STATE', `该居民当前为“${r.status === 'deceased' ? '已死亡' : '已迁出'}”，不能${what}`);
};

/**
 * 基础要素动态管理 on one record: edit, special-group tags, move out, death, move to another
 * household. Each is one transaction: the row (guarded by its version), a resident_change row with
 * masked values, an audit record.
 */
export class ResidentActions {
  private readonly service: ResidentService;

  constructor(private readonly ctx: AppContext) {
    this.service = new ResidentService(ctx);
  }

  async update(r: ResidentRow, e: ResidentEdit, caller: Caller): Promise<void> {
    let sealed: ReturnType<typeof sealResidentPart>;
    try {
      sealed = sealResidentPart(this.ctx.cipher, { ...(e.name !== undefined ? { name: e.name } : {}), ...(e.phone !== undefined ? { phone: e.phone } : {}) });
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', (err as Error).message);
    }
    const plain = { relation: e.relation, hukou_here: e.hukouHere, lives_here: e.livesHere, political_status: e.politicalStatus };
    const set: Updateable<ResidentTable> = { ...sealed };
    for (const [k, v] of Object.entries(plain)) if (v !== undefined) Object.assign(set, { [k]: v });
    const changes: Changes = {
      ...diff({ name: r.name_mask, phone: r.phone_mask }, { name: sealed.name_mask, phone: sealed.phone_mask === undefined ? undefined : sealed.phone_mask }),
      ...diff(
        { relation: r.relation, hukouHere: r.hukou_here, livesHere: r.lives_here, politicalStatus: r.political_status },
        { relation: e.relation, hukouHere: e.hukouHere, livesHere: e.livesHere, politicalStatus: e.politicalStatus },
      ),
    };
    // A name edited to one with the same mask still changed: say so, without the value.
    if (sealed.name_bidx !== undefined && !changes.name && (await this.nameChanged(r.id, sealed.name_bidx))) changes.name = { from: r.name_mask, to: sealed.name_mask };
    await this.apply(r, e.version, set, 'updated', changes, e.reason, caller, 'resident.update');
  }

  async setTags(r: ResidentRow, tags: readonly SpecialGroupTag[], version: number, reason: string | undefined, caller: Caller): Promise<void> {
    const sealed = sealResidentPart(this.ctx.cipher, { tags });
    const same = [...r.tag_tokens].sort().join() === [...(sealed.tag_tokens ?? [])].sort().join();
    // Tags are sensitive: history says they changed and how many there are, never which.
    const changes: Changes = same ? {} : { tags: { from: maskPersonal('tags', ''), to: maskPersonal('tags', '') }, tagCount: { from: r.tag_tokens.length, to: tags.length } };
    await this.apply(r, version, sealed, 'updated', changes, reason, caller, 'resident.tags');
  }

  async moveOut(r: ResidentRow, v: { version?: number | undefined; leftOn: string; reason: string }, caller: Caller): Promise<void> {
    mustBeActive(r, '迁出');
    if (r.moved_in_on && v.leftOn < r.moved_in_on) throw new AppError('VALIDATION_FAILED', '迁出日期不能早于迁入日期', [{ in: 'body', path: 'leftOn', message: '迁出日期不能早于迁入日期' }]);
    const changes = { status: { from: 'active', to: 'moved_out' }, leftOn: { to: v.leftOn } };
    await this.apply(r, v.version ?? r.version, { status: 'moved_out', left_on: v.leftOn }, 'moved_out', changes, v.reason, caller, 'resident.move_out');
  }

  async death(r: ResidentRow, v: { version?: number | undefined; diedOn: string; reason?: string | undefined }, caller: Caller): Promise<void> {
    mustBeActive(r, '登记死亡');
    if (v.diedOn < r.birth_date) throw new AppError('VALIDATION_FAILED', '死亡日期不能早于出生日期', [{ in: 'body', path: 'diedOn', message: '死亡日期不能早于出生日期' }]);
    const changes = { status: { from: 'active', to: 'deceased' }, diedOn: { to: v.diedOn } };
    await this.apply(r, v.version ?? r.version, { status: 'deceased', left_on: v.diedOn }, 'deceased', changes, v.reason, caller, 'resident.death');
  }

  /** 户间迁移 within the caller's scope: a moved_out row on the old household's timeline, moved_in on the new one's. */
  async move(r: ResidentRow, from: HouseholdRow, to: HouseholdRow, v: { version?: number | undefined; movedOn: string; relation?: string | undefined; reason?: string | undefined }, caller: Caller): Promise<void> {
    mustBeActive(r, '迁移');
    if (from.id === to.id) throw new AppError('VALIDATION_FAILED', '目标户与当前户相同', [{ in: 'body', path: 'householdId', message: '目标户与当前户相同' }]);
    const set = { household_id: to.id, building_id: to.building_id, compound_id: to.compound_id, neighborhood_id: to.neighborhood_id, path: to.path, moved_in_on: v.movedOn, ...(v.relation ? { relation: v.relation } : {}) };
    const household = { from: `${from.c_name}${from.b_name}${from.room}`, to: `${to.c_name}${to.b_name}${to.room}` };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.guardedUpdate(trx, r.id, v.version ?? r.version, set);
      await this.service.written(trx, caller, from, r.id, 'moved_out', { household, movedOn: { to: v.movedOn } }, v.reason, 'resident.move');
      const moved = { household, movedInOn: { from: r.moved_in_on, to: v.movedOn }, ...(v.relation && v.relation !== r.relation ? { relation: { from: r.relation, to: v.relation } } : {}) };
      await this.service.written(trx, caller, to, r.id, 'moved_in', moved, v.reason, 'resident.move');
    });
  }

  private async apply(r: ResidentRow, version: number, set: Updateable<ResidentTable>, kind: 'updated' | 'moved_out' | 'deceased', changes: Changes, reason: string | undefined, caller: Caller, action: string): Promise<void> {
    if (Object.keys(changes).length === 0) {
      if (version !== r.version) throw stale();
      return;
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.guardedUpdate(trx, r.id, version, set);
      await this.service.written(trx, caller, { id: r.household_id, neighborhood_id: r.neighborhood_id, path: r.path }, r.id, kind, changes, reason, action);
    });
  }

  /** Optimistic concurrency: the row changes only if nobody changed it since `version` was read. */
  private async guardedUpdate(trx: Kysely<DB>, id: string, version: number, set: Updateable<ResidentTable>): Promise<void> {
    const res = await trx
      .updateTable('resident')
      .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw stale();
  }

  private async nameChanged(id: string, bidx: string): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('resident').select('name_bidx').where('id', '=', id).executeTakeFirstOrThrow();
    return row.name_bidx !== bidx;
  }
}
