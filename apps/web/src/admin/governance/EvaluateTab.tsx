import type { Compound, CompoundEvaluation, CompoundType, GovernanceIndicator } from '@gongzhi/contracts';
import { App, Button, Col, Empty, Form, Input, InputNumber, Row, Select, Statistic, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { governanceApi } from '../api/governance';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';

const thisYear = new Date().getFullYear();
const round2 = (n: number) => Math.round(n * 100) / 100;

/** 绩效评估: pick a compound of the type (in scope) and a year, score each indicator, see the weighted total. */
export function EvaluateTab({ type, indicators }: { type: CompoundType; indicators: GovernanceIndicator[] }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Compound[]>([]);
  const [compound, setCompound] = useState<string | undefined>();
  const [year, setYear] = useState(thisYear);
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [note, setNote] = useState('');
  const [history, setHistory] = useState<CompoundEvaluation[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => governanceApi.compounds(type, q.trim(), ctrl.signal).then((r) => setOptions(r.items), () => undefined), 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [type, q]);
  const loadHistory = (id: string) => governanceApi.history(id).then((r) => setHistory(r.items), () => setHistory([]));
  useEffect(() => {
    if (compound) void loadHistory(compound);
    else setHistory([]);
  }, [compound]);
  // The year's earlier evaluation, if any, fills the form so it can be revised.
  useEffect(() => {
    const prior = history.find((h) => h.year === year);
    setScores(Object.fromEntries(indicators.map((i) => [i.id, prior?.scores.find((s) => s.indicatorId === i.id)?.score ?? null])));
    setNote(prior?.note ?? '');
  }, [history, year, indicators]);

  const total = useMemo(() => round2(indicators.reduce((s, i) => s + (i.weight * (scores[i.id] ?? 0)) / 100, 0)), [indicators, scores]);
  const complete = indicators.every((i) => typeof scores[i.id] === 'number');

  const submit = async () => {
    if (!compound) return message.warning(t('gov.eval.pick'));
    setBusy(true);
    try {
      const res = await governanceApi.evaluate(compound, { year, scores: indicators.map((i) => ({ indicatorId: i.id, score: scores[i.id]! })), ...(note.trim() ? { note: note.trim() } : {}) });
      message.success(res.replaced ? t('gov.eval.replaced', { year, total: res.total }) : t('gov.eval.saved', { total: res.total }));
      await loadHistory(compound);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="evaluate">
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('gov.eval.compound')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            value={compound}
            onChange={setCompound}
            placeholder={t('gov.eval.compoundPlaceholder')}
            style={{ width: 320 }}
            options={options.map((c) => ({ value: c.id, label: `${c.name} · ${c.neighborhood.name}` }))}
            data-testid="eval-compound"
          />
        </Form.Item>
        <Form.Item label={t('gov.eval.year')}>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => setYear(Number(v ?? thisYear))} data-testid="eval-year" />
        </Form.Item>
      </Form>
      <Row gutter={16}>
        <Col flex="auto">
          <Table<GovernanceIndicator>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={indicators}
            columns={[
              { title: t('gov.ind.name'), dataIndex: 'name', render: (v: string, r) => <span title={r.description}>{v}</span> },
              { title: t('gov.ind.weight'), dataIndex: 'weight', width: 80 },
              {
                title: t('gov.eval.score'),
                width: 150,
                render: (_v, r, i) => (
                  <InputNumber value={scores[r.id]} min={0} max={100} precision={1} onChange={(v) => setScores((s) => ({ ...s, [r.id]: v === null ? null : Number(v) }))} data-testid={`eval-score-${i}`} />
                ),
              },
              { title: t('gov.eval.weighted'), width: 100, render: (_v, r) => round2((r.weight * (scores[r.id] ?? 0)) / 100) },
            ]}
          />
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('gov.eval.note')} maxLength={1000} rows={2} style={{ marginTop: 12 }} />
        </Col>
        <Col flex="200px">
          <Statistic title={t('gov.eval.total')} value={total} precision={2} data-testid="eval-total" />
          <Button type="primary" style={{ marginTop: 16 }} disabled={!compound || !complete} loading={busy} onClick={() => void submit()} data-testid="eval-submit">
            {t('gov.eval.submit')}
          </Button>
        </Col>
      </Row>
      {compound && (
        <>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('gov.eval.history')}
          </Typography.Title>
          {history.length === 0 ? (
            <Empty description={t('gov.eval.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Table<CompoundEvaluation>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={history}
              data-testid="eval-history"
              columns={[
                { title: t('gov.eval.year'), dataIndex: 'year', width: 80 },
                { title: t('gov.eval.total'), dataIndex: 'total', width: 90, render: (v: number) => <strong>{v.toFixed(2)}</strong> },
                { title: t('gov.ind.name'), render: (_v, r) => r.scores.map((s) => `${s.name} ${s.score}`).join('；') },
                { title: t('gov.eval.by'), dataIndex: 'evaluatedBy', width: 110 },
                { title: t('gov.eval.at'), dataIndex: 'evaluatedAt', width: 150, render: (v: string) => formatTime(v, lang) },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}
