import type { Action, Me } from '@gongzhi/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth';
import { ApiError, csrfToken, onSessionProblem } from '../api/client';

export type AuthState = {
  /** undefined while the first /api/me is on its way; null when signed out. */
  me: Me | null | undefined;
  /** Why the user was sent to sign in (an expired session), shown once on the login page. */
  reason: string | null;
  /** The user signed out on purpose: the sign-in page then remembers no target. */
  signedOut: boolean;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  can: (action: Action) => boolean;
};

const AuthContext = createContext<AuthState | null>(null);

// The last /api/me answer of this tab, so a page reloaded without network (a grid worker's patrol
// page, served by the offline shell) still knows who is signed in. Per tab and gone with it; the
// server still decides on every call once the network is back.
const ME_KEY = 'gongzhi.me';
function rememberMe(me: Me | null): void {
  try {
    if (me) sessionStorage.setItem(ME_KEY, JSON.stringify({ ...me, csrfToken: null }));
    else sessionStorage.removeItem(ME_KEY);
  } catch {
    // Storage unavailable: no offline reload, nothing else changes.
  }
}
function rememberedMe(): Me | null {
  try {
    const raw = sessionStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const [reason, setReason] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);

  const refresh = useCallback(async () => {
    // Sign-in sets a readable CSRF cookie next to the session: without it there is no session to ask about.
    if (!csrfToken()) {
      setMeState(null);
      return;
    }
    try {
      setMeState(await authApi.me());
    } catch (err) {
      // No network is no answer: keep the session this tab last saw (see rememberMe).
      const known = err instanceof ApiError && err.code === 'NETWORK' ? rememberedMe() : null;
      if (known) {
        setMeState(known);
        return;
      }
      // Not signed in is an answer (an expired session says so on the sign-in page).
      if (err instanceof ApiError && err.code === 'SESSION_EXPIRED') setReason(err.message);
      setMeState(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (me !== undefined) rememberMe(me);
  }, [me]);

  useEffect(
    () =>
      onSessionProblem((err) => {
        if (err.code === 'PASSWORD_CHANGE_REQUIRED' || err.code === 'MFA_ENROLLMENT_REQUIRED') {
          void refresh();
          return;
        }
        setReason(err.message);
        setMeState(null);
      }),
    [refresh],
  );

  const setMe = useCallback((next: Me | null) => {
    if (next) {
      setReason(null);
      setSignedOut(false);
    }
    setMeState(next);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setReason(null);
      setSignedOut(true);
      setMeState(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, reason, signedOut, setMe, refresh, signOut, can: (a) => Boolean(me?.permissions.includes(a)) }),
    [me, reason, signedOut, setMe, refresh, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only inside the guarded console. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}
