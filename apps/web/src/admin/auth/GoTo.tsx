import { Spin } from 'antd';
import { useEffect } from 'react';
import { Navigate, type NavigateFunction } from 'react-router';
import { isOtherApp } from './paths';

/** Goes to a console route, or loads another app's page (the big screen) when `to` is one. */
export function GoTo({ to }: { to: string }) {
  const other = isOtherApp(to);
  useEffect(() => {
    if (other) window.location.replace(to);
  }, [other, to]);
  return other ? <Spin size="large" className="gz-page-spin" /> : <Navigate to={to} replace />;
}

/** The same, imperatively (after a form is done). */
export function goTo(navigate: NavigateFunction, to: string): void {
  if (isOtherApp(to)) window.location.assign(to);
  else navigate(to, { replace: true });
}
