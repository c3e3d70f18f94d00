import { SearchOutlined } from '@ant-design/icons';
import { Select, Spin } from 'antd';
import { unitLevelNames } from '@gongzhi/contracts/labels';
import { useEffect, useRef, useState } from 'react';
import { api, type SearchHit } from '../api/jurisdictions';
import { useLang } from '../i18n';

/** Finds units by name or code; picking one selects it on the page. */
export function UnitSearch({ onSelect }: { onSelect: (code: string) => void }) {
  const { t, pick } = useLang();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits([]);
      return;
    }
    const ctrl = new AbortController();
    // Wait for a pause in typing (Chinese IMEs send several updates per word).
    timer.current = setTimeout(() => {
      setLoading(true);
      api.search(query, { limit: 20 }, ctrl.signal).then(
        (r) => {
          setHits(r.items);
          setError(undefined);
          setLoading(false);
        },
        (err: Error) => {
          if (ctrl.signal.aborted) return;
          setHits([]);
          setError(err.message);
          setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer.current);
      ctrl.abort();
    };
  }, [q]);

  return (
    <Select
      data-testid="unit-search"
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      value={null}
      suffixIcon={<SearchOutlined />}
      popupMatchSelectWidth={380}
      style={{ width: '100%' }}
      placeholder={t('jurisdiction.searchPlaceholder')}
      notFoundContent={loading ? <Spin size="small" /> : q.trim() ? (error ?? t('jurisdiction.searchEmpty')) : null}
      onSelect={(code) => {
        setQ('');
        if (code) onSelect(code);
      }}
      options={hits.map((h) => ({
        value: h.code,
        label: (
          <div title={h.code}>
            <div>
              {h.name} <small style={{ color: '#999' }}>{pick(unitLevelNames[h.level])}</small>
            </div>
            <small style={{ color: '#999' }}>
              {[...h.ancestors.map((a) => a.name), h.code].join(' / ')}
            </small>
          </div>
        ),
      }))}
    />
  );
}
