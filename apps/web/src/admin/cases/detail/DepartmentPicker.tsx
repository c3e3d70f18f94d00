import type { Department } from '@gongzhi/contracts';
import { Select } from 'antd';
import { useLang } from '../../i18n';

/** Departments that serve the case's 街镇, grouped: its stationed offices first, then the district bureaus. Value: department ids. */
export function departmentOptions(items: readonly Department[], lang: string, exclude: readonly string[] = []) {
  const group = (level: Department['level']) => items.filter((d) => d.level === level && !exclude.includes(d.id)).map((d) => ({ value: d.id, label: d.name }));
  return [
    { label: lang === 'en' ? 'Offices in the subdistrict' : '街镇派驻机构', options: group('subdistrict') },
    { label: lang === 'en' ? 'District bureaus' : '区级职能部门', options: group('district') },
  ].filter((g) => g.options.length);
}

export function DepartmentPicker({
  items,
  loading,
  value,
  onChange,
  multiple,
  exclude,
  testId,
  placeholder,
}: {
  items: readonly Department[];
  loading?: boolean;
  value?: string | string[];
  onChange?: (v: string | string[] | undefined) => void;
  multiple?: boolean;
  exclude?: readonly string[];
  testId?: string;
  placeholder?: string;
}) {
  const { lang } = useLang();
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={loading}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      options={departmentOptions(items, lang, exclude)}
      maxCount={multiple ? 5 : undefined}
      data-testid={testId}
      popupMatchSelectWidth={280}
    />
  );
}
