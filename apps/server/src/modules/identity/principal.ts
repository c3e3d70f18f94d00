import type { Role } from '@gongzhi/contracts';

/** A role held at a node: the grant's path is the root of the subtree it reaches. */
export interface Grant {
  id: string;
  role: Role;
  path: string;
  unitCode: string;
  unitName: string;
  departmentId: string | null;
  departmentName: string | null;
}

/** Who is acting: a signed-in person (session) or a machine (API token). */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'resident' | 'machine';
  grants: Grant[];
  via: { type: 'session'; sessionId: string; csrfToken: string; stage: SessionStage } | { type: 'token'; tokenId: string; scopes: string[] };
}

export type SessionStage = 'active' | 'password_change' | 'mfa_enrollment';
