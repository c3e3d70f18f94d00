import type { CaseClassification } from '@gongzhi/contracts';
import { useLang } from '../i18n';
import { categoryLabel, type CategoryNode } from './categories';

type Props = {
  tree: CategoryNode[] | null;
  value: string;
  onChange: (code: string) => void;
  suggestion: CaseClassification | null;
  busy: boolean;
};

/** The category picker with the classification assist's suggestion beside it: accept or change. */
export function CategoryField({ tree, value, onChange, suggestion, busy }: Props) {
  const { t, lang } = useLang();
  const en = lang === 'en';
  const known = (code: string | null | undefined) => !!code && !!categoryLabel(tree, code, en);
  const best = suggestion?.categoryCode && known(suggestion.categoryCode) ? suggestion.categoryCode : null;
  const others = (suggestion?.alternatives ?? []).map((a) => a.categoryCode).filter((c) => c !== best && known(c)).slice(0, 2);

  return (
    <div className="field">
      <label htmlFor="report-category">{t('report.category')}</label>
      <select id="report-category" data-testid="report-category" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('report.categoryNone')}</option>
        {(tree ?? []).map((g) => (
          <optgroup key={g.code} label={en && g.nameEn ? g.nameEn : g.name}>
            {g.children.map((c) => (
              <option key={c.code} value={c.code}>
                {en && c.nameEn ? c.nameEn : c.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <div className="suggest" aria-live="polite" data-testid="report-suggestion">
        {busy && !best && <span className="muted">{t('report.suggesting')}</span>}
        {best && value === best && <span className="ok">✓ {t('report.suggestionAccepted')}</span>}
        {best && value !== best && (
          <>
            <span>{t('report.suggestion')}</span>
            <button type="button" className="chip chip-primary" data-testid="suggestion-accept" data-code={best} onClick={() => onChange(best)}>
              {categoryLabel(tree, best, en)} · {t('report.suggestionAccept')}
            </button>
          </>
        )}
        {best && others.length > 0 && (
          <span className="others">
            {t('report.suggestionOthers')}
            {others.map((c) => (
              <button key={c} type="button" className="chip" aria-pressed={value === c} onClick={() => onChange(c)}>
                {categoryLabel(tree, c, en)}
              </button>
            ))}
          </span>
        )}
      </div>
    </div>
  );
}
