import type { Case, Satisfaction } from '@gongzhi/contracts';
import { type FormEvent, useState } from 'react';
import { api, messageOf } from '../api';
import { useLang } from '../i18n';

const levels: Satisfaction[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

/** 满意 / 基本满意 / 不满意 with a comment; 不满意 reopens the case (the server does it). */
export function RatingForm({ c, onRated }: { c: Case; onRated: (updated: Case, reopened: boolean) => void }) {
  const { t } = useLang();
  const [level, setLevel] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!level) {
      setError(t('rate.choose'));
      return;
    }
    setSending(true);
    setError(null);
    try {
      const body = { satisfaction: level, version: c.version, ...(comment.trim() ? { reason: comment.trim() } : {}) };
      const updated = await api<Case>(`/api/cases/${c.id}/actions/rate`, { method: 'POST', body });
      onRated(updated, level === 'unsatisfied');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="card rating" onSubmit={submit} data-testid="rating-form" noValidate>
      <h2>{t('rate.heading')}</h2>
      <fieldset>
        <legend>{t('rate.level')}</legend>
        <div className="levels">
          {levels.map((l) => (
            <label key={l} className={`level${level === l ? ' selected' : ''}`}>
              <input type="radio" name="satisfaction" value={l} checked={level === l} onChange={() => setLevel(l)} data-testid={`rate-${l}`} />
              {t(`satisfaction.${l}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {level === 'unsatisfied' && <p className="warn">{t('rate.unsatisfiedWarn')}</p>}
      <label htmlFor="rate-comment">{t('rate.comment')}</label>
      <textarea id="rate-comment" data-testid="rate-comment" rows={3} maxLength={500} placeholder={t('rate.commentPlaceholder')} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={sending} data-testid="rate-submit">
        {t('rate.submit')}
      </button>
    </form>
  );
}
