import { createHash, randomUUID } from 'node:crypto';
import { type CaseCreate, type CaseType, checkMobile } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { shanghaiDate, WorkingCalendar } from '../calendar/working-calendar.js';
import { auditAppendRow, auditInStatement } from '../audit/statement.js';
import type { AuditEntry } from '../audit/writer.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { type CaseConfigCache, caseConfigOf } from './config-cache.js';
import { handlingDeadlines, deadlineRuleFor } from './deadlines.js';
import { chooseDepartments } from './dispatch.js';
import { intakeBatcherOf } from './intake-batch.js';
import { intakePreparerOf } from './intake-prepare.js';
import { intakeType } from './intake-type.js';
import { type IntakeWrite, photosGoneReason } from './intake-repository.js';
import { type CaseRow, CaseRepository } from './repository.js';
import { searchDocument } from './text/segment.js';
import type { CaseCaller } from './types.js';

export interface IntakeResult {
  caseId: string;
  number: string;
  replayed: boolean;
  autoDispatched: boolean;
  /** A new case as written, to answer with no further reads (absent on a replay). */
  created?: { row: CaseRow; photoIds: string[]; duplicateOf: { id: string; number: string } | null };
}

/** Thrown inside the transaction when a concurrent retry with the same key got there first. */
class LostIdempotencyRace extends Error {}

const MACHINE_CHANNELS = new Set(['open311', 'iot_alarm']);


/**
 * Intake: locate → classify → 权责清单 → deadlines → duplicates and the day's number, then one
 * statement (intake-repository.ts) writes the idempotency record, the photos' attachment, the case,
 * its timeline and the audit record, committing together.
 */
export class CaseIntakeService {
  private readonly calendar: WorkingCalendar;

  private readonly config: CaseConfigCache;

  constructor(
    private readonly ctx: AppContext,
    config?: CaseConfigCache,
  ) {
    this.config = config ?? caseConfigOf(ctx);
    this.calendar = new WorkingCalendar({ workHours: ctx.config.workHours, unknownYears: 'weekends' });
  }

