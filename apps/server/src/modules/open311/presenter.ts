import { type CaseStatus, caseChannelNames, type CaseChannel, caseStatusNames, type CaseType, caseTypeNames, terminalCaseStatuses } from '@gongzhi/contracts';
import type { Lang } from '../../http/lang.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { publicAddress, publicText } from './public-text.js';
import type { RequestRow, TimelineRow } from './repository.js';
import type { Note, ServiceRequest } from './schemas.js';

type Names = { zh: string; en: string };
const pick = (n: Names, lang: Lang) => (lang === 'en' ? n.en : n.zh);

const kindNames: Record<string, Names> = { component: { zh: '城市管理部件', en: 'City component' }, event: { zh: '城市管理事件', en: 'City event' } };

export interface ServiceRow {
  code: string;
  name: string;
  name_en: string;
  kind: string;
  urgent: boolean;
  default_type: string;
  group_name: string;
  group_name_en: string;
}

export function presentService(s: ServiceRow, lang: Lang) {
  const kind = kindNames[s.kind] ?? { zh: s.kind, en: s.kind };
  const name = lang === 'en' && s.name_en ? s.name_en : s.name;
  const group = lang === 'en' && s.group_name_en ? s.group_name_en : s.group_name;
  const urgent = s.urgent ? (lang === 'en' ? ' Urgent: signed for within hours, day and night.' : '紧急类，全天候限时签收。') : '';
  return {
    service_code: s.code,
    service_name: name,
    description: lang === 'en' ? `${kind.en} · ${group} · ${name}.${urgent}` : `${kind.zh} · ${group} · ${name}。${urgent}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: [...new Set([s.name, s.name_en, s.group_name, s.group_name_en, pick(kind, lang)].filter(Boolean))].join(', '),
    group,
  };
}

// Status changes as the public sees them: what happens to the request, not who argued about it
// (a return to the dispatcher reads as "being reassigned", with no reason given).
const publicSteps: Record<CaseStatus, Names> = {
  received: { zh: '诉求已受理', en: 'Request received' },
  dispatched: { zh: '已派至承办单位', en: 'Assigned to the responsible office' },
  signed: { zh: '承办单位已签收', en: 'Accepted by the responsible office' },
  in_progress: { zh: '正在处置', en: 'Work in progress' },
  resolved: { zh: '处置完毕，待核查', en: 'Work done, awaiting inspection' },
  verified: { zh: '已现场核查', en: 'Inspected on site' },
  followed_up: { zh: '已回访', en: 'Reporter contacted' },
  closed: { zh: '已办结', en: 'Closed' },
  returned: { zh: '正在重新派单', en: 'Being reassigned' },
  merged: { zh: '已与同一问题的诉求合并处理', en: 'Merged with a request about the same problem' },
  cancelled: { zh: '诉求已撤销', en: 'Request cancelled' },
};

const isClosed = (status: string) => (terminalCaseStatuses as readonly string[]).includes(status);
const human = (d: Date) => toShanghaiIso(d).slice(0, 16).replace('T', ' ');

/** What will happen next, for open requests: who handles it and by when. */
export function serviceNotice(r: Pick<RequestRow, 'status' | 'agency' | 'handle_due_at'>, lang: Lang): string | null {
  if (isClosed(r.status)) return null;
  const en = lang === 'en';
  const who = r.agency ? (en ? `Handled by ${r.agency}` : `由${r.agency}承办`) : en ? 'Awaiting assignment to the responsible office' : '正在按权责清单派单';
  const when = r.handle_due_at ? (en ? `, due by ${human(r.handle_due_at)} (Beijing time)` : `，应于 ${human(r.handle_due_at)} 前办结`) : '';
  return `${who}${when}${en ? '.' : '。'}`;
}

/**
 * The note of a public step, unless it is the staff's reason for the action (a return, a
 * cancellation …): reasons are internal even on public steps; only public notes are published.
 */
function publicNoteOf(e: TimelineRow): string | null {
  if (!e.public || !e.note) return null;
  const reason = e.data && typeof e.data === 'object' ? (e.data as { reason?: unknown }).reason : undefined;
  return reason === e.note ? null : e.note;
}

function presentNote(e: TimelineRow, first: boolean, lang: Lang, reporterName: string | null): Note {
  const changed = e.from_status !== e.to_status;
  const note = publicNoteOf(e);
  const step = publicSteps[e.to_status as CaseStatus] ?? { zh: e.to_status, en: e.to_status };
  return {
    datetime: toShanghaiIso(e.at),
    type: first ? 'opened' : changed && isClosed(e.to_status) ? 'closed' : 'activity',
    status: e.to_status,
    summary: changed || first ? pick(step, lang) : lang === 'en' ? 'Progress update' : '办理进展',
    description: note ? publicText(note, reporterName) : null,
  };
}

export interface PresentOptions {
  lang: Lang;
  extensions: boolean;
  timeline?: TimelineRow[];
  mediaUrl: (photoId: string) => string;
  /** Decrypted only to mask it where the reporter typed it into free text. */
  reporterName?: string | null;
}

function clientMediaUrl(attributes: unknown): string | null {
  const v = attributes && typeof attributes === 'object' ? (attributes as Record<string, unknown>).media_url : undefined;
  return typeof v === 'string' && /^https?:\/\/\S+$/.test(v) ? v : null;
}

export function presentRequest(r: RequestRow, o: PresentOptions): ServiceRequest {
  const closed = isClosed(r.status);
  const name = o.reporterName ?? null;
  const out: ServiceRequest = {
    service_request_id: r.number,
    status: closed ? 'closed' : 'open',
    status_notes: r.public_note ? publicText(r.public_note, name) : null,
    service_name: (o.lang === 'en' && r.category_name_en) || r.category_name,
    service_code: r.category_code ?? '',
    // 举报 (reports of violations) may identify the whistleblower: only the status is public.
    description: r.type === 'report' ? '（举报类诉求，内容不公开）' : publicText(r.description, name),
    agency_responsible: r.agency,
    service_notice: serviceNotice(r, o.lang),
    requested_datetime: toShanghaiIso(r.received_at),
    updated_datetime: toShanghaiIso(r.status === 'closed' && r.closed_at ? r.closed_at : r.updated_at),
    expected_datetime: r.handle_due_at ? toShanghaiIso(r.handle_due_at) : null,
    address: r.address ? publicAddress(r.address, name) : null,
    lat: r.lat,
    long: r.lng,
    media_url: r.type === 'report' ? null : r.photo_id ? o.mediaUrl(r.photo_id) : clientMediaUrl(r.attributes),
  };
  if (!o.extensions) return out;
  const status = caseStatusNames[r.status as CaseStatus] ?? { zh: r.status, en: r.status };
  const type = caseTypeNames[r.type as CaseType] ?? { zh: r.type, en: r.type };
  out.extended_attributes = {
    detailed_status: r.status,
    detailed_status_name: pick(status, o.lang),
    case_type: r.type,
    case_type_name: pick(type, o.lang),
    channel: pick(caseChannelNames[r.channel as CaseChannel] ?? { zh: r.channel, en: r.channel }, o.lang),
    subdistrict: r.subdistrict,
    parent_service_request_id: r.master_number,
  };
  // Steps without a status change count only when they carry a public note.
  const steps = (o.timeline ?? []).filter((e, i) => i === 0 || e.from_status !== e.to_status || publicNoteOf(e) !== null);
  out.notes = steps.map((e, i) => presentNote(e, i === 0, o.lang, name));
  return out;
}
