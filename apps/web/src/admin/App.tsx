import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuditPage } from './audit/AuditPage';
import { BuildingPage } from './community/BuildingPage';
import { CompoundDetailPage } from './community/CompoundDetailPage';
import { CompoundsPage } from './community/CompoundsPage';
import { HouseholdPage } from './community/HouseholdPage';
import { ResidentsPage } from './community/ResidentsPage';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { DashboardsPage } from './dashboards/DashboardsPage';
import { CaseDetailPage } from './cases/detail/CaseDetailPage';
import { ImportPage as CommunityImportPage } from './community/import/ImportPage';
import { InboxPage } from './cases/inbox/InboxPage';
import { CaseListPage } from './cases/list/CaseListPage';
import { LedgersPage } from './community/ledgers/LedgersPage';
import { WorkbenchPage } from './cases/workbench/WorkbenchPage';
import { LoginPage } from './auth/LoginPage';
import { MfaPage } from './auth/MfaPage';
import { PasswordPage } from './auth/PasswordPage';
import { homeOf } from './auth/paths';
import { RequireAuth } from './auth/RequireAuth';
import { useLang } from './i18n';
import { CaseDetailPage as GridCaseDetailPage } from './grid/CaseDetailPage';
import { GridLayout } from './grid/GridLayout';
import { MyReportsPage } from './grid/MyReportsPage';
import { PatrolPage } from './grid/PatrolPage';
import { VerifyListPage } from './grid/VerifyListPage';
import { JurisdictionPage } from './jurisdiction/JurisdictionPage';
import { AppLayout } from './layout/AppLayout';
import { NoPermission, RequirePermission } from './layout/NoPermission';
import { NotFound } from './layout/NotFound';
import { SessionsPage } from './sessions/SessionsPage';
import { TokensPage } from './tokens/TokensPage';
import { UsersPage } from './users/UsersPage';
import { GovernancePage } from './governance/GovernancePage';
import { VerificationPage } from './community/verification/VerificationPage';

const fontFamily =
  "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";

/** /admin/: the first page this user may open. */
function Home() {
  const { me } = useAuth();
  const home = me ? homeOf(me) : null;
  return home ? <Navigate to={home} replace /> : <NoPermission />;
}

export function App() {
  const { lang } = useLang();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { fontFamily } }}>
      <AntApp>
        <AuthProvider>
          {/* The server answers every /admin/* path with this page, so the router owns them. */}
          <BrowserRouter basename="/admin">
            <Routes>
              <Route path="login" element={<LoginPage />} />
              <Route path="password" element={<PasswordPage />} />
              <Route path="mfa" element={<MfaPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<Home />} />
                <Route path="workbench" element={<RequirePermission action="case.act"><WorkbenchPage /></RequirePermission>} />
                <Route path="inbox" element={<RequirePermission action="case.act"><InboxPage /></RequirePermission>} />
                <Route path="cases" element={<RequirePermission action="case.read"><CaseListPage /></RequirePermission>} />
                <Route path="cases/:id" element={<RequirePermission action="case.read"><CaseDetailPage /></RequirePermission>} />
                <Route path="jurisdictions" element={<RequirePermission action="jurisdiction.read"><JurisdictionPage /></RequirePermission>} />
                <Route path="jurisdictions/:code" element={<RequirePermission action="jurisdiction.read"><JurisdictionPage /></RequirePermission>} />
                <Route path="users" element={<RequirePermission action="user.read"><UsersPage /></RequirePermission>} />
                <Route path="tokens" element={<RequirePermission action="api_token.manage"><TokensPage /></RequirePermission>} />
                <Route path="audit" element={<RequirePermission action="audit.read"><AuditPage /></RequirePermission>} />
                <Route path="dashboards" element={<RequirePermission action="case.read"><DashboardsPage /></RequirePermission>} />
                <Route path="community/ledgers" element={<RequirePermission action="ledger.read"><LedgersPage /></RequirePermission>} />
                <Route path="community/compounds" element={<RequirePermission action="compound.read"><CompoundsPage /></RequirePermission>} />
                <Route path="community/compounds/:id" element={<RequirePermission action="compound.read"><CompoundDetailPage /></RequirePermission>} />
                <Route path="community/buildings/:id" element={<RequirePermission action="resident.read"><BuildingPage /></RequirePermission>} />
                <Route path="community/households/:id" element={<RequirePermission action="resident.read"><HouseholdPage /></RequirePermission>} />
                <Route path="community/residents" element={<RequirePermission action="resident.read"><ResidentsPage /></RequirePermission>} />
                <Route path="community/import" element={<RequirePermission action="resident.import"><CommunityImportPage /></RequirePermission>} />
                <Route path="sessions" element={<SessionsPage />} />
                <Route path="community/verification" element={<RequirePermission action="verification.work"><VerificationPage /></RequirePermission>} />
                <Route path="governance" element={<RequirePermission action="governance.read"><GovernancePage /></RequirePermission>} />
                <Route path="governance/:type" element={<RequirePermission action="governance.read"><GovernancePage /></RequirePermission>} />
                {/* The grid worker's phone pages (巡查上报, 待核查, 我的上报). */}
                <Route path="grid" element={<RequirePermission action="case.create"><GridLayout /></RequirePermission>}>
                  <Route index element={<Navigate to="patrol" replace />} />
                  <Route path="patrol" element={<PatrolPage />} />
                  <Route path="verify" element={<VerifyListPage />} />
                  <Route path="mine" element={<MyReportsPage />} />
                  <Route path="cases/:id" element={<GridCaseDetailPage />} />
                </Route>
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
