import type { ResidentChange } from '@gongzhi/contracts';
import { Empty, Tag, Timeline } from 'antd';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { fieldVocab, vocab } from './labels';

const kindColors: Record<string, string> = { created: 'blue', born: 'green', moved_in: 'green', moved_out: 'gray', deceased: 'gray', updated: 'blue', verified: 'cyan', imported: 'purple' };

/** Who changed what when: one entry per resident_change, values as stored (personal ones masked). */
export function HistoryTimeline({ items, showResident }: { items: ResidentChange[]; showResident?: boolean }) {
  const { t, lang, pick } = useLang();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.household.noHistory')} />;
  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('community.common.yes') : t('community.common.no');
    const table = fieldVocab[field];
    return table ? vocab(pick, table, String(v)) : String(v);
  };
  const fieldName = (f: string) => (t(`community.change.field.${f}`, { defaultValue: f }) as string);
  return (
    <Timeline
      className="gz-history"
      data-testid="history"
      items={items.map((c) => ({
        color: kindColors[c.kind] ?? 'blue',
        content: (
          <div className="gz-history-item" data-kind={c.kind}>
            <div>
              <Tag color={kindColors[c.kind]}>{t(`community.change.kind.${c.kind}`)}</Tag>
              {showResident && c.residentName && <b>{c.residentName}</b>}
              <span className="gz-muted gz-small"> {t('community.change.by', { actor: c.actor ?? t('community.change.system'), at: formatTime(c.at, lang) })}</span>
            </div>
            <ul className="gz-history-changes">
              {Object.entries(c.changes as Record<string, { from?: unknown; to?: unknown }>).map(([f, ch]) => (
                <li key={f}>
                  <span className="gz-muted">{fieldName(f)}：</span>
                  {'from' in ch ? `${value(f, ch.from)} → ${value(f, ch.to)}` : value(f, ch.to)}
                </li>
              ))}
            </ul>
            {c.reason && <div className="gz-small">{t('community.common.reason')}：{c.reason}</div>}
          </div>
        ),
      }))}
    />
  );
}
