import { DownloadOutlined, EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { rolePermissions } from '@gongzhi/contracts/roles';
import { App, Breadcrumb, Button, Card, Select, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ledgersApi } from '../../api/ledgers';
import { useAuth } from '../../auth/AuthContext';
import { UnitPicker } from '../../common/UnitPicker';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { DeidentifiedDialog, PlainExportDialog } from './ExportDialogs';
import { ListCard, MainTable } from './LedgerTables';
import './ledgers.css';

/**
 * /admin/community/ledgers: a ledger generated for a unit (default: the user's own), the table with
 * its 合计 row, drill-down by clicking a row (breadcrumb back up), Excel export, the audited
 * plain-values export, and the de-identified export for district administrators. Ledger and unit
 * live in the URL so the back button climbs back up.
 */
export function LedgersPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<'plain' | 'deid' | null>(null);
  const [exporting, setExporting] = useState(false);

  const own = me?.grants.find((g) => rolePermissions[g.role].includes('ledger.read'))?.unit;
  const list = useAsync((s) => ledgersApi.list(s), []);
  const ledgerId = params.get('ledger') ?? list.data?.items[0]?.id ?? 'population';
  const unit = params.get('unit') ?? own?.code ?? '';
  const res = useAsync(unit ? (s) => ledgersApi.get(ledgerId, unit, {}, s) : null, [ledgerId, unit]);
  const l = res.data;

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const run = async (work: () => Promise<void>, done: string) => {
    setExporting(true);
    try {
      await work();
      void message.success(done);
      setDialog(null);
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const current = list.data?.items.find((i) => i.id === ledgerId);
  const hasPersons = !!l?.lists.some((x) => x.key.startsWith('persons'));
  const crumbs = l ? [...l.ancestors, l.unit] : [];

  return (
    <div className="gz-ledgers" data-testid="ledgers-page">
      <Card size="small" className="gz-ledgers-bar">
        <div className="gz-ledgers-toolbar">
          <Space wrap>
            <Select
              data-testid="ledger-select"
              style={{ width: 280 }}
              value={ledgerId}
              loading={list.loading}
              onChange={(v) => set({ ledger: v })}
              options={(list.data?.items ?? []).map((i) => ({ value: i.id, label: lang === 'en' ? i.nameEn : i.name }))}
              aria-label={t('ledgers.ledger')}
            />
            <UnitPicker
              testId="ledger-unit"
              style={{ width: 240 }}
              value={unit || undefined}
              initial={l ? { code: l.unit.code, name: l.unit.name } : own}
              placeholder={t('ledgers.unitHint')}
              onChange={(code) => code && set({ unit: code })}
            />
          </Space>
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={exporting && dialog === null} disabled={!l} onClick={() => run(() => ledgersApi.exportXlsx(ledgerId, unit), t('ledgers.exported'))} data-testid="ledger-export">
              {t('ledgers.export')}
            </Button>
            {can('personal_data.reveal') && hasPersons && (
              <Button icon={<EyeOutlined />} onClick={() => setDialog('plain')} data-testid="ledger-export-plain">
                {t('ledgers.exportPlain')}
              </Button>
            )}
            {can('data.deidentified_export') && (
              <Button icon={<SafetyCertificateOutlined />} disabled={!l} onClick={() => setDialog('deid')} data-testid="ledger-deidentified">
                {t('ledgers.deidentified')}
              </Button>
            )}
          </Space>
        </div>
        <Breadcrumb
          className="gz-ledgers-crumbs"
          data-testid="ledger-breadcrumb"
          items={crumbs.map((u, i) => ({
            title:
              i < crumbs.length - 1 ? (
                <a onClick={() => set({ unit: u.code })} data-code={u.code}>
                  {u.name}
                </a>
              ) : (
                <span data-code={u.code} className="gz-ledgers-current">
                  {u.name}
                </span>
              ),
          }))}
        />
      </Card>
      {!unit && <Card size="small">{t('ledgers.pickUnit')}</Card>}
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {unit && !l && !res.error && <Spin size="large" className="gz-ledgers-spin" />}
      {l && (
        <Spin spinning={res.loading}>
          <Card
            size="small"
            title={
              <span data-testid="ledger-title">
                {l.unit.name} · {lang === 'en' ? l.ledger.nameEn : l.ledger.name}
              </span>
            }
            extra={
              <Space size={4}>
                <Tag>{t('ledgers.asOf', { date: l.asOf })}</Tag>
                {l.main.rows.some((r) => r.unit) && <span className="gz-muted gz-small">{t('ledgers.drillHint')}</span>}
              </Space>
            }
          >
            {current && <p className="gz-muted gz-small gz-ledgers-desc">{lang === 'en' ? current.descriptionEn : current.description}</p>}
            <MainTable table={l.main} onDrill={(code) => set({ unit: code })} />
          </Card>
          {l.lists.map((x) => (
            <ListCard key={x.key} table={x} />
          ))}
          <ul className="gz-muted gz-small gz-ledgers-notes">
            {l.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Spin>
      )}
      <PlainExportDialog
        open={dialog === 'plain'}
        onCancel={() => setDialog(null)}
        onExport={(reason) => run(() => ledgersApi.exportXlsx(ledgerId, unit, { plain: true, reason }), t('ledgers.exported'))}
      />
      <DeidentifiedDialog
        open={dialog === 'deid'}
        unitName={l?.unit.name ?? unit}
        onCancel={() => setDialog(null)}
        onExport={(k) => run(() => ledgersApi.deidentified(unit, k), t('ledgers.deidDone'))}
      />
    </div>
  );
}
