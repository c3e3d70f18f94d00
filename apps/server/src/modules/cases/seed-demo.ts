import { randomUUID } from 'node:crypto';
import type { CaseStatus, CaseType } from '@gongzhi/contracts';
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import type { DB } from '../../db/schema.js';
import type { CaseEventTable } from '../../db/schema-cases.js';
import { shanghaiDate, type WorkingCalendar } from '../calendar/working-calendar.js';
import { createRng } from '../geo/rng.js';
import type { CaseConfigSnapshot } from './config-cache.js';
import { deadlineRuleFor, followUpDeadline, handlingDeadlines, warningAt } from './deadlines.js';
import { chooseDepartments } from './dispatch.js';
import { generateCaseTexts } from './synthetic.js';
import { searchDocument } from './text/segment.js';

const HOUR = 3600_000;
const CHANNELS = ['hotline_12345', 'hotline_12345', 'resident_app', 'resident_app', 'grid_patrol', 'grid_patrol', 'iot_alarm', 'reception'];
// Each step: the action, the status it leads to, and how long after the previous step it happens.
const STEPS: { action: string; to: CaseStatus; afterHours: (r: () => number) => number; actor: string }[] = [
  { action: 'dispatch', to: 'dispatched', afterHours: () => 0.05, actor: '系统（权责清单自动派单）' },
  { action: 'sign', to: 'signed', afterHours: (r) => 0.2 + r() * 1.5, actor: '部门处置员' },
  { action: 'start', to: 'in_progress', afterHours: (r) => 0.5 + r() * 3, actor: '部门处置员' },
  { action: 'resolve', to: 'resolved', afterHours: (r) => 6 + r() * (r() < 0.15 ? 240 : 96), actor: '部门处置员' },
  { action: 'verify_pass', to: 'verified', afterHours: (r) => 1 + r() * 20, actor: '网格员' },
  { action: 'follow_up', to: 'followed_up', afterHours: (r) => 2 + r() * 24, actor: '街镇调度员' },
  { action: 'close', to: 'closed', afterHours: (r) => 0.5 + r() * 4, actor: '街镇调度员' },
];
const PUBLIC_NOTES = ['已到现场处置完毕', '已联系责任单位整改，问题已解决', '已安排专人清理并加强巡查', '已维修完成，恢复正常使用', '经协调，责任方已承诺限期整改并已完成'];

interface GridRow {
  id: string;
  parent_id: string | null;
  path: string;
  center_lng: number | null;
  center_lat: number | null;
  sub_id: string;
  sub_code: string;
  sub_name: string;
  nb_name: string;
}

/**
 * Demo history for a fresh install: cases of the last weeks in every state, so the workbench,
 * the big screen, Open311 and the classifier have something real to work on. Written directly
 * (the demo is not an audited act of anyone); skipped when already done or `count` is 0.
 */