  async intake(input: CaseCreate, caller: CaseCaller, idempotencyKey?: string): Promise<IntakeResult> {
    const p = caller.principal;
    const callerKey = p ? `u:${p.userId}` : `ip:${caller.ip}`;
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const repo = new CaseRepository(this.ctx.db);
    // A replayed key and a known source number are found with the day's number (prepareIntakes):
    // no look-ups of their own before the work.

    const channel = this.channelFor(input, p);
    const place = this.ctx.locator.place(input.location[0], input.location[1]);
    if (!place) throw new AppError('OUTSIDE_JURISDICTION', '该位置不在本区范围内，请在地图上重新选点', { field: 'location' });
    if (p && p.kind === 'staff' && !can(p, 'case.create', { path: place.path })) {
      throw new AppError('FORBIDDEN', '该位置不在您的辖区内，不能代为登记');
    }
    const receivedAt = this.receivedAt(input, p);
    const cfg = await this.config.get();

    const text = input.title ? `${input.title}。${input.description}` : input.description;
    const suggestion = this.ctx.classifier.suggest(text);
    let categoryCode: string | null = input.categoryCode ?? null;
    if (categoryCode) {
      const cat = cfg.categories.get(categoryCode);
      if (!cat || !cat.active || !cat.parentCode) throw new AppError('UNKNOWN_CATEGORY', `案件分类 ${categoryCode} 不存在或已停用`, { field: 'categoryCode' });
    } else if (suggestion.categoryCode && suggestion.categoryConfidence >= this.ctx.config.cases.classifyMinConfidence) {
      const cat = cfg.categories.get(suggestion.categoryCode);
      if (cat?.active) categoryCode = suggestion.categoryCode;
    }
    const category = categoryCode ? cfg.categories.get(categoryCode)! : null;
    const type: CaseType = intakeType(input.type, suggestion, category?.defaultType ?? null, this.ctx.config.cases.classifyMinConfidence);
    const urgent = input.urgent ?? category?.urgent ?? false;

    const reporter = input.reporter;
    const phone = reporter?.phone ? checkMobile(reporter.phone) : null;
    if (phone && !phone.ok) throw new AppError('VALIDATION_FAILED', phone.reason, { field: 'reporter.phone' });

    const cc = this.ctx.config.cases;
    // Every refusal that needs no database comes before this point: a number taken is a number used.
    // One read (shared with the intakes arriving meanwhile): the day's number, with the refusals
    // that would make the write fail (so a refused intake takes no number), and a likely duplicate.
    const { alloc, duplicate } = await intakePreparerOf(this.ctx).submit({
      day: shanghaiDate(receivedAt),
      idempotency: idempotencyKey ? { caller: callerKey, key: idempotencyKey } : null,
      source: input.sourceRef ? { channel, ref: input.sourceRef } : null,
      photos: { ids: input.photoIds, uploader: p?.userId ?? null },
      duplicate: { lng: input.location[0], lat: input.location[1], radiusM: cc.duplicateRadiusM, since: new Date(+receivedAt - cc.duplicateWindowHours * 3600_000), text, minSimilarity: cc.duplicateMinSimilarity },
    });
    if (!alloc.number) {
      const prior = alloc.usedKey ? await this.replay(repo, callerKey, idempotencyKey!, requestHash) : null;
      if (prior) return prior;
      if (alloc.knownSource) {
        const existing = await repo.findBySource(channel, input.sourceRef!);
        if (existing) throw duplicateSource(existing);
      }
      if (alloc.photosGone) throw photosGone();
      throw new AppError('CONFLICT', '登记冲突，请重试');
    }
    const number = alloc.number;

    const choice = chooseDepartments(cfg, categoryCode, place.subdistrictId);
    // A likely duplicate waits for a dispatcher to merge it rather than reaching a department twice.
    const autoDispatch = cc.autoDispatch && !!choice.lead && !!choice.rule?.autoDispatch && !duplicate;
    const rule = deadlineRuleFor(cfg, type, categoryCode);
    const dl = handlingDeadlines(this.calendar, rule, receivedAt, { urgent, complex: false });

    const caseId = randomUUID();
    const title = input.title || text.slice(0, 30);
    const actorName = p ? p.username : '匿名居民';
    const actorRole = p?.grants[0]?.role ?? (p ? p.kind : 'anonymous');
    const status = autoDispatch ? 'dispatched' : 'received';

    const events: Record<string, unknown>[] = [
      { action: 'intake', from_status: null, to_status: 'received', actor_id: p?.userId ?? null, actor_name: actorName, actor_role: actorRole, public: true, note: '案件已受理', data: { channel, duplicateOf: duplicate?.number ?? null }, at: receivedAt },
    ];
    if (autoDispatch) {
      events.push({ action: 'dispatch', from_status: 'received', to_status: 'dispatched', actor_id: null, actor_name: '系统（权责清单自动派单）', actor_role: 'system', department_id: choice.lead!.id, public: true, note: choice.reason, data: { ruleId: choice.rule!.id, assists: choice.assists.map((a) => a.code) }, at: receivedAt });
    }
    const auditEntry: AuditEntry = {
      actorId: p?.userId ?? null,
      actorName,
      actingRole: actorRole,
      action: 'case.create',
      resourceType: 'case',
      resourceId: caseId,
      unitPath: place.path,
      after: { number, channel, type, category: categoryCode, status, lead: choice.lead?.code ?? null, duplicateOf: duplicate?.number ?? null },
      ip: caller.ip,
      requestId: caller.requestId,
    };
    const write: IntakeWrite = {
      caseId,
      number,
      values: {
        channel,
        type,
        category_code: categoryCode,
        urgent,
        title,
        description: input.description,
        address: input.address || place.units.neighborhood.name,
        lng: input.location[0],
        lat: input.location[1],
        subdistrict_id: place.subdistrictId || null,
        neighborhood_id: place.neighborhoodId,
        grid_id: place.gridId,
        path: place.path,
        status,
        lead_department_id: autoDispatch ? choice.lead!.id : null,
        assist_department_ids: autoDispatch ? choice.assists.map((a) => a.id) : [],
        reporter_user_id: p?.kind === 'resident' ? p.userId : null,
        reporter_name_enc: reporter?.name ? this.ctx.cipher.encrypt(reporter.name, 'case_record.reporter_name') : null,
        reporter_phone_enc: phone?.ok ? this.ctx.cipher.encrypt(phone.value, 'case_record.reporter_phone') : null,
        reporter_phone_bidx: phone?.ok ? this.ctx.cipher.blindIndex('phone', phone.value) : null,
        contact_consent: reporter?.contactConsent ?? false,
        source_ref: input.sourceRef ?? null,
        attributes: input.attributes ?? null,
        classification: suggestion,
        duplicate_of_id: duplicate?.id ?? null,
        duplicate_score: duplicate ? Math.round(duplicate.sim * 1000) / 1000 : null,
        received_at: receivedAt,
        dispatched_at: autoDispatch ? receivedAt : null,
        sign_due_at: autoDispatch ? dl.signDueAt : null,
        handle_due_at: dl.handleDueAt,
        warn_at: dl.warnAt,
        calendar_known: dl.calendarKnown,
      },
      searchDoc: searchDocument(`${title} ${input.description} ${input.address}`),
      events,
      idempotency: idempotencyKey ? { caller: callerKey, key: idempotencyKey, requestHash } : null,
      photos: { ids: input.photoIds, uploader: p?.userId ?? null },
      audit: auditInStatement(this.ctx.config.crypto, this.ctx.dbKind) ? auditAppendRow(auditEntry) : null,
    };

    try {
      // One self-committing statement (else, under 国密 or embedded, one transaction with the audit
      // record chained here), shared with the intakes that arrive meanwhile: group commit.
      const row = await intakeBatcherOf(this.ctx).write(write, auditEntry);
      if (!row) throw new LostIdempotencyRace();
      this.ctx.classifier.observe();
      this.ctx.caseEvents.publish({
        caseId,
        number,
        action: autoDispatch ? 'dispatch' : 'intake',
        status,
        subdistrict: place.units.subdistrict.code,
        at: new Date().toISOString(),
        path: place.path,
        leadDepartmentId: autoDispatch ? choice.lead!.id : null,
        assistDepartmentIds: autoDispatch ? choice.assists.map((a) => a.id) : [],
        reporterUserId: p?.kind === 'resident' ? p.userId : null,
      });
      const u = place.units;
      return {
        caseId,
        number,
        replayed: false,
        autoDispatched: autoDispatch,
        created: {
          row: { ...row, sub_code: u.subdistrict.code, sub_name: u.subdistrict.name, nb_code: u.neighborhood.code, nb_name: u.neighborhood.name, grid_code: u.grid.code, grid_name: u.grid.name },
          photoIds: input.photoIds,
          duplicateOf: duplicate ? { id: duplicate.id, number: duplicate.number } : null,
        },
      };
    } catch (err) {
      if (err instanceof LostIdempotencyRace || (idempotencyKey && isUniqueViolation(err, 'case_record_source'))) {
        const prior = await this.replay(repo, callerKey, idempotencyKey!, requestHash);
        if (prior) return prior;
      }
      if ((err as { code?: string }).code === 'P0001' && (err as Error).message === photosGoneReason) throw photosGone();
      if (isUniqueViolation(err, 'case_record_source') && input.sourceRef) {
        const existing = await repo.findBySource(channel, input.sourceRef);
        if (existing) throw duplicateSource(existing);
      }
      throw err;
    }
  }

