import type { CaseFigures } from '@gongzhi/contracts';
import { Card, Statistic, Tooltip } from 'antd';
import { formatCount, formatRate } from '../../stats/format';
import { useLang } from '../i18n';

/** The seven headline figures of the period (counts now for open and overdue). */
export function KpiRow({ today, figures: f }: { today: number; figures: CaseFigures }) {
  const { t } = useLang();
  const items = [
    { id: 'intake', title: t('dashboards.kpi.intake'), value: formatCount(f.intake), hint: t('dashboards.kpi.periodIntake') },
    { id: 'today', title: t('dashboards.kpi.today'), value: formatCount(today) },
    { id: 'open', title: t('dashboards.kpi.open'), value: formatCount(f.open), color: '#d48806' },
    { id: 'overdue', title: t('dashboards.kpi.overdue'), value: formatCount(f.overdue), color: f.overdue ? '#cf1322' : undefined },
    { id: 'closure', title: t('dashboards.kpi.closure'), value: formatRate(f.closureRate.rate), hint: t('dashboards.kpi.ofEffective', { n: f.closureRate.numerator, d: f.closureRate.denominator }) },
    { id: 'ontime', title: t('dashboards.kpi.onTime'), value: formatRate(f.onTimeRate.rate), hint: t('dashboards.kpi.ofJudged', { n: f.onTimeRate.numerator, d: f.onTimeRate.denominator }) },
    { id: 'satisfaction', title: t('dashboards.kpi.satisfaction'), value: formatRate(f.satisfactionRate.rate), hint: t('dashboards.kpi.ofRated', { n: f.satisfactionRate.numerator, d: f.satisfactionRate.denominator }) },
  ];
  return (
    <div className="gz-dash-kpis">
      {items.map((k) => (
        <Card key={k.id} size="small" className="gz-dash-kpi">
          <Tooltip title={k.hint}>
            <Statistic title={k.title} value={k.value} styles={{ content: { color: k.color, fontSize: 22 } }} data-testid={`dash-kpi-${k.id}`} />
          </Tooltip>
        </Card>
      ))}
    </div>
  );
}
