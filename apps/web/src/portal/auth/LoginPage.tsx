import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../api';
import { useLang } from '../i18n';
import { useSession } from '../session';

/** A minimal resident sign-in (POST /api/auth/login); accounts still in a set-up stage go to the console. */
export function LoginPage() {
  const { t } = useLang();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Only paths inside the portal: never an open redirect.
  const next = /^\/[a-z0-9/_-]*$/i.test(params.get('next') ?? '') ? params.get('next')! : '/cases';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = { ...(username.trim() ? {} : { username: t('login.needUsername') }), ...(password ? {} : { password: t('login.needPassword') }) };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'STAGE' ? t('login.stage') : messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="page login" onSubmit={submit} noValidate data-testid="portal-login">
      <h1>{t('login.heading')}</h1>
      <p className="muted">{t('login.intro')}</p>
      <div className="field">
        <label htmlFor="login-username">{t('login.username')}</label>
        <input
          id="login-username"
          data-testid="portal-username"
          autoComplete="username"
          autoCapitalize="none"
          value={username}
          aria-invalid={!!errors.username}
          aria-describedby={errors.username ? 'username-error' : undefined}
          onChange={(e) => setUsername(e.target.value)}
        />
        {errors.username && (
          <p className="error" id="username-error">
            {errors.username}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          data-testid="portal-password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={!!errors.password}
          aria-describedby={errors.password ? 'password-error' : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {errors.password && (
          <p className="error" id="password-error">
            {errors.password}
          </p>
        )}
      </div>
      {error && (
        <p className="error-box" role="alert" data-testid="portal-login-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="portal-login-submit">
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
      <p className="muted small">
        {t('login.noAccount')} <Link to="/">{t('nav.report')}</Link>
      </p>
    </form>
  );
}
