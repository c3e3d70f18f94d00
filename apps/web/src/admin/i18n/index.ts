import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'gongzhi.lang';

function initialLang(): Lang {
  // Chinese is the default for everyone; English only when the user picked it before.
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React already escapes.
});

export function setLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** The current language plus a picker for contracts' `{ zh, en }` name tables. */
export function useLang() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh-CN';
  const pick = (names: { zh: string; en: string }) => (lang === 'en' ? names.en : names.zh);
  return { t, lang, pick };
}

export default i18n;
