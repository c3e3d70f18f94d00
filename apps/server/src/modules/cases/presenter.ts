import {
  type Case,
  type CaseAction,
  type CaseChannel,
  type CaseClassification,
  type CaseState,
  type CaseStatus,
  type CaseSummary,
  type CaseType,
  type Satisfaction,
  type UnitRef,
  allowedActions,
  maskName,
  maskPhone,
} from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import type { CaseConfigSnapshot } from './config-cache.js';
import type { CaseRow, CaseSummaryRow } from './repository.js';
import type { CaseActorFor } from './types.js';

const iso = (d: Date | null | undefined) => (d ? toShanghaiIso(d) : null);

export function stateOf(r: Pick<CaseRow, 'status' | 'extension_requested' | 'extensions_approved' | 'supervised' | 'escalation_level' | 'reopen_count' | 'satisfaction' | 'lead_department_id' | 'assist_department_ids' | 'reporter_user_id' | 'merged_into_id'>): CaseState {
  return {
    status: r.status as CaseStatus,
    flags: {
      extensionRequested: r.extension_requested,
      extensionsApproved: r.extensions_approved,
      supervised: r.supervised,
      escalationLevel: r.escalation_level,
      reopenCount: r.reopen_count,
      satisfaction: (r.satisfaction as Satisfaction | null) ?? null,
    },
    leadDepartmentId: r.lead_department_id,
    assistDepartmentIds: r.assist_department_ids,
    reporterUserId: r.reporter_user_id,
    mergedIntoCaseId: r.merged_into_id,
  };
}

const unit = (code: string | null, name: string | null, level: UnitRef['level']): UnitRef | null => (code && name ? { code, name, level } : null);

function departmentRef(cfg: CaseConfigSnapshot, id: string | null) {
  const d = id ? cfg.departments.get(id) : undefined;
  return d ? { id: d.id, code: d.code, name: d.name } : null;
}

function categoryRef(cfg: CaseConfigSnapshot, code: string | null) {
  const c = code ? cfg.categories.get(code) : undefined;
  return c ? { code: c.code, name: c.name, parentName: c.parentName } : null;
}

function deadlines(r: CaseSummaryRow) {
  return {
    signDueAt: iso(r.sign_due_at),
    handleDueAt: iso(r.handle_due_at),
    followUpDueAt: iso(r.follow_up_due_at),
    warning: r.warning,
    overdue: r.overdue,
    paused: r.extension_requested,
    calendarKnown: r.calendar_known,
  };
}

export function presentSummary(r: CaseSummaryRow, cfg: CaseConfigSnapshot): CaseSummary {
  const s = stateOf(r);
  return {
    id: r.id,
    number: r.number,
    channel: r.channel as CaseChannel,
    type: r.type as CaseType,
    category: categoryRef(cfg, r.category_code),
    status: s.status,
    urgent: r.urgent,
    title: r.title,
    address: r.address,
    location: [r.lng, r.lat],
    subdistrict: unit(r.sub_code, r.sub_name, 'subdistrict'),
    leadDepartment: departmentRef(cfg, r.lead_department_id),
    deadlines: deadlines(r),
    flags: s.flags,
    receivedAt: toShanghaiIso(r.received_at),
    updatedAt: toShanghaiIso(r.updated_at),
    duplicateOfId: r.duplicate_of_id,
  };
}

export interface PresentExtras {
  photoIds: string[];
  duplicateOf: { id: string; number: string } | null;
  mergedInto: { id: string; number: string } | null;
  actorFor: CaseActorFor | null;
}

/** One case for a caller: reporter contact masked (reveal is a separate, audited request). */
export function presentCase(r: CaseRow, cfg: CaseConfigSnapshot, cipher: FieldCipher, x: PresentExtras): Case {
  const s = stateOf(r);
  const name = r.reporter_name_enc ? maskName(cipher.decrypt(r.reporter_name_enc, 'case_record.reporter_name')) : null;
  const phone = r.reporter_phone_enc ? maskPhone(cipher.decrypt(r.reporter_phone_enc, 'case_record.reporter_phone')) : null;
  const hasReporter = !!(name || phone || r.reporter_user_id);
  const actions: CaseAction[] = x.actorFor ? allowedActions(s, x.actorFor(r)) : [];
  return {
    ...presentSummary(r, cfg),
    complex: r.complex,
    description: r.description,
    neighborhood: unit(r.nb_code, r.nb_name, 'neighborhood'),
    grid: unit(r.grid_code, r.grid_name, 'grid'),
    assistDepartments: r.assist_department_ids.map((id) => departmentRef(cfg, id)).filter((d) => d !== null),
    reporter: hasReporter ? { name, phone, contactConsent: r.contact_consent, isAccount: !!r.reporter_user_id } : null,
    classification: (r.classification as CaseClassification | null) ?? null,
    duplicateOf: x.duplicateOf ? { ...x.duplicateOf, score: r.duplicate_score ?? 0 } : null,
    mergedInto: x.mergedInto,
    publicNote: r.public_note,
    photos: x.photoIds.map((id) => ({ id, url: `/api/cases/photos/${id}` })),
    sourceRef: r.source_ref,
    attributes: (r.attributes as Record<string, unknown> | null) ?? null,
    dispatchedAt: iso(r.dispatched_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    version: r.version,
    allowedActions: actions,
  };
}
