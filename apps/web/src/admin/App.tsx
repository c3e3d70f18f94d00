import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useLang } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { JurisdictionPage } from './jurisdiction/JurisdictionPage';
import { NotFound } from './layout/NotFound';

const fontFamily =
  "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";

export function App() {
  const { lang } = useLang();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { fontFamily } }}>
      <AntApp>
        {/* The server answers every /admin/* path with this page, so the router owns them. */}
        <BrowserRouter basename="/admin">
          <Routes>
            <Route element={<AppLayout />}>
              <Route index element={<Navigate to="/jurisdictions" replace />} />
              <Route path="jurisdictions" element={<JurisdictionPage />} />
              <Route path="jurisdictions/:code" element={<JurisdictionPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
