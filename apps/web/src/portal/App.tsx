import { BrowserRouter, Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { useEffect } from 'react';
import { LoginPage } from './auth/LoginPage';
import { CaseDetailPage } from './cases/CaseDetailPage';
import { MyCasesPage } from './cases/MyCasesPage';
import { TrackPage } from './cases/TrackPage';
import { setLang, useLang } from './i18n';
import { PublicMapPage } from './map/PublicMapPage';
import { ReportPage } from './report/ReportPage';
import { SessionProvider, useSession } from './session';

function Header() {
  const { t, lang } = useLang();
  const { me, signOut } = useSession();
  return (
    <header className="top">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <Link to="/" className="brand">
        {t('app.title')}
      </Link>
      <div className="top-actions">
        <button
          type="button"
          className="btn btn-text on-dark"
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          aria-label={t('app.langSwitchLabel')}
          data-testid="lang-switch"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('app.langSwitch')}
        </button>
        {me ? (
          <button type="button" className="btn btn-text on-dark" data-testid="portal-logout" title={t('app.signedInAs', { name: me.user.displayName })} onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        ) : (
          me === null && (
            <Link className="btn btn-text on-dark" to="/login" data-testid="portal-login-link">
              {t('app.signIn')}
            </Link>
          )
        )}
      </div>
    </header>
  );
}

function BottomNav() {
  const { t } = useLang();
  const item = (to: string, icon: string, label: string, testId: string) => (
    <NavLink to={to} end={to === '/'} className="nav-item" data-testid={testId}>
      <span className="nav-icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </NavLink>
  );
  return (
    <nav className="bottom-nav" aria-label={t('nav.label')}>
      {item('/', '✎', t('nav.report'), 'nav-report')}
      {item('/cases', '☰', t('nav.mine'), 'nav-mine')}
      {item('/map', '◎', t('nav.map'), 'nav-map')}
    </nav>
  );
}

function StaffNotice() {
  const { t } = useLang();
  const { me } = useSession();
  if (!me || me.user.kind !== 'staff') return null;
  return (
    <p className="staff-notice">
      {t('app.staffNotice')} <a href="/admin/">{t('app.toConsole')}</a>
    </p>
  );
}

/** Each new page starts at its top, like a page load would. */
function ScrollTop() {
  const { pathname } = useLocation();
  // Braces matter: newer browsers return a promise from scrollTo, which React would take for a cleanup.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  return (
    <BrowserRouter basename="/portal">
      <SessionProvider>
        <ScrollTop />
        <Header />
        <StaffNotice />
        <main id="main" tabIndex={-1}>
          <Routes>
            <Route path="/" element={<ReportPage />} />
            <Route path="/cases" element={<MyCasesPage />} />
            <Route path="/cases/:id" element={<CaseDetailPage />} />
            <Route path="/track/:number" element={<TrackPage />} />
            <Route path="/map" element={<PublicMapPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="*" element={<ReportPage />} />
          </Routes>
        </main>
        <BottomNav />
      </SessionProvider>
    </BrowserRouter>
  );
}
