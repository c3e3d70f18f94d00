import type { Case, CaseAction, CaseEventView } from '@gongzhi/contracts';
import { caseChannelNames, caseTypeNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin } from 'antd';
import { casesApi } from '../../api/cases';
import { formatTime } from '../../common/format';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { CaseMap } from '../CaseMap';
import { DeadlineBadge, FlagTags, StatusTag } from '../CaseTags';
import { CaseActions } from '../detail/CaseActions';

const Key = ({ k }: { k: string }) => <kbd className="gz-kbd">{k}</kbd>;

/**
 * The selected case, enough to triage without opening it: what and where, the 权责清单's
 * suggestion and why, likely duplicates, a pending extension request; the keys for each step.
 */
export function TriagePanel({
  c,
  error,
  events,
  onAction,
  onOpen,
  onRetry,
}: {
  c: Case | undefined;
  error: Error | undefined;
  events: CaseEventView[] | undefined;
  onAction: (a: CaseAction) => void;
  onOpen: () => void;
  onRetry: () => void;
}) {
  const { t, lang, pick } = useLang();
  const canDispatch = !!c && (c.allowedActions.includes('dispatch') || c.allowedActions.includes('redispatch'));
  const suggestion = useAsync(c && canDispatch ? (s) => casesApi.suggestion(c.id, s) : null, [c?.id, canDispatch]);
  const dups = useAsync(c && c.allowedActions.includes('merge') ? (s) => casesApi.duplicates(c.id, s) : null, [c?.id, c?.allowedActions.includes('merge')]);

  if (error) return <LoadError error={error} onRetry={onRetry} />;
  if (!c) return <Spin className="gz-detail-spin" />;
  const request = c.flags.extensionRequested ? events?.filter((e) => e.action === 'request_extension').at(-1) : undefined;
  const dispatchAction: CaseAction | null = c.allowedActions.includes('dispatch') ? 'dispatch' : c.allowedActions.includes('redispatch') ? 'redispatch' : null;
  const dupCount = dups.data?.items.length ?? 0;
  const returned = c.status === 'returned' ? events?.filter((e) => e.action === 'return').at(-1) : undefined;

  return (
    <div className="gz-triage" data-testid="triage" data-case={c.id}>
      <div className="gz-triage-head">
        <div className="gz-detail-title">
          <span className="gz-mono gz-case-number">{c.number}</span>
          <StatusTag status={c.status} />
          <DeadlineBadge c={c} now={Date.now()} compact />
          <FlagTags c={c} />
        </div>
        <div className="gz-triage-name">{c.title}</div>
      </div>

      {returned && (
        <Alert
          type="warning"
          showIcon
          className="gz-mb8"
          title={t('workbench.returnedBy', { dept: returned.department ?? '—', actor: returned.actor ?? '—' })}
          description={returned.note ?? (returned.data as { reason?: string } | null)?.reason}
        />
      )}
      {request && (
        <Alert
          type="info"
          showIcon
          className="gz-mb8"
          data-testid="extension-request"
          title={t('workbench.extensionAsked', { dept: request.department ?? '—', days: (request.data as { extensionWorkingDays?: number } | null)?.extensionWorkingDays ?? '?' })}
          description={request.note}
          action={
            <Space direction="vertical" size={4}>
              {c.allowedActions.includes('approve_extension') && (
                <Button size="small" type="primary" onClick={() => onAction('approve_extension')}>
                  {t('workbench.approve')} <Key k="E" />
                </Button>
              )}
              {c.allowedActions.includes('reject_extension') && (
                <Button size="small" danger onClick={() => onAction('reject_extension')}>
                  {t('workbench.reject')}
                </Button>
              )}
            </Space>
          }
        />
      )}

      <Card size="small" className="gz-mb8">
        <p className="gz-description gz-clamp-4">{c.description}</p>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('caseDetail.type')}>{pick(caseTypeNames[c.type])}</Descriptions.Item>
          <Descriptions.Item label={t('caseDetail.channel')}>{pick(caseChannelNames[c.channel])}</Descriptions.Item>
          <Descriptions.Item label={t('caseDetail.category')}>
            {c.category ? c.category.name : <span className="gz-muted">{t('caseDetail.unclassified')}</span>}
            {c.classification && c.classification.categoryCode === c.category?.code && (
              <span className="gz-muted gz-small"> · {t('workbench.confidence', { pct: Math.round(c.classification.categoryConfidence * 100) })}</span>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('caseDetail.received')}>{formatTime(c.receivedAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('caseDetail.place')} span={2}>
            {[c.neighborhood?.name, c.grid?.name].filter(Boolean).join(' / ')}
            {c.address ? ` · ${c.address}` : ''}
          </Descriptions.Item>
          {c.leadDepartment && (
            <Descriptions.Item label={t('caseDetail.lead')} span={2}>
              {c.leadDepartment.name}
              {c.assistDepartments.length ? ` ＋ ${c.assistDepartments.map((d) => d.name).join('、')}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {dispatchAction && (
        <Card size="small" className="gz-mb8 gz-suggest-card" title={t('workbench.suggestion')} data-testid="triage-suggestion">
          {suggestion.loading && !suggestion.data ? (
            <Spin size="small" />
          ) : suggestion.data?.lead ? (
            <div>
              <div>
                <b data-testid="suggested-lead">{suggestion.data.lead.name}</b>
                {suggestion.data.assists.length > 0 && <span>{` ＋ ${t('caseDetail.assists')}：${suggestion.data.assists.map((d) => d.name).join('、')}`}</span>}
              </div>
              <div className="gz-muted gz-small">{suggestion.data.reason}</div>
            </div>
          ) : (
            <span className="gz-muted">{suggestion.data?.reason ?? t('caseDetail.noSuggestion')}</span>
          )}
          <div className="gz-mt8">
            <Button type="primary" onClick={() => onAction(dispatchAction)} data-testid="triage-dispatch">
              {t(dispatchAction === 'dispatch' ? 'workbench.dispatch' : 'workbench.redispatch')} <Key k="D" />
            </Button>
          </div>
        </Card>
      )}

      {dupCount > 0 && (
        <Card size="small" className="gz-mb8" title={t('workbench.duplicates', { count: dupCount })} data-testid="triage-duplicates">
          {dups.data!.items.slice(0, 3).map((d) => (
            <div key={d.id} className="gz-small gz-dup-row">
              <span className="gz-mono">{d.number}</span> <StatusTag status={d.status} /> {d.title}
              <span className="gz-muted"> · {t('caseDetail.merge.metrics', { distance: d.distanceMeters, similarity: Math.round(d.similarity * 100) })}</span>
            </div>
          ))}
          <Button className="gz-mt8" onClick={() => onAction('merge')} data-testid="triage-merge">
            {t('workbench.mergeView')} <Key k="M" />
          </Button>
        </Card>
      )}

      <Card size="small" styles={{ body: { padding: 0 } }} className="gz-mb8">
        <CaseMap points={[{ id: c.id, lng: c.location[0], lat: c.location[1], label: c.number, kind: 'main' }]} unitCode={c.neighborhood?.code} height={170} />
      </Card>

      <div className="gz-triage-foot">
        <CaseActions c={c} onPick={onAction} size="small" />
        <Button size="small" onClick={onOpen} data-testid="triage-open">
          {t('workbench.open')} <Key k="Enter" />
        </Button>
      </div>
      {!c.allowedActions.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noActions')} />}
    </div>
  );
}
