import { Select } from 'antd';
import { useLang } from '../i18n';
import { QUICK_CODES, type CategoryOption } from './hooks/useCategories';

type Props = { options: CategoryOption[]; value?: string; onChange?: (code: string) => void; id?: string };

/** One-tap buttons for the usual patrol findings, and every other category in a searchable list. */
export function CategoryPicks({ options, value, onChange, id }: Props) {
  const { lang } = useLang();
  const { t } = useLang();
  const name = (o: CategoryOption) => (lang === 'en' && o.nameEn ? o.nameEn : o.name);
  const quick = QUICK_CODES.map((c) => options.find((o) => o.code === c)).filter((o): o is CategoryOption => !!o);
  const other = value && !quick.some((q) => q.code === value) ? value : undefined;
  const groups = [...new Set(options.map((o) => o.parentName))].map((parent) => {
    const items = options.filter((o) => o.parentName === parent);
    return { label: lang === 'en' ? items[0]!.parentNameEn || parent : parent, options: items.map((o) => ({ value: o.code, label: name(o) })) };
  });
  return (
    <div id={id}>
      <div className="gz-chips" role="radiogroup" data-testid="category-picks">
        {quick.map((o) => (
          <button
            key={o.code}
            type="button"
            role="radio"
            aria-checked={value === o.code}
            className={`gz-chip ${value === o.code ? 'gz-chip-on' : ''}`}
            data-code={o.code}
            onClick={() => onChange?.(o.code)}
          >
            {name(o)}
          </button>
        ))}
      </div>
      <Select
        className="gz-more-categories"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('grid.patrol.more')}
        value={other}
        onChange={(code: string) => onChange?.(code)}
        options={groups}
        data-testid="category-more"
        popupMatchSelectWidth
        allowClear={false}
      />
    </div>
  );
}
