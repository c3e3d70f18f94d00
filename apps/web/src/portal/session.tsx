import type { Me } from '@gongzhi/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from './api';

type SessionState = {
  /** undefined while the first /api/me is on its way; null when nobody is signed in. */
  me: Me | null | undefined;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** A request found the session gone (expired): forget it. */
  lost(): void;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    api<Me>('/api/me')
      .then((m) => setMe(m.stage === 'active' ? m : null))
      .catch(() => setMe(null));
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const m = await api<Me>('/api/auth/login', { method: 'POST', body: { username, password } });
    if (m.stage !== 'active') {
      // Half-finished sign-ins (password change, TOTP enrolment) belong to the console: end it here.
      await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
      throw new ApiError('STAGE', '', 200);
    }
    setMe(m);
    return m;
  }, []);

  const signOut = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, signIn, signOut, lost: () => setMe(null) }), [me, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Codes that mean the session cookie no longer works. */
export const sessionGone = (err: unknown) => err instanceof ApiError && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED');
