import type { CaseEventView, CaseStatus, Satisfaction } from '@gongzhi/contracts';
import { roleNames, type Role } from '@gongzhi/contracts/roles';
import { satisfactionNames } from '@gongzhi/contracts/case-workflow';
import { Empty, Tag, Timeline } from 'antd';
import { Link } from 'react-router';
import { formatTime } from '../../common/format';
import { useLang } from '../../i18n';
import { StatusTag } from '../CaseTags';
import { PhotoStrip } from './PhotoStrip';

type EventData = {
  leadDepartmentId?: string;
  assistDepartmentIds?: string[];
  masterCaseId?: string;
  extensionWorkingDays?: number;
  satisfaction?: Satisfaction;
  photoIds?: string[];
  reopened?: boolean;
  reason?: string;
  number?: string;
  caseId?: string;
};

const colorOf = (e: CaseEventView) =>
  e.action === 'return' || e.action === 'verify_fail' || e.action === 'reject_extension' || e.action === 'cancel'
    ? 'red'
    : e.action === 'supervise' || e.action === 'escalate'
      ? 'orange'
      : e.action === 'resolve' || e.action === 'verify_pass' || e.action === 'close'
        ? 'green'
        : 'blue';

/**
 * Every step of the case, oldest first: who (account, role, department), what (action and the
 * status change), why (reason, note), with the departments named, the days of an extension and
 * the photos taken with the step.
 */
export function CaseTimeline({ events, departmentName }: { events: CaseEventView[]; departmentName: (id: string) => string }) {
  const { t, lang, pick } = useLang();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noEvents')} />;
  const items = events.map((e) => {
    const d = (e.data ?? {}) as EventData;
    const role = e.actorRole && e.actorRole in roleNames ? pick(roleNames[e.actorRole as Role]) : e.actorRole === 'system' ? t('caseDetail.system') : e.actorRole;
    const changed = e.fromStatus && e.fromStatus !== e.toStatus;
    return {
      key: e.id,
      color: colorOf(e),
      children: (
        <div className="gz-tl-item" data-testid="timeline-item" data-action={e.action}>
          <div className="gz-tl-head">
            <b>{e.actionName}</b>
            {changed && (
              <span className="gz-tl-status">
                <StatusTag status={e.fromStatus as CaseStatus} />→<StatusTag status={e.toStatus} />
              </span>
            )}
            {d.reopened && <Tag color="magenta">{t('caseDetail.reopened')}</Tag>}
            {e.public && (
              <Tag bordered={false} color="cyan" title={t('caseDetail.publicHint')}>
                {t('caseDetail.public')}
              </Tag>
            )}
            <span className="gz-muted gz-small gz-tl-time">{formatTime(e.at, lang)}</span>
          </div>
          <div className="gz-small gz-tl-who" data-testid="timeline-actor">
            {e.actor ?? t('caseDetail.system')}
            {role ? ` · ${role}` : ''}
            {e.department ? ` · ${e.department}` : ''}
          </div>
          {d.leadDepartmentId && (
            <div className="gz-small">
              {t('caseDetail.lead')}：{departmentName(d.leadDepartmentId)}
              {d.assistDepartmentIds?.length ? `；${t('caseDetail.assists')}：${d.assistDepartmentIds.map(departmentName).join('、')}` : ''}
            </div>
          )}
          {d.extensionWorkingDays !== undefined && (
            <div className="gz-small">{t(e.action === 'request_extension' ? 'caseDetail.daysAsked' : 'caseDetail.daysGranted', { days: d.extensionWorkingDays })}</div>
          )}
          {d.satisfaction && <div className="gz-small">{t('caseDetail.satisfaction')}：{pick(satisfactionNames[d.satisfaction])}</div>}
          {d.masterCaseId && (
            <div className="gz-small">
              {t('caseDetail.mergedInto')}：<Link to={`/cases/${d.masterCaseId}`}>{t('caseDetail.masterCase')}</Link>
            </div>
          )}
          {e.note && <div className="gz-tl-note">{e.note}</div>}
          {d.reason && d.reason !== e.note && (
            <div className="gz-tl-note">
              {e.note ? `${t('caseDetail.reason')}：` : ''}
              {d.reason}
            </div>
          )}
          {d.photoIds?.length ? <PhotoStrip ids={d.photoIds} size={56} /> : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid="case-timeline" />;
}
