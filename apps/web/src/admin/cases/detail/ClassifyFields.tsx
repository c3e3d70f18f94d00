import { caseTypeNames, caseTypes } from '@gongzhi/contracts/case-workflow';
import { Form, Select } from 'antd';
import { caseRefApi } from '../../api/cases';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';

/** The classify action's fields: the case type and a second-level category, grouped by the first level. */
export function ClassifyFields() {
  const { t, lang, pick } = useLang();
  const tree = useAsync((s) => caseRefApi.categories(s), []);
  const name = (c: { name: string; nameEn: string }) => (lang === 'en' && c.nameEn ? c.nameEn : c.name);
  const options = (tree.data?.items ?? []).map((g) => ({
    label: name(g),
    options: g.children.map((c) => ({ value: c.code, label: `${name(c)} · ${c.code}` })),
  }));
  return (
    <>
      <Form.Item name="type" label={t('caseUi.classify.type')} rules={[{ required: true, message: t('caseUi.classify.typeRequired') }]}>
        <Select data-testid="classify-type" options={caseTypes.map((x) => ({ value: x, label: pick(caseTypeNames[x]) }))} />
      </Form.Item>
      <Form.Item name="categoryCode" label={t('caseUi.classify.category')} rules={[{ required: true, message: t('caseUi.classify.categoryRequired') }]}>
        <Select data-testid="classify-category" showSearch optionFilterProp="label" loading={tree.loading} options={options} placeholder={t('caseUi.classify.categoryPlaceholder')} />
      </Form.Item>
    </>
  );
}
