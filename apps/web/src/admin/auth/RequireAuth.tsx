import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthContext';
import { loginPath, stagePath } from './paths';

/**
 * Every console page needs a session whose stages are done: without one the user goes to sign in
 * (the target kept in `?next=`); with an unfinished stage to the password or TOTP page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, signedOut } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Spin size="large" className="gz-page-spin" data-testid="auth-loading" />;
  const target = location.pathname + location.search;
  if (!me) return <Navigate to={signedOut ? '/login' : loginPath(target)} replace />;
  const stage = stagePath(me.stage, target);
  if (stage) return <Navigate to={stage} replace />;
  return children;
}
