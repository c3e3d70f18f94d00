import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Lang, storedLang, switchLang } from '../../shared/lang';
import { zhCN } from './zh-CN';
import { en } from './en';

export type { Lang } from '../../shared/lang';
export { useLang } from '../../shared/use-lang';

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React already escapes.
});

export const setLang = (lang: Lang): void => switchLang(i18n, lang);

export default i18n;
