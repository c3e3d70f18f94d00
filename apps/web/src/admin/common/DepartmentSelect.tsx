import { Select } from 'antd';
import { departmentsApi } from '../api/users';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';

/** The departments of one unit (a department belongs to the unit it is picked with); value is its code. */
export function DepartmentSelect({ unit, value, onChange, testId }: { unit?: string; value?: string; onChange?: (code: string | undefined) => void; testId?: string }) {
  const { t } = useLang();
  const res = useAsync(unit ? (s) => departmentsApi.list(unit, s) : null, [unit]);
  const items = unit ? (res.data?.items ?? []) : [];
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      disabled={!unit}
      loading={res.loading}
      value={value}
      onChange={onChange}
      placeholder={unit ? (items.length || res.loading ? t('department.placeholder') : t('department.none')) : t('department.pickUnitFirst')}
      options={items.map((d) => ({ value: d.code, label: d.name }))}
      data-testid={testId}
    />
  );
}
