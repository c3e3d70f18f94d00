import type { Case, CaseAction } from '@gongzhi/contracts';
import { caseChannelNames, caseTypeNames } from '@gongzhi/contracts/case-workflow';
import { App, Card, Descriptions, Empty, Result, Spin, Tag, Tooltip } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { caseRefApi, casesApi } from '../../api/cases';
import { formatTime } from '../../common/format';
import { RevealField } from '../../common/RevealField';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { CaseMap } from '../CaseMap';
import { DeadlineBadge, FlagTags, StatusTag, useNow } from '../CaseTags';
import { deadlineBadge } from '../deadlines';
import { ActionDialog } from './ActionDialog';
import { CaseActions } from './CaseActions';
import { CaseTimeline } from './CaseTimeline';
import { MergeDialog } from './MergeDialog';
import { PhotoStrip } from './PhotoStrip';

/** One case and its timeline, reloadable; `replace` puts an action's answer in place without a request. */
export function useCase(id: string) {
  const c = useAsync((s) => casesApi.get(id, s), [id]);
  const events = useAsync((s) => casesApi.events(id, s), [id]);
  const [fresh, setFresh] = useState<Case | null>(null);
  const reload = useCallback(() => {
    setFresh(null);
    c.reload();
    events.reload();
  }, [c, events]);
  const data = fresh && fresh.id === id && (!c.data || fresh.version >= c.data.version) ? fresh : c.data;
  return { c: data, error: c.error, loading: c.loading, events: events.data?.items, eventsLoading: events.loading, reload, replace: (next: Case) => (setFresh(next), events.reload()) };
}

/**
 * Everything about one case for the staff console: the facts, the reporter (masked; revealed with a
 * reason by roles that may), deadlines with their badges, the point on the map, photos, the full
 * timeline, and the actions this user may take now.
 */