export async function seedDemoCases(db: Kysely<DB>, deps: { cipher: FieldCipher; calendar: WorkingCalendar; cfg: CaseConfigSnapshot; count: number; seed: number; now?: Date }): Promise<number> {
  if (deps.count <= 0) return 0;
  const done = await db.selectFrom('app_meta').select('key').where('key', '=', 'seed_demo_cases').executeTakeFirst();
  if (done) return 0;
  const rng = createRng(deps.seed + 4);
  const now = deps.now ?? new Date();
  const grids = (await sql<GridRow>`
    SELECT g.id, g.parent_id, g.path::text AS path, g.center_lng, g.center_lat, s.id AS sub_id, s.code AS sub_code, s.name AS sub_name, n.name AS nb_name
    FROM jurisdiction_unit g JOIN jurisdiction_unit n ON n.id = g.parent_id JOIN jurisdiction_unit s ON s.id = n.parent_id
    WHERE g.level = 'grid' AND g.center_lng IS NOT NULL ORDER BY g.code`.execute(db)).rows;
  if (grids.length === 0) return 0;
  // The demo dispatcher's 街镇 (新华路街道) gets a larger share so its workbench is busy.
  const xinhua = grids.filter((g) => g.sub_code === '310105004');
  const texts = generateCaseTexts(deps.count, deps.seed + 5);
  const counters = new Map<string, number>();
  const cases: Record<string, unknown>[] = [];
  const events: Insertable<CaseEventTable>[] = [];

  for (const text of texts) {
    const pool = xinhua.length && rng() < 0.3 ? xinhua : grids;
    const g = pool[Math.floor(rng() * pool.length)]!;
    const received = new Date(+now - Math.pow(rng(), 1.6) * 45 * 24 * HOUR);
    const day = shanghaiDate(received);
    const seq = (counters.get(day) ?? 0) + 1;
    counters.set(day, seq);
    const id = randomUUID();
    const category = deps.cfg.categories.get(text.categoryCode);
    const urgent = !!category?.urgent;
    const choice = chooseDepartments(deps.cfg, text.categoryCode, g.sub_id);
    const rule = deadlineRuleFor(deps.cfg, text.type, text.categoryCode);
    const dl = handlingDeadlines(deps.calendar, rule, received, { urgent, complex: false });
    const cancelled = rng() < 0.03;
    let status: CaseStatus = 'received';
    let t = +received;
    const stamps: Partial<Record<string, Date>> = {};
    events.push(event(id, 'intake', null, 'received', '受理', received, '案件已受理'));
    if (cancelled) {
      t += HOUR * (0.2 + rng());
      if (t < +now) {
        status = 'cancelled';
        events.push(event(id, 'cancel', 'received', 'cancelled', '街镇调度员', new Date(t), '重复登记，已撤销'));
      }
    } else if (choice.lead) {
      for (const step of STEPS) {
        t += step.afterHours(rng) * HOUR;
        if (t >= +now) break;
        events.push(event(id, step.action, status, step.to, step.actor, new Date(t), step.action === 'resolve' ? PUBLIC_NOTES[Math.floor(rng() * PUBLIC_NOTES.length)]! : null, step.action === 'dispatch' || step.action === 'sign' ? choice.lead.id : null));
        status = step.to;
        stamps[step.action] = new Date(t);
      }
    }
    const open = ['dispatched', 'signed', 'in_progress'].includes(status);
    const w = open ? warningAt(now, { handleDueAt: dl.handleDueAt, warnAt: dl.warnAt, paused: false }) : { warning: 'none' as const, overdue: false };
    const resolvedAt = stamps.resolve ?? null;
    const phone = rng() < 0.6 ? `139${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` : null;
    const satisfaction = status === 'closed' ? (rng() < 0.86 ? 'satisfied' : 'basically_satisfied') : null;
    cases.push({
      id,
      number: `${day.replaceAll('-', '')}${String(seq).padStart(6, '0')}`,
      channel: CHANNELS[Math.floor(rng() * CHANNELS.length)]!,
      type: text.type as CaseType,
      category_code: text.categoryCode,
      urgent,
      title: text.title,
      description: text.description,
      address: `${g.sub_name}${g.nb_name}辖区`,
      lng: g.center_lng! + (rng() - 0.5) * 0.0004,
      lat: g.center_lat! + (rng() - 0.5) * 0.0004,
      subdistrict_id: g.sub_id,
      neighborhood_id: g.parent_id,
      grid_id: g.id,
      path: g.path,
      status,
      supervised: w.overdue,
      satisfaction,
      lead_department_id: status === 'received' || status === 'cancelled' ? null : choice.lead!.id,
      assist_department_ids: status === 'received' || status === 'cancelled' ? [] : choice.assists.map((a) => a.id),
      reporter_phone_enc: phone ? deps.cipher.encrypt(phone, 'case_record.reporter_phone') : null,
      reporter_phone_bidx: phone ? deps.cipher.blindIndex('phone', phone) : null,
      contact_consent: !!phone,
      public_note: resolvedAt ? (events.findLast((e) => e.case_id === id && e.action === 'resolve')?.note ?? null) : null,
      public_note_at: resolvedAt,
      received_at: received,
      dispatched_at: stamps.dispatch ?? null,
      signed_at: stamps.sign ?? null,
      resolved_at: resolvedAt,
      closed_at: stamps.close ?? null,
      rated_at: satisfaction ? stamps.close : null,
      sign_due_at: stamps.dispatch ? dl.signDueAt : null,
      handle_due_at: dl.handleDueAt,
      warn_at: dl.warnAt,
      follow_up_due_at: resolvedAt ? followUpDeadline(deps.calendar, rule, resolvedAt) : null,
      calendar_known: dl.calendarKnown,
      warning: w.warning,
      overdue: w.overdue,
      search_vector: sql`to_tsvector('simple', ${searchDocument(`${text.title} ${text.description}`)})`,
      updated_at: new Date(t > +now ? +now : t),
    });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < cases.length; i += 200) await trx.insertInto('case_record').values(cases.slice(i, i + 200) as never).execute();
    for (let i = 0; i < events.length; i += 500) await trx.insertInto('case_event').values(events.slice(i, i + 500)).execute();
    for (const [day, last] of counters) {
      await sql`INSERT INTO case_day_counter (day, last) VALUES (${day}::date, ${last}) ON CONFLICT (day) DO UPDATE SET last = GREATEST(case_day_counter.last, EXCLUDED.last)`.execute(trx);
    }
    await trx.insertInto('app_meta').values({ key: 'seed_demo_cases', value: JSON.stringify({ cases: cases.length }) }).execute();
  });
  return cases.length;
}

function event(caseId: string, action: string, from: string | null, to: string, actor: string, at: Date, note: string | null, departmentId: string | null = null): Insertable<CaseEventTable> {
  return { case_id: caseId, action, from_status: from, to_status: to, actor_id: null, actor_name: actor, actor_role: action === 'dispatch' ? 'system' : null, department_id: departmentId, note, public: action !== 'start', data: null, at };
}
