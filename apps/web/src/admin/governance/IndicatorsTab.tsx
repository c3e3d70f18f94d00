import type { CompoundType, GovernanceIndicator } from '@gongzhi/contracts';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, InputNumber, Progress, Space, Switch, Table } from 'antd';
import { useMemo, useState } from 'react';
import { governanceApi, type IndicatorDraft } from '../api/governance';
import { useLang } from '../i18n';

type Row = IndicatorDraft & { key: string };
const toRows = (list: GovernanceIndicator[]): Row[] => list.map((i) => ({ key: i.id, id: i.id, name: i.name, description: i.description, weight: i.weight, active: i.active }));

/** 治理绩效评估导则: weighted indicators, edited as a set; the live sum of active weights must reach 100. */
export function IndicatorsTab({ type, indicators, editable, onSaved }: { type: CompoundType; indicators: GovernanceIndicator[]; editable: boolean; onSaved: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>(() => toRows(indicators));
  const [busy, setBusy] = useState(false);
  const sum = useMemo(() => Math.round(rows.filter((r) => r.active).reduce((s, r) => s + Math.round((r.weight || 0) * 100), 0)) / 100, [rows]);
  const ok = sum === 100 && rows.every((r) => r.name.trim() && r.weight > 0);
  const set = (key: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const save = async () => {
    setBusy(true);
    try {
      const res = await governanceApi.saveIndicators(
        type,
        rows.map(({ key: _k, ...r }) => ({ ...r, name: r.name.trim(), description: r.description.trim() })),
      );
      setRows(toRows(res.items));
      message.success(t('gov.ind.saved'));
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="indicators">
      <Table<Row>
        rowKey="key"
        size="middle"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('gov.ind.name'),
            width: 220,
            render: (_v, r, i) => (editable ? <Input value={r.name} maxLength={60} onChange={(e) => set(r.key, { name: e.target.value })} data-testid={`ind-name-${i}`} /> : <strong>{r.name}</strong>),
          },
          {
            title: t('gov.ind.description'),
            render: (_v, r) => (editable ? <Input value={r.description} maxLength={500} onChange={(e) => set(r.key, { description: e.target.value })} /> : r.description),
          },
          {
            title: t('gov.ind.weight'),
            width: 120,
            render: (_v, r, i) =>
              editable ? (
                <InputNumber value={r.weight} min={0.01} max={100} step={1} precision={2} style={{ width: 100 }} onChange={(v) => set(r.key, { weight: Number(v ?? 0) })} data-testid={`ind-weight-${i}`} />
              ) : (
                r.weight
              ),
          },
          { title: t('gov.ind.active'), width: 80, render: (_v, r) => <Switch size="small" checked={r.active} disabled={!editable} onChange={(v) => set(r.key, { active: v })} /> },
          ...(editable
            ? [
                {
                  title: '',
                  width: 56,
                  render: (_v: unknown, r: Row) => (
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('gov.ind.remove')} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} disabled={rows.length <= 1} />
                  ),
                },
              ]
            : []),
        ]}
      />
      <div className="gz-weight-sum" data-testid="weight-sum">
        <Progress percent={Math.min(100, sum)} status={sum === 100 ? 'success' : sum > 100 ? 'exception' : 'active'} format={() => `${sum}`} style={{ maxWidth: 420 }} />
        <Alert type={sum === 100 ? 'success' : 'warning'} showIcon title={`${t('gov.ind.sum', { sum })} · ${sum === 100 ? t('gov.ind.sumOk') : t('gov.ind.sumBad')}`} style={{ maxWidth: 520 }} />
      </div>
      {editable && (
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { key: `new-${Date.now()}`, name: '', description: '', weight: 0, active: true }])} disabled={rows.length >= 30}>
            {t('gov.ind.add')}
          </Button>
          <Button onClick={() => setRows(toRows(indicators))}>{t('gov.ind.reset')}</Button>
          <Button type="primary" disabled={!ok} loading={busy} onClick={() => void save()} data-testid="ind-save">
            {t('gov.ind.save')}
          </Button>
        </Space>
      )}
    </div>
  );
}
