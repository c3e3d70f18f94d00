import type { AuditFilter } from '@gongzhi/contracts';
import { AutoComplete, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { useLang } from '../i18n';
import { actionGroups, auditActionNames, resourceTypes } from './actionLabels';

type Values = { actor?: string; action?: string; resourceType?: string; resourceId?: string; outcome?: AuditFilter['outcome']; range?: [DayLike | null, DayLike | null] | null };
/** The picker's dayjs values; only their formatting is used, so the console needs no dayjs import. */
type DayLike = { format: (pattern: string) => string };

const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);

/** Who, what, which record, outcome and days; applied with 查询, cleared with 重置. */
export function AuditFilters({ onChange }: { onChange: (f: AuditFilter) => void }) {
  const { t, pick } = useLang();
  const [form] = Form.useForm<Values>();
  const apply = (v: Values) =>
    onChange({
      actor: clean(v.actor),
      action: clean(v.action),
      resourceType: clean(v.resourceType),
      resourceId: clean(v.resourceId),
      outcome: v.outcome,
      // Days: the API reads them in Asia/Shanghai, and a day as `to` includes that day.
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    });

  const actionOptions = [
    ...actionGroups.map((g) => ({ value: g.value, label: `${pick(g)} · ${g.value}` })),
    ...Object.entries(auditActionNames).map(([value, n]) => ({ value, label: `${pick(n)} · ${value}` })),
  ];

  return (
    <Form<Values> form={form} layout="inline" onFinish={apply} className="gz-audit-filters" data-testid="audit-filters">
      <Form.Item name="actor">
        <Input allowClear placeholder={t('audit.actor')} style={{ width: 120 }} maxLength={100} data-testid="audit-filter-actor" />
      </Form.Item>
      <Form.Item name="action" rules={[{ pattern: /^\s*[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?\s*$/, message: t('audit.actionRule') }]}>
        <AutoComplete
          allowClear
          placeholder={t('audit.action')}
          style={{ width: 170 }}
          options={actionOptions}
          popupMatchSelectWidth={300}
          showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
          data-testid="audit-filter-action"
        />
      </Form.Item>
      <Form.Item name="resourceType">
        <AutoComplete
          allowClear
          placeholder={t('audit.resourceType')}
          style={{ width: 120 }}
          options={resourceTypes.map((r) => ({ value: r, label: `${t(`audit.types.${r}`)} · ${r}` }))}
          popupMatchSelectWidth={220}
        />
      </Form.Item>
      <Form.Item name="resourceId">
        <Input allowClear placeholder={t('audit.resourceId')} style={{ width: 130 }} maxLength={100} />
      </Form.Item>
      <Form.Item name="outcome">
        <Select
          allowClear
          placeholder={t('audit.outcome')}
          style={{ width: 90 }}
          options={(['success', 'failure', 'denied'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
          data-testid="audit-filter-outcome"
        />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker
          style={{ width: 230 }}
          allowEmpty={[true, true]}
          data-testid="audit-filter-range"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" data-testid="audit-search">
          {t('audit.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onChange({});
          }}
        >
          {t('audit.reset')}
        </Button>
      </Space>
    </Form>
  );
}
