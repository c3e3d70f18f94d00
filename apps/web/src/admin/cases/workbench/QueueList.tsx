import { Checkbox, Empty } from 'antd';
import { useEffect, useRef } from 'react';
import { useLang } from '../../i18n';
import { DeadlineBadge, ReasonTag } from '../CaseTags';
import type { QueueItem } from './queue';

/** Month, day and time: the year is this year's in a working queue. */
const shortTime = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/**
 * The queue as a list the keyboard walks: the current row is highlighted and kept in view, rows
 * changed by a live event flash for a few seconds, X (or the box) marks rows for bulk dispatch.
 */
export function QueueList({
  items,
  current,
  selected,
  flashed,
  now,
  onPick,
  onOpen,
  onToggle,
}: {
  items: QueueItem[];
  current: string | null;
  selected: ReadonlySet<string>;
  flashed: ReadonlySet<string>;
  now: number;
  onPick: (id: string) => void;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
}) {
  const { t, lang } = useLang();
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = current ? list.current?.querySelector<HTMLElement>(`[data-case="${current}"]`) : null;
    el?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  if (!items.length) return <Empty className="gz-wb-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.empty')} />;
  return (
    <div className="gz-wb-list" ref={list} role="listbox" aria-label={t('workbench.queue')} data-testid="queue">
      {items.map(({ c, reasons }) => (
        <div
          key={c.id}
          role="option"
          aria-selected={c.id === current}
          className={`gz-wb-item${c.id === current ? ' is-current' : ''}${flashed.has(c.id) ? ' is-flash' : ''}${selected.has(c.id) ? ' is-selected' : ''}`}
          data-case={c.id}
          data-number={c.number}
          data-testid="queue-item"
          onClick={() => onPick(c.id)}
          onDoubleClick={() => onOpen(c.id)}
        >
          <Checkbox checked={selected.has(c.id)} onClick={(e) => e.stopPropagation()} onChange={() => onToggle(c.id)} className="gz-wb-check" aria-label={c.number} />
          <div className="gz-wb-body">
            <div className="gz-wb-line1">
              <span className="gz-mono gz-small">{c.number}</span>
              <span className="gz-muted gz-small">{shortTime(c.receivedAt, lang)}</span>
              <span className="gz-wb-badge">
                <DeadlineBadge c={c} now={now} compact />
              </span>
            </div>
            <div className="gz-wb-title" title={c.title}>
              {c.urgent && <span className="gz-urgent">{t('caseUi.flag.urgent')}</span>}
              {c.title}
            </div>
            <div className="gz-wb-line3">
              {reasons.map((r) => (
                <ReasonTag key={r} reason={r} />
              ))}
              <span className="gz-muted gz-small gz-ellipsis">{[c.category?.name, c.leadDepartment?.name].filter(Boolean).join(' · ') || t('caseDetail.unclassified')}</span>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
