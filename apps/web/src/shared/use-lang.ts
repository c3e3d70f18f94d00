import { useTranslation } from 'react-i18next';
import type { Lang } from './lang';

/** The current language plus a picker for contracts' `{ zh, en }` name tables (console and portal). */
export function useLang() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh-CN';
  const pick = (names: { zh: string; en: string }) => (lang === 'en' ? names.en : names.zh);
  return { t, lang, pick };
}
