import { Segmented } from 'antd';
import { setLang, useLang, type Lang } from '../i18n';

export function LangSwitch() {
  const { t, lang } = useLang();
  return (
    <Segmented<Lang>
      aria-label={t('app.language')}
      data-testid="lang-switch"
      size="small"
      value={lang}
      onChange={setLang}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
