import { unitLevelNames } from '@gongzhi/contracts/labels';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api, type SearchHit } from '../api/jurisdictions';
import { useLang } from '../i18n';

type Option = { value: string; label: string; hint: string };

/**
 * Picks a jurisdiction unit by name or code (a form control: value is the unit code). A typed
 * 6/9/12/15-digit code can be used as it is, for units the search does not reach.
 */
export function UnitPicker({ value, onChange, placeholder, allowClear, testId, style, initial }: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
  style?: React.CSSProperties;
  /** Label for a value set from outside (e.g. the account's own unit). */
  initial?: { code: string; name: string };
}) {
  const { t, pick } = useLang();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [known, setKnown] = useState<Record<string, Option>>({});
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits([]);
      return;
    }
    const ctrl = new AbortController();
    // Wait for a pause in typing (Chinese IMEs send several updates per word).
    const timer = setTimeout(() => {
      setLoading(true);
      api.search(query, { limit: 20 }, ctrl.signal).then(
        (r) => {
          setHits(r.items);
          setLoading(false);
        },
        () => {
          if (ctrl.signal.aborted) return;
          setHits([]);
          setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  const query = q.trim();
  const found: Option[] = hits.map((h) => ({
    value: h.code,
    label: h.name,
    hint: `${pick(unitLevelNames[h.level])} · ${[...h.ancestors.map((a) => a.name), h.code].join(' / ')}`,
  }));
  if (/^\d{6}(\d{3}){0,3}$/.test(query) && !found.some((o) => o.value === query)) found.unshift({ value: query, label: query, hint: t('unitPicker.byCode') });
  const selected = value ? (known[value] ?? (initial?.code === value ? { value, label: initial.name, hint: value } : { value, label: value, hint: '' })) : undefined;
  const options = [...(selected && !found.some((h) => h.value === selected.value) ? [selected] : []), ...found];

  return (
    <Select
      data-testid={testId}
      style={style}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      value={value}
      placeholder={placeholder ?? t('unitPicker.placeholder')}
      popupMatchSelectWidth={360}
      notFoundContent={loading ? <Spin size="small" /> : q.trim() ? t('jurisdiction.searchEmpty') : t('unitPicker.typeToSearch')}
      onChange={(code: string | undefined) => {
        const o = found.find((h) => h.value === code);
        if (o) setKnown((k) => ({ ...k, [o.value]: o }));
        setQ('');
        onChange?.(code);
      }}
      optionLabelProp="title"
      options={options.map((o) => ({
        value: o.value,
        title: o.label,
        label: (
          <div title={o.value}>
            <div>{o.label}</div>
            <small className="gz-muted">{o.hint}</small>
          </div>
        ),
      }))}
    />
  );
}
