import type { Case } from '@gongzhi/contracts';
import { caseChannelNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Descriptions, Empty, Modal, Radio, Space, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { casesApi, type DuplicateCandidate } from '../../api/cases';
import { formatTime } from '../../common/format';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { CaseMap } from '../CaseMap';
import { StatusTag } from '../CaseTags';
import { PhotoStrip } from './PhotoStrip';

/** One side of the comparison: what tells two reports of the same problem apart. */
function Side({ c, role }: { c: Case; role: 'this' | 'other' }) {
  const { t, lang, pick } = useLang();
  return (
    <div className={`gz-merge-side gz-merge-${role}`} data-testid={`merge-${role}`}>
      <div className="gz-merge-title">
        <span className={`gz-dot gz-dot-${role === 'this' ? 'main' : 'other'}`} />
        <b>{c.number}</b> <StatusTag status={c.status} />
        <span className="gz-muted gz-small">{t(role === 'this' ? 'caseDetail.merge.thisCase' : 'caseDetail.merge.otherCase')}</span>
      </div>
      <Descriptions size="small" column={1} colon={false} className="gz-merge-desc">
        <Descriptions.Item label={t('caseDetail.title')}>{c.title}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.description')}>
          <div className="gz-clamp-3">{c.description}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.address')}>{c.address || c.neighborhood?.name || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.category')}>{c.category ? `${c.category.parentName ?? ''} / ${c.category.name}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.received')}>
          {formatTime(c.receivedAt, lang)} · {pick(caseChannelNames[c.channel])}
        </Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.lead')}>{c.leadDepartment?.name ?? '—'}</Descriptions.Item>
      </Descriptions>
      <PhotoStrip ids={c.photos.map((p) => p.id)} size={48} />
    </div>
  );
}

/**
 * 合并重复案件: the case and a likely duplicate side by side, both points on one map, distance and
 * text similarity; merging sends the duplicate's reporter the master's outcome. Either direction
 * is offered when the shared workflow allows it (merge is possible before resolution).
 */
export function MergeDialog({ c, onClose, onDone }: { c: Case; onClose: () => void; onDone: (merged: Case) => void }) {
  const { t } = useLang();
  const dups = useAsync((s) => casesApi.duplicates(c.id, s), [c.id]);
  const candidates: DuplicateCandidate[] = dups.data?.items ?? [];
  const [otherId, setOtherId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const okRef = useRef<HTMLButtonElement>(null);

  // The flagged original first, else the most similar.
  useEffect(() => {
    if (otherId || !dups.data) return;
    const flagged = c.duplicateOf && dups.data.items.find((d) => d.id === c.duplicateOf!.id);
    setOtherId(flagged ? flagged.id : (dups.data.items[0]?.id ?? c.duplicateOf?.id ?? null));
  }, [dups.data, c.duplicateOf, otherId]);

  const other = useAsync(otherId ? (s) => casesApi.get(otherId, s) : null, [otherId]);
  const cand = candidates.find((d) => d.id === otherId);
  const o = other.data;
  const thisIntoOther = o && c.allowedActions.includes('merge') && !['merged', 'cancelled', 'closed'].includes(o.status);
  const otherIntoThis = o && o.allowedActions.includes('merge');

  useEffect(() => {
    if (o) setTimeout(() => okRef.current?.focus(), 120);
  }, [o]);

  const merge = async (dup: Case, master: Case) => {
    setBusy(true);
    setError(null);
    try {
      const merged = await casesApi.act(dup.id, 'merge', { masterCaseId: master.id, version: dup.version });
      onDone(merged);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('caseDetail.merge.title', { number: c.number })}
      width={1120}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      centered
      data-testid="merge-dialog"
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {o && otherIntoThis && (
            <Button loading={busy} onClick={() => merge(o, c)} data-testid="merge-other-into-this">
              {t('caseDetail.merge.otherIntoThis', { other: o.number, self: c.number })}
            </Button>
          )}
          {o && thisIntoOther && (
            <Button ref={okRef} type="primary" loading={busy} onClick={() => merge(c, o)} data-testid="merge-this-into-other">
              {t('caseDetail.merge.thisIntoOther', { other: o.number, self: c.number })}
            </Button>
          )}
        </Space>
      }
    >
      {dups.loading && !dups.data ? (
        <Spin />
      ) : !candidates.length && !c.duplicateOf ? (
        <Empty description={t('caseDetail.merge.none')} />
      ) : (
        <>
          {candidates.length > 1 && (
            <Radio.Group
              className="gz-merge-pick"
              value={otherId}
              onChange={(e) => setOtherId(e.target.value as string)}
              optionType="button"
              size="small"
              options={candidates.map((d) => ({ value: d.id, label: `${d.number} · ${Math.round(d.similarity * 100)}%` }))}
            />
          )}
          {cand && (
            <div className="gz-merge-metrics" data-testid="merge-metrics">
              {t('caseDetail.merge.metrics', { distance: cand.distanceMeters, similarity: Math.round(cand.similarity * 100) })}
            </div>
          )}
          <div className="gz-merge-grid">
            <Side c={c} role="this" />
            {o ? <Side c={o} role="other" /> : <Spin />}
          </div>
          {o && (
            <CaseMap
              height={200}
              unitCode={c.neighborhood?.code}
              points={[
                { id: c.id, lng: c.location[0], lat: c.location[1], label: c.number, kind: 'main' },
                { id: o.id, lng: o.location[0], lat: o.location[1], label: o.number, kind: 'other' },
              ]}
            />
          )}
          {o && !thisIntoOther && !otherIntoThis && <Alert type="warning" showIcon title={t('caseDetail.merge.notAllowed')} style={{ marginTop: 8 }} />}
          {error && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={error.message}
              description={error instanceof ApiError ? <code className="gz-small">{`${error.status} ${error.code}`}</code> : undefined}
              data-testid="merge-error"
            />
          )}
        </>
      )}
    </Modal>
  );
}