  private async replay(repo: CaseRepository, callerKey: string, key: string, requestHash: string): Promise<IntakeResult | null> {
    const prior = await repo.idempotent(callerKey, key);
    if (!prior) return null;
    if (prior.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', undefined, { field: 'Idempotency-Key' });
    const row = await repo.findById(prior.resource_id);
    if (!row) return null;
    return { caseId: row.id, number: row.number, replayed: true, autoDispatched: row.dispatched_at !== null && +row.dispatched_at === +row.received_at };
  }

  /** Residents and anonymous visitors report through the resident channel; machines through theirs. */
  private channelFor(input: CaseCreate, p: Principal | null): string {
    if (!p || p.kind === 'resident') return 'resident_app';
    if (p.kind === 'staff' && MACHINE_CHANNELS.has(input.channel)) {
      throw new AppError('VALIDATION_FAILED', '该渠道只接受接口接入', { field: 'channel' });
    }
    return input.channel;
  }

  /** The clock starts when the case was first received: staff and machines may say when (hotline, reception). */
  private receivedAt(input: CaseCreate, p: Principal | null): Date {
    const now = new Date();
    if (!input.receivedAt) return now;
    if (!p || p.kind === 'resident') throw new AppError('VALIDATION_FAILED', '只有工作人员可以补录受理时间', { field: 'receivedAt' });
    const t = new Date(input.receivedAt);
    if (+t > +now + 5 * 60_000) throw new AppError('VALIDATION_FAILED', '受理时间不能晚于当前时间', { field: 'receivedAt' });
    if (+now - +t > 3 * 366 * 86_400_000) throw new AppError('VALIDATION_FAILED', '受理时间不能早于三年前', { field: 'receivedAt' });
    return t;
  }
}

const photosGone = () => new AppError('VALIDATION_FAILED', '照片不存在或已被使用，请重新上传', { field: 'photoIds' });

function duplicateSource(existing: { id: string; number: string }) {
  return new AppError('DUPLICATE_SOURCE', `该来源编号已登记为案件 ${existing.number}`, { caseId: existing.id, number: existing.number });
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return !!e && e.code === '23505' && (!constraint || e.constraint === constraint);
}
