import type { AuditItem } from '@gongzhi/contracts';
import { Descriptions } from 'antd';
import { useLang } from '../i18n';

const show = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v, null, 2));

/** The expanded row: before/after of the changed fields (masked by the writer), detail, ids, hash. */
export function AuditDetail({ item }: { item: AuditItem }) {
  const { t } = useLang();
  const blocks = [
    { key: 'before', label: t('audit.before'), text: show(item.before) },
    { key: 'after', label: t('audit.after'), text: show(item.after) },
    { key: 'detail', label: t('audit.detail'), text: show(item.detail) },
  ].filter((b) => b.text);
  return (
    <div className="gz-audit-detail" data-testid="audit-detail">
      {blocks.length > 0 ? (
        <div className="gz-audit-blocks">
          {blocks.map((b) => (
            <div key={b.key}>
              <div className="gz-audit-block-title">{b.label}</div>
              <pre data-testid={`audit-${b.key}`}>{b.text}</pre>
            </div>
          ))}
        </div>
      ) : (
        <p className="gz-muted">{t('audit.noChanges')}</p>
      )}
      <Descriptions size="small" column={2} className="gz-audit-meta">
        <Descriptions.Item label={t('audit.seq')}>{item.seq}</Descriptions.Item>
        <Descriptions.Item label={t('audit.requestId')}>{item.requestId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.unitPath')}>{item.unit ? `${item.unit.name ?? ''} (${item.unit.path})` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.actorId')}>{item.actor.id ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.hash')} span={2}>
          <code className="gz-small">{item.hash}</code>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
