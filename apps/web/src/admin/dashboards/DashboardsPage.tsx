import { DesktopOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Space, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EChart } from '../../stats/EChart';
import { drillPath, feedTime, lastDays, shanghaiToday } from '../../stats/format';
import { caseStatsApi, type StatsQuery } from '../api/caseStats';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { categoryOption, departmentOption, trendOption, unitOption } from './charts';
import { KpiRow } from './KpiRow';
import { DepartmentTable, UnitTable } from './Tables';
import './dashboards.css';

const { RangePicker } = DatePicker;
const DAY = 'YYYY-MM-DD';

/**
 * /admin/dashboards: the case indicators of a unit for a period, as charts and tables by child
 * unit, department and category, with drill-down (district → 街镇 → 居民区 → 网格) and export.
 * Unit and period live in the URL, so a view can be shared and the back button climbs back up.
 */
export function DashboardsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const fallback = lastDays(30);
  const q: StatsQuery = { unit: params.get('unit') ?? undefined, from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to, top: 10 };
  const res = useAsync((s) => caseStatsApi.overview(q, s), [q.unit, q.from, q.to]);
  const o = res.data;
  // The caller's own place: the first answer without a unit tells it; drill-up stops there.
  const [home, setHome] = useState<string | null>(null);
  if (o && !q.unit && home !== o.unit.code) setHome(o.unit.code);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const drill = (code: string) => set({ unit: code });

  const label = (k: 'intake' | 'open' | 'resolved' | 'onTime' | 'satisfaction') => t(`dashboards.series.${k}`);
  const charts = useMemo(
    () =>
      o && {
        units: unitOption(o.units, label),
        categories: categoryOption(o.categories, label),
        departments: departmentOption(o.departments, label),
        trend: trendOption(o.trend, label),
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o, lang],
  );

  const today = shanghaiToday();
  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
    { label: t('dashboards.presets.d7'), value: [dayjs(today).subtract(6, 'day'), dayjs(today)] },
    { label: t('dashboards.presets.d30'), value: [dayjs(today).subtract(29, 'day'), dayjs(today)] },
    { label: t('dashboards.presets.d90'), value: [dayjs(today).subtract(89, 'day'), dayjs(today)] },
    { label: t('dashboards.presets.month'), value: [dayjs(today).startOf('month'), dayjs(today)] },
    { label: t('dashboards.presets.year'), value: [dayjs(today).startOf('year'), dayjs(today)] },
  ];

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await caseStatsApi.export({ unit: o?.unit.code ?? q.unit, from: q.from, to: q.to });
      void message.success(t('dashboards.exported'));
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const levelName = (l: string) => t(`dashboards.levels.${l}`);
  return (
    <div className="gz-dash" data-testid="dashboards">
      <Card size="small" className="gz-dash-bar">
        <div className="gz-dash-toolbar">
          <Breadcrumb
            data-testid="dash-breadcrumb"
            items={(o ? drillPath(o.ancestors, o.unit, home) : []).map((p) => ({
              title: p.enabled ? (
                <a onClick={() => drill(p.unit.code)} data-code={p.unit.code}>
                  {p.unit.name}
                </a>
              ) : (
                <span data-code={p.unit.code} className={p.current ? 'gz-dash-current' : undefined}>
                  {p.unit.name}
                </span>
              ),
            }))}
          />
          <Space wrap>
            <span className="gz-muted">{t('dashboards.period')}</span>
            <RangePicker
              allowClear={false}
              value={[dayjs(q.from), dayjs(q.to)]}
              presets={presets}
              disabledDate={(d) => d.isAfter(dayjs(today), 'day')}
              onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format(DAY), to: v[1].format(DAY) })}
              data-testid="dash-range"
            />
            <Button icon={<DownloadOutlined />} onClick={exportXlsx} loading={exporting} disabled={!o} data-testid="dash-export">
              {t('dashboards.export')}
            </Button>
            <Button icon={<DesktopOutlined />} href={`/screen/${o && o.unit.code !== home ? `?unit=${o.unit.code}` : ''}`} target="_blank">
              {t('dashboards.openScreen')}
            </Button>
          </Space>
        </div>
      </Card>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!o && !res.error && <Spin size="large" className="gz-dash-spin" />}
      {o && charts && (
        <Spin spinning={res.loading}>
          <KpiRow today={o.todayIntake} figures={o.figures} />
          <div className="gz-dash-grid">
            <Card size="small" title={o.childLevel ? t('dashboards.byUnit', { level: levelName(o.childLevel) }) : levelName(o.unit.level)} extra={o.childLevel && <span className="gz-muted gz-small">{t('dashboards.byUnitHint')}</span>} className="wide">
              {o.childLevel ? (
                <>
                  <div className="gz-dash-chart" data-testid="dash-unit-chart">
                    <EChart option={charts.units} onItemClick={(p) => o.units[p.dataIndex] && drill(o.units[p.dataIndex]!.code)} />
                  </div>
                  <UnitTable rows={o.units} onDrill={drill} />
                </>
              ) : (
                <Empty description={t('dashboards.noChildren')} />
              )}
            </Card>
            <Card size="small" title={t('dashboards.byDepartment')} className="wide">
              {o.departments.length ? (
                <div className="gz-dash-chart" data-testid="dash-dept-chart">
                  <EChart option={charts.departments} />
                </div>
              ) : null}
              <DepartmentTable rows={o.departments} />
            </Card>
            <Card size="small" title={t('dashboards.byCategory', { n: o.categories.length || 10 })}>
              {o.categories.length ? (
                <div className="gz-dash-chart tall" data-testid="dash-category-chart">
                  <EChart option={charts.categories} />
                </div>
              ) : (
                <Empty description={t('dashboards.empty')} />
              )}
            </Card>
            <Card size="small" title={t('dashboards.trend')} extra={<span className="gz-muted gz-small">{t('dashboards.asOf', { time: feedTime(o.asOf) })}</span>}>
              <div className="gz-dash-chart tall" data-testid="dash-trend-chart">
                <EChart option={charts.trend} />
              </div>
              <p className="gz-muted gz-small">{t('dashboards.definitions')}</p>
            </Card>
          </div>
        </Spin>
      )}
    </div>
  );
}
