import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { portalEn } from './portal.en';
import { portalZh } from './portal.zh';

export type Lang = 'zh-CN' | 'en';
// Shared with the staff console: one language choice per browser.
const STORAGE_KEY = 'gongzhi.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The portal's own i18next instance: it never loads the console's (much larger) texts. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: portalZh }, en: { translation: portalEn } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18n.language;

export function setLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function useLang() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh-CN';
  const pick = (names: { zh: string; en: string }) => (lang === 'en' ? names.en : names.zh);
  return { t, lang, pick };
}
