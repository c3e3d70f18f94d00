import type { CaseCategoryTree, Department } from '@gongzhi/contracts';
import { caseChannelNames, caseChannels, caseStatusNames, caseStatuses, caseTypeNames, caseTypes } from '@gongzhi/contracts/case-workflow';
import { Button, DatePicker, Form, Input, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { CaseListFilter } from '../../api/cases';
import { UnitPicker } from '../../common/UnitPicker';
import { useLang } from '../../i18n';
import { boundDays, dayBounds } from './filters';

type YesNo = 'true' | 'false';
type Values = {
  q?: string;
  status?: string[];
  type?: string[];
  channel?: string[];
  category?: string;
  unit?: string;
  department?: string;
  overdue?: YesNo;
  warning?: 'yellow' | 'red';
  supervised?: YesNo;
  extensionRequested?: YesNo;
  range?: [Dayjs | null, Dayjs | null] | null;
  sort?: CaseListFilter['sort'];
};

const yn = (v: boolean | undefined): YesNo | undefined => (v === undefined ? undefined : v ? 'true' : 'false');
const toBool = (v: YesNo | undefined) => (v === undefined ? undefined : v === 'true');

function toValues(f: CaseListFilter): Values {
  const { fromDay, toDay } = boundDays(f);
  return {
    q: f.q,
    status: f.status,
    type: f.type,
    channel: f.channel,
    category: f.category,
    unit: f.unit,
    department: f.department,
    overdue: yn(f.overdue),
    warning: f.warning,
    supervised: yn(f.supervised),
    extensionRequested: yn(f.extensionRequested),
    range: fromDay || toDay ? [fromDay ? dayjs(fromDay) : null, toDay ? dayjs(toDay) : null] : null,
    sort: f.sort,
  };
}

function fromValues(v: Values): CaseListFilter {
  const days = dayBounds(v.range?.[0]?.format('YYYY-MM-DD'), v.range?.[1]?.format('YYYY-MM-DD'));
  return {
    q: v.q?.trim() || undefined,
    status: v.status?.length ? (v.status as CaseListFilter['status']) : undefined,
    type: v.type?.length ? v.type : undefined,
    channel: v.channel?.length ? v.channel : undefined,
    category: v.category,
    unit: v.unit,
    department: v.department,
    overdue: toBool(v.overdue),
    warning: v.warning,
    supervised: toBool(v.supervised),
    extensionRequested: toBool(v.extensionRequested),
    ...days,
    sort: v.sort && v.sort !== 'received_desc' ? v.sort : undefined,
  };
}

/**
 * Every filter of GET /api/cases: Chinese text search, status, type, channel, category, unit,
 * department, deadline state, supervision, extension requests and the days of receipt. The form
 * mirrors the URL (`value`); 查询 applies it.
 */
export function CaseFilters({ value, onChange, categories, departments, scopeUnit }: {
  value: CaseListFilter;
  onChange: (f: CaseListFilter) => void;
  categories: CaseCategoryTree | undefined;
  departments: Department[];
  scopeUnit?: { code: string; name: string };
}) {
  const { t, pick, lang } = useLang();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(value));
  }, [value, form]);

  const yesNo = [
    { value: 'true', label: t('caseList.yes') },
    { value: 'false', label: t('caseList.no') },
  ];
  const tree = (categories?.items ?? []).map((p) => ({
    value: p.code,
    title: `${lang === 'en' ? p.nameEn || p.name : p.name}`,
    children: p.children.map((c) => ({ value: c.code, title: lang === 'en' ? c.nameEn || c.name : c.name })),
  }));

  return (
    <Form<Values> form={form} layout="inline" onFinish={(v) => onChange(fromValues(v))} className="gz-case-filters" data-testid="case-filters">
      <Form.Item name="q">
        <Input.Search allowClear placeholder={t('caseList.searchPlaceholder')} maxLength={50} style={{ width: 220 }} onSearch={() => form.submit()} data-testid="filter-q" />
      </Form.Item>
      <Form.Item name="status">
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('caseList.col.status')}
          style={{ width: 180 }}
          options={caseStatuses.map((s) => ({ value: s, label: pick(caseStatusNames[s]) }))}
          data-testid="filter-status"
        />
      </Form.Item>
      <Form.Item name="type">
        <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('caseDetail.type')} style={{ width: 130 }} options={caseTypes.map((s) => ({ value: s, label: pick(caseTypeNames[s]) }))} />
      </Form.Item>
      <Form.Item name="channel">
        <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('caseDetail.channel')} style={{ width: 150 }} options={caseChannels.map((s) => ({ value: s, label: pick(caseChannelNames[s]) }))} />
      </Form.Item>
      <Form.Item name="category">
        <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder={t('caseDetail.category')} style={{ width: 170 }} treeData={tree} popupMatchSelectWidth={260} data-testid="filter-category" />
      </Form.Item>
      <Form.Item name="unit">
        <UnitPicker allowClear placeholder={t('caseList.unit')} style={{ width: 170 }} initial={scopeUnit} testId="filter-unit" />
      </Form.Item>
      <Form.Item name="department">
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('caseList.department')} style={{ width: 170 }} options={departments.map((d) => ({ value: d.id, label: d.name }))} popupMatchSelectWidth={240} />
      </Form.Item>
      <Form.Item name="warning">
        <Select
          allowClear
          placeholder={t('caseList.warning')}
          style={{ width: 110 }}
          options={[
            { value: 'yellow', label: t('caseList.yellow') },
            { value: 'red', label: t('caseList.red') },
          ]}
          data-testid="filter-warning"
        />
      </Form.Item>
      <Form.Item name="overdue">
        <Select allowClear placeholder={t('caseList.overdue')} style={{ width: 100 }} options={yesNo} data-testid="filter-overdue" />
      </Form.Item>
      <Form.Item name="supervised">
        <Select allowClear placeholder={t('caseList.supervised')} style={{ width: 100 }} options={yesNo} />
      </Form.Item>
      <Form.Item name="extensionRequested">
        <Select allowClear placeholder={t('caseList.extension')} style={{ width: 120 }} options={yesNo} />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} placeholder={[t('caseList.fromDay'), t('caseList.toDay')]} data-testid="filter-range" />
      </Form.Item>
      <Form.Item name="sort">
        <Select
          placeholder={t('caseList.sort.received_desc')}
          style={{ width: 130 }}
          options={(['received_desc', 'received_asc', 'due_asc'] as const).map((s) => ({ value: s, label: t(`caseList.sort.${s}`) }))}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" data-testid="filter-apply">
          {t('caseList.apply')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button onClick={() => onChange({})} data-testid="filter-reset">
          {t('caseList.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
