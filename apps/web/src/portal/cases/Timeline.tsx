import type { CaseEventView } from '@gongzhi/contracts';
import type { TFunction } from 'i18next';
import { shanghaiTime } from '../format';
import { useLang } from '../i18n';

export type Step = { id: string; at: string; title: string; note: string | null };

const withDept = new Set(['dispatch', 'redispatch', 'sign', 'resolve']);

/** A timeline entry as a resident reads it: what happened, in plain words, not the workflow's verbs. */
export function stepOf(e: CaseEventView, t: TFunction): Step {
  let title: string;
  if (e.action === 'rate') title = e.toStatus === 'in_progress' ? t('event.rateReopened') : t('event.rate');
  else if (withDept.has(e.action)) title = t(`event.${e.action}`, { dept: e.department ?? t('event.deptFallback') });
  else title = t(`event.${e.action}`, { defaultValue: e.actionName });
  // The intake's note only repeats its title.
  return { id: e.id, at: e.at, title, note: e.action === 'intake' ? null : e.note };
}

/** Newest first: the latest news is what the resident opened the page for. */
export function Timeline({ steps }: { steps: Step[] }) {
  const { t } = useLang();
  if (steps.length === 0) return <p className="muted">{t('detail.timelineEmpty')}</p>;
  const ordered = [...steps].reverse();
  return (
    <ol className="timeline" data-testid="timeline">
      {ordered.map((s, i) => (
        <li key={s.id} className={i === 0 ? 'latest' : undefined}>
          <time dateTime={s.at}>{shanghaiTime(s.at)}</time>
          <p className="step-title">{s.title}</p>
          {s.note && <p className="step-note">{s.note}</p>}
        </li>
      ))}
    </ol>
  );
}
