import { type SpecialGroupTag, checkIdNumber, maskPersonal } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/app-error.js';
import { can } from '../identity/policy.js';
import { openConflictTask } from './conflict.js';
import { type Changes, recordChange } from './history.js';
import type { HouseholdRow } from './household-repository.js';
import { type SealedResident, sealResident } from './resident-fields.js';
import { ResidentRepository } from './resident-repository.js';
import { auditBase, type Caller, shanghaiToday } from './scope.js';

/** A person entering a household, whichever way: registration, move in, birth. */
export interface Admission {
  kind: 'created' | 'moved_in' | 'born';
  name: string;
  idNumber: string;
  phone?: string | null | undefined;
  relation: string;
  hukouHere: boolean;
  livesHere: boolean;
  politicalStatus: string;
  tags: readonly SpecialGroupTag[];
  movedInOn?: string | null | undefined;
  reason?: string | undefined;
}

const isActiveIdViolation = (e: unknown) => (e as { code?: string; constraint?: string }).code === '23505';
const auditActions = { created: 'resident.create', moved_in: 'resident.move_in', born: 'resident.birth' } as const;

/** The masked picture of a sealed person, as history and audit keep it. */
export function maskedOf(s: SealedResident, a: Pick<Admission, 'relation' | 'hukouHere' | 'livesHere' | 'politicalStatus'>): Changes {
  return {
    name: { to: s.name_mask },
    idNumber: { to: s.id_number_mask },
    ...(s.phone_mask ? { phone: { to: s.phone_mask } } : {}),
    ...(s.tag_tokens.length ? { tags: { to: maskPersonal('tags', '') } } : {}),
    relation: { to: a.relation },
    hukouHere: { to: a.hukouHere },
    livesHere: { to: a.livesHere },
    politicalStatus: { to: a.politicalStatus },
  };
}

/**
 * Admits a person into a household. An ID number active anywhere is a conflict (409, a 核查 task,
 * nothing written to resident); a person who moved out of a household in the caller's scope
 * returns on the same record (history continues); otherwise a new record. History and audit commit
 * with the change.
 */
export class ResidentService {
  constructor(private readonly ctx: AppContext) {}

  async admit(target: HouseholdRow, a: Admission, caller: Caller): Promise<string> {
    let sealed: SealedResident;
    try {
      sealed = sealResident(this.ctx.cipher, { name: a.name, idNumber: a.idNumber, phone: a.phone ?? null, tags: a.tags });
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', (e as Error).message);
    }
    const idNumber = (checkIdNumber(a.idNumber) as { value: string }).value;
    if (a.kind === 'born' && sealed.birth_date < addYears(shanghaiToday(), -18)) {
      throw new AppError('VALIDATION_FAILED', '出生登记的身份证号显示已满 18 周岁，请改用“迁入”登记', [{ in: 'body', path: 'idNumber', message: '出生登记应为未成年人' }]);
    }
    const repo = new ResidentRepository(this.ctx.db);
    const known = await repo.byIdNumber(sealed.id_number_bidx);
    const living = known.find((r) => r.status === 'active' || r.status === 'deceased');
    if (living) return this.conflict(target, living, a, idNumber, caller);
    const returning = a.kind === 'born' ? undefined : known.find((r) => r.status === 'moved_out' && can(caller.principal, 'resident.manage', { path: r.path }));
    const movedInOn = a.kind === 'born' ? sealed.birth_date : (a.movedInOn ?? null);
    const place = { household_id: target.id, building_id: target.building_id, compound_id: target.compound_id, neighborhood_id: target.neighborhood_id, path: target.path };
    const person = { ...sealed, relation: a.relation, hukou_here: a.hukouHere, lives_here: a.livesHere, political_status: a.politicalStatus, moved_in_on: movedInOn };
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        let id: string;
        let changes = maskedOf(sealed, a);
        let kind: Admission['kind'] = a.kind;
        if (returning) {
          // A returning person: the same record, so the history of the earlier stay stays with it.
          await trx
            .updateTable('resident')
            .set((eb) => ({ ...person, ...place, status: 'active', left_on: null, version: eb('version', '+', 1), updated_at: new Date() }))
            .where('id', '=', returning.id)
            .execute();
          id = returning.id;
          kind = 'moved_in';
          changes = { ...changes, status: { from: 'moved_out', to: 'active' }, household: { to: `${target.c_name}${target.b_name}${target.room}` } };
        } else {
          const row = await trx.insertInto('resident').values({ ...person, ...place, source: 'manual' }).returning('id').executeTakeFirstOrThrow();
          id = row.id;
        }
        if (movedInOn) changes.movedInOn = { to: movedInOn };
        await this.written(trx, caller, target, id, kind, changes, a.reason, auditActions[a.kind]);
        return id;
      });
    } catch (e) {
      // Someone registered the same person a moment ago: the unique index says so.
      if (!isActiveIdViolation(e)) throw e;
      const again = (await repo.byIdNumber(sealed.id_number_bidx)).find((r) => r.status === 'active');
      if (!again) throw e;
      return this.conflict(target, again, a, idNumber, caller);
    }
  }

  private async conflict(target: HouseholdRow, living: { id: string; household_id: string; status: string; n_name: string }, a: Admission, idNumber: string, caller: Caller): Promise<never> {
    if (living.household_id === target.id && living.status === 'active') {
      throw new AppError('RESIDENT_CONFLICT', '该居民已是本户在册居民，无需重复登记', { residentId: living.id, sameHousehold: true }, 'This person is already an active member of this household');
    }
    const taskId = await openConflictTask(
      this.ctx,
      target,
      { existingId: living.id, existingNeighborhood: living.n_name, existingStatus: living.status as 'active', idNumber, name: a.name },
      caller,
      a.kind,
    );
    const zh =
      living.status === 'deceased'
        ? '该身份证号对应的居民已登记死亡，未予登记；已生成核查任务，请核实后处理'
        : `该身份证号已在${living.n_name}登记为在册居民，未予登记；已生成核查任务，请核实后处理`;
    throw new AppError('RESIDENT_CONFLICT', zh, { verificationTaskId: taskId }, 'This ID number belongs to an existing record; nothing was saved and a verification task was opened');
  }

  /** History row and audit record of a change, in the change's transaction. */
  async written(trx: Kysely<DB>, caller: Caller, h: { id: string; neighborhood_id: string; path: string }, residentId: string, kind: 'created' | 'updated' | 'moved_in' | 'moved_out' | 'deceased' | 'born', changes: Changes, reason: string | undefined | null, action: string) {
    await recordChange(trx, { residentId, householdId: h.id, neighborhoodId: h.neighborhood_id, path: h.path, kind, changes, reason, actorId: caller.principal.userId });
    await this.ctx.audit.append({ ...auditBase(caller), action, resourceType: 'resident', resourceId: residentId, unitPath: h.path, after: changes, detail: reason ? { reason } : null }, trx);
  }
}

/** 'YYYY-MM-DD' moved by whole years (29 February falls back to the 28th). */
export function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}