export function CaseDetail({ id, onChanged }: { id: string; onChanged?: (c: Case) => void }) {
  const { t, lang, pick } = useLang();
  const { message } = App.useApp();
  const now = useNow();
  const cs = useCase(id);
  const [action, setAction] = useState<CaseAction | null>(null);
  const c = cs.c;
  const depts = useAsync(c?.subdistrict ? (s) => caseRefApi.departments(c.subdistrict!.code, s) : null, [c?.subdistrict?.code]);
  const deptName = useMemo(() => {
    const names = new Map((depts.data?.items ?? []).map((d) => [d.id, d.name]));
    if (c?.leadDepartment) names.set(c.leadDepartment.id, c.leadDepartment.name);
    c?.assistDepartments.forEach((d) => names.set(d.id, d.name));
    return (deptId: string) => names.get(deptId) ?? t('caseDetail.unknownDepartment');
  }, [depts.data, c, t]);

  if (cs.error instanceof ApiError && cs.error.status === 404) {
    return <Result status="404" title={t('caseDetail.notFound')} subTitle={cs.error.message} data-testid="case-not-found" />;
  }
  if (cs.error) return <LoadError error={cs.error} onRetry={cs.reload} />;
  if (!c) return <Spin className="gz-detail-spin" />;

  const done = (next: Case) => {
    setAction(null);
    // Merging the other case into this one answers the other case: this one is read again.
    if (next.id === c.id) cs.replace(next);
    else cs.reload();
    onChanged?.(next);
    void message.success(t('caseDetail.done', { number: next.number }));
  };
  const cls = c.classification;
  const badge = deadlineBadge(c, now);

  return (
    <div className="gz-case-detail" data-testid="case-detail" data-case={c.id} data-status={c.status}>
      <div className="gz-detail-head">
        <div className="gz-detail-title">
          <span className="gz-mono gz-case-number" data-testid="case-number">
            {c.number}
          </span>
          <span className="gz-detail-name">{c.title}</span>
          <StatusTag status={c.status} />
          <DeadlineBadge c={c} now={now} compact />
          <FlagTags c={c} />
        </div>
        <CaseActions c={c} onPick={setAction} />
      </div>

      <div className="gz-detail-grid">
        <div className="gz-detail-main">
          <Card size="small" title={t('caseDetail.facts')}>
            <p className="gz-description" data-testid="case-description">
              {c.description}
            </p>
            <Descriptions size="small" column={2} className="gz-facts">
              <Descriptions.Item label={t('caseDetail.type')}>{pick(caseTypeNames[c.type])}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.channel')}>
                {pick(caseChannelNames[c.channel])}
                {c.sourceRef && <span className="gz-muted gz-small"> · {c.sourceRef}</span>}
              </Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.category')}>{c.category ? `${c.category.parentName ? `${c.category.parentName} / ` : ''}${c.category.name}` : <span className="gz-muted">{t('caseDetail.unclassified')}</span>}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.place')}>{[c.subdistrict?.name, c.neighborhood?.name, c.grid?.name].filter(Boolean).join(' / ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.address')} span={2}>
                {c.address || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.lead')}>{c.leadDepartment?.name ?? <span className="gz-muted">{t('caseDetail.notDispatched')}</span>}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.assists')}>{c.assistDepartments.length ? c.assistDepartments.map((d) => d.name).join('、') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.reporter')}>
                {c.reporter ? (
                  <span>
                    {c.reporter.name ?? (c.reporter.isAccount ? t('caseDetail.account') : '—')}
                    {!c.reporter.contactConsent && <Tag className="gz-ml4">{t('caseDetail.noContact')}</Tag>}
                  </span>
                ) : (
                  <span className="gz-muted">{t('caseDetail.anonymous')}</span>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.phone')}>
                <RevealField masked={c.reporter?.phone ?? null} resourceType="case" id={c.id} field="reporter_phone" testId="reporter-phone" />
              </Descriptions.Item>
              {c.duplicateOf && (
                <Descriptions.Item label={t('caseDetail.duplicateOf')}>
                  <Link to={`/cases/${c.duplicateOf.id}`}>{c.duplicateOf.number}</Link>
                  <span className="gz-muted gz-small"> · {t('caseDetail.score', { score: Math.round(c.duplicateOf.score * 100) })}</span>
                </Descriptions.Item>
              )}
              {c.mergedInto && (
                <Descriptions.Item label={t('caseDetail.mergedInto')}>
                  <Link to={`/cases/${c.mergedInto.id}`}>{c.mergedInto.number}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
            {c.publicNote && (
              <div className="gz-public-note">
                <b>{t('caseDetail.publicNote')}：</b>
                {c.publicNote}
              </div>
            )}
          </Card>

          <Card size="small" title={t('caseDetail.deadlines')} className="gz-mt8" data-testid="case-deadlines">
            <Descriptions size="small" column={2} className="gz-deadline-desc">
              <Descriptions.Item label={t('caseDetail.received')}>{formatTime(c.receivedAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.dispatched')}>{formatTime(c.dispatchedAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.signDue')}>{formatTime(c.deadlines.signDueAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.handleDue')}>
                <span className="gz-nowrap">
                  {c.deadlines.paused ? t('caseDetail.pausedShort') : formatTime(c.deadlines.handleDueAt, lang)} {badge.clock !== 'followUp' && <DeadlineBadge c={c} now={now} compact />}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.resolved')}>{formatTime(c.resolvedAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.followUpDue')}>
                <span className="gz-nowrap">
                  {formatTime(c.deadlines.followUpDueAt, lang)} {badge.clock === 'followUp' && <DeadlineBadge c={c} now={now} compact />}
                </span>
              </Descriptions.Item>
            </Descriptions>
            <div className="gz-small gz-muted">
              {c.complex && <Tag>{t('caseDetail.complexCase')}</Tag>}
              {c.flags.extensionsApproved > 0 && <Tag color="purple">{t('caseDetail.extensionsApproved', { count: c.flags.extensionsApproved })}</Tag>}
              {!c.deadlines.calendarKnown && <Tag color="warning">{t('caseDetail.calendarUnknown')}</Tag>}
            </div>
          </Card>

          <Card size="small" title={t('caseDetail.timeline')} className="gz-mt8" loading={!cs.events && cs.eventsLoading}>
            <CaseTimeline events={cs.events ?? []} departmentName={deptName} />
          </Card>
        </div>

        <div className="gz-detail-side">
          <Card size="small" title={t('caseDetail.map')} styles={{ body: { padding: 0 } }}>
            <CaseMap points={[{ id: c.id, lng: c.location[0], lat: c.location[1], label: c.number, kind: 'main' }]} unitCode={c.neighborhood?.code} height={230} />
          </Card>
          <Card size="small" title={t('caseDetail.photosCount', { count: c.photos.length })} className="gz-mt8">
            {c.photos.length ? <PhotoStrip ids={c.photos.map((p) => p.id)} size={84} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noPhotos')} />}
          </Card>
          {cls && (
            <Card size="small" title={t('caseDetail.classification')} className="gz-mt8" data-testid="case-classification">
              <div className="gz-small">
                {t('caseDetail.classifiedType', { type: pick(caseTypeNames[cls.type]), pct: Math.round(cls.typeConfidence * 100) })}
              </div>
              <div className="gz-cls-alts">
                {cls.alternatives.slice(0, 3).map((a) => (
                  <Tooltip key={a.categoryCode} title={a.categoryCode}>
                    <Tag color={a.categoryCode === c.category?.code ? 'blue' : undefined}>
                      {a.name} {Math.round(a.confidence * 100)}%
                    </Tag>
                  </Tooltip>
                ))}
              </div>
              <div className="gz-small gz-muted">{t('caseDetail.classifyHint', { n: cls.modelTrainedOn })}</div>
            </Card>
          )}
        </div>
      </div>

      {action === 'merge' && <MergeDialog c={c} onClose={() => setAction(null)} onDone={done} />}
      {action && action !== 'merge' && <ActionDialog c={c} action={action} onClose={() => setAction(null)} onDone={done} onStale={() => (setAction(null), cs.reload())} />}
    </div>
  );
}
