import { maskPersonal } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import type { HouseholdRow } from './household-repository.js';
import { auditBase, type Caller } from './scope.js';

export interface ConflictInfo {
  /** The living record the ID number already belongs to (may lie outside the caller's scope). */
  existingId: string;
  existingNeighborhood: string;
  existingStatus: 'active' | 'deceased';
  idNumber: string;
  name: string;
}

/**
 * An ID number already living elsewhere is not overwritten: staff of the household it was entered
 * for get a 核查 task (kind 'conflict', masked detail only). One open task per existing record; a
 * repeated attempt finds the open one. Returns the task id.
 */
export async function openConflictTask(ctx: AppContext, target: HouseholdRow, c: ConflictInfo, caller: Caller, source: string): Promise<string> {
  const detail = {
    source,
    idNumber: maskPersonal('id_number', c.idNumber),
    name: maskPersonal('name', c.name),
    existingStatus: c.existingStatus,
    existingNeighborhood: c.existingNeighborhood,
    household: { id: target.id, compound: target.c_name, building: target.b_name, unitNo: target.unit_no, room: target.room },
    reportedBy: caller.principal.username,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('verification_task')
      .values({ kind: 'conflict', resident_id: c.existingId, household_id: target.id, neighborhood_id: target.neighborhood_id, path: target.path, detail: JSON.stringify(detail) })
      .onConflict((oc) => oc.columns(['kind', 'resident_id']).where('status', '=', 'open').where('resident_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    const id =
      inserted?.id ??
      (await trx.selectFrom('verification_task').select('id').where('kind', '=', 'conflict').where('resident_id', '=', c.existingId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
    await ctx.audit.append(
      {
        ...auditBase(caller),
        action: 'resident.create',
        outcome: 'failure',
        resourceType: 'household',
        resourceId: target.id,
        unitPath: target.path,
        detail: { conflict: true, verificationTaskId: id, idNumber: detail.idNumber },
      },
      trx,
    );
    return id;
  });
}
