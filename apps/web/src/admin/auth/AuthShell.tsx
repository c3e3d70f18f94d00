import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useLang } from '../i18n';
import { LangSwitch } from '../layout/LangSwitch';

/** The frame of the pages before the console: sign-in, forced password change, TOTP enrolment. */
export function AuthShell({ title, subtitle, width = 400, children }: { title: string; subtitle?: ReactNode; width?: number; children: ReactNode }) {
  const { t } = useLang();
  return (
    <div className="gz-auth">
      <header className="gz-auth-top">
        <a className="gz-brand" href="/">
          {t('app.product')}
        </a>
        <LangSwitch />
      </header>
      <main className="gz-auth-main">
        <Card className="gz-auth-card" style={{ width }}>
          <h1 className="gz-auth-title">{title}</h1>
          {subtitle && <div className="gz-auth-sub">{subtitle}</div>}
          {children}
        </Card>
      </main>
      <footer className="gz-auth-foot">{t('auth.footer')}</footer>
    </div>
  );
}
