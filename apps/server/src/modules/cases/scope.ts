import type { CaseActor, Role } from '@gongzhi/contracts';
import { rolePermissions } from '@gongzhi/contracts';
import { withinPath } from '../identity/policy.js';
import type { Grant, Principal } from '../identity/principal.js';

/** Where a case sits, for scope decisions. */
export interface CasePlace {
  path: string;
  leadDepartmentId: string | null;
  assistDepartmentIds: readonly string[];
  reporterUserId: string | null;
}

/**
 * What part of the case load a caller reaches, for SQL: cases under `paths` (staff granted at a
 * node), cases dispatched to `departmentIds` (handlers, lead or assisting), and a resident's own.
 */
export interface CaseScope {
  paths: string[];
  departmentIds: string[];
  reporterUserId: string | null;
}

type CaseAction = 'case.read' | 'case.act';

const holds = (g: Grant, action: CaseAction) => rolePermissions[g.role].includes(action);

/** A handler's grant reaches cases of its department; every other grant, the cases under its node. */
function grantCovers(g: Grant, c: CasePlace): boolean {
  if (g.role === 'department_handler') {
    return !!g.departmentId && (c.leadDepartmentId === g.departmentId || c.assistDepartmentIds.includes(g.departmentId));
  }
  if (g.role === 'resident') return false;
  return withinPath(c.path, g.path);
}

export function caseScope(p: Principal, action: CaseAction): CaseScope {
  const paths: string[] = [];
  const departmentIds: string[] = [];
  for (const g of p.grants) {
    if (!holds(g, action)) continue;
    if (g.role === 'department_handler') {
      if (g.departmentId) departmentIds.push(g.departmentId);
    } else if (g.role !== 'resident') {
      paths.push(g.path);
    }
  }
  const collapsed = [...new Set(paths)].sort((a, b) => a.length - b.length).filter((path, i, all) => !all.slice(0, i).some((o) => withinPath(path, o)));
  return { paths: collapsed, departmentIds: [...new Set(departmentIds)], reporterUserId: p.kind === 'resident' ? p.userId : null };
}

/** Whether the caller may see this case at all. */
export function canSeeCase(p: Principal, c: CasePlace): boolean {
  if (p.kind === 'resident') return !!c.reporterUserId && c.reporterUserId === p.userId;
  return p.grants.some((g) => holds(g, 'case.read') && grantCovers(g, c));
}

/**
 * The caller as the workflow table sees it for this case: only the roles whose grants reach the
 * case count (a dispatcher of another 街镇 is not a dispatcher here), and the handler's department.
 */
export function caseActorFor(p: Principal, c: CasePlace): CaseActor {
  const roles = new Set<Role>();
  let departmentId: string | null = null;
  for (const g of p.grants) {
    if (!holds(g, 'case.act')) continue;
    if (g.role === 'resident') {
      roles.add('resident');
      continue;
    }
    if (!grantCovers(g, c)) continue;
    roles.add(g.role);
    if (g.role === 'department_handler' && !departmentId) {
      // Prefer the grant whose department leads.
      departmentId = g.departmentId;
    }
  }
  const lead = p.grants.find((g) => g.role === 'department_handler' && g.departmentId === c.leadDepartmentId);
  if (lead) departmentId = lead.departmentId;
  if (p.kind === 'resident') roles.add('resident');
  return { roles: [...roles], departmentId, userId: p.userId };
}
