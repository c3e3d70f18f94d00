import { Breadcrumb, Card, Descriptions, Skeleton, Tag, Tooltip } from 'antd';
import { unitLevelNames, unitLevels } from '@gongzhi/contracts/labels';
import type { UnitDetail, UnitLevel } from '@gongzhi/contracts';
import { useLang } from '../i18n';
import { LoadError } from './LoadError';

type Props = {
  detail: UnitDetail | undefined;
  loading: boolean;
  error: Error | undefined;
  onRetry: () => void;
  onSelect: (code: string) => void;
};

const sourceColor = { generated: 'orange', imported: 'green', reference: 'blue' } as const;

// Counts of levels at or above the unit say nothing (a subdistrict has no subdistricts).
const levelCounts: { level: UnitLevel; key: 'subdistricts' | 'neighborhoods' | 'grids' }[] = [
  { level: 'subdistrict', key: 'subdistricts' },
  { level: 'neighborhood', key: 'neighborhoods' },
  { level: 'grid', key: 'grids' },
];

export function UnitDetailCard({ detail, loading, error, onRetry, onSelect }: Props) {
  const { t, pick, lang } = useLang();
  const fmt = new Intl.NumberFormat(lang);

  let body;
  if (error) body = <LoadError error={error} onRetry={onRetry} />;
  else if (!detail) body = <Skeleton active />;
  else {
    const rank = unitLevels.indexOf(detail.level);
    const counts = [
      ...levelCounts.filter((c) => unitLevels.indexOf(c.level) > rank).map((c) => c.key),
      'compounds' as const,
      'buildings' as const,
      'departments' as const,
    ];
    const ancestors = [...detail.ancestors].sort((a, b) => a.code.length - b.code.length);
    body = (
      <Descriptions size="small" column={1} styles={{ label: { width: lang === 'en' ? 128 : 84 } }}>
        <Descriptions.Item label={t('jurisdiction.code')}>
          <span data-testid="unit-code">{detail.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('jurisdiction.level')}>{pick(unitLevelNames[detail.level])}</Descriptions.Item>
        <Descriptions.Item label={t('jurisdiction.path')}>
          {ancestors.length === 0 ? (
            '—'
          ) : (
            <Breadcrumb
              // The unit itself closes the path, so every ancestor reads as a link.
              items={[
                ...ancestors.map((a) => ({
                  title: (
                    <a href={`/admin/jurisdictions/${a.code}`} onClick={(e) => (e.preventDefault(), onSelect(a.code))}>
                      {a.name}
                    </a>
                  ),
                })),
                { title: detail.name },
              ]}
            />
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('jurisdiction.boundarySource')}>
          <Tooltip title={t(`jurisdiction.sourceHint.${detail.boundarySource}`)}>
            <Tag color={sourceColor[detail.boundarySource]}>{t(`jurisdiction.source.${detail.boundarySource}`)}</Tag>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('jurisdiction.area')}>
          {detail.areaKm2 == null ? '—' : t('jurisdiction.areaValue', { value: detail.areaKm2.toFixed(2) })}
        </Descriptions.Item>
      </Descriptions>
    );
    // Counts get the card's full width (below the label column) so English labels fit too.
    body = (
      <>
        {body}
        <div className="gz-counts" data-testid="unit-counts" aria-label={t('jurisdiction.counts')}>
          {counts.map((k) => (
            <div key={k}>
              <b>{fmt.format(detail.counts[k])}</b>
              <span>{t(`jurisdiction.${k}`)}</span>
            </div>
          ))}
        </div>
      </>
    );
  }

  return (
    <Card
      size="small"
      data-testid="unit-detail"
      title={detail ? <span data-testid="unit-name">{detail.name}</span> : t('jurisdiction.detail')}
      extra={detail && <Tag>{pick(unitLevelNames[detail.level])}</Tag>}
      style={{ opacity: loading && detail ? 0.6 : 1, transition: 'opacity .15s' }}
    >
      {body}
    </Card>
  );
}
