import { type Action, type Role, actions, adminRoles, globalActions, rolePermissions, roles } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import { can, canGrant, needsApproval, scopePaths, withinPath } from '../../../src/modules/identity/policy.js';
import type { Grant, Principal, SessionStage } from '../../../src/modules/identity/principal.js';

// Paths as the seed builds them: each level appends its full code.
const district = '310105';
const xinhua = '310105.310105004';
const xinhuaNeighborhood = `${xinhua}.310105004001`;
const xinhuaGrid = `${xinhuaNeighborhood}.310105004001001`;
const hongqiao = '310105.310105009';

let n = 0;
const grant = (role: Role, path: string): Grant => ({
  id: `g${++n}`,
  role,
  path,
  unitCode: path.split('.').pop()!,
  unitName: '测试',
  departmentId: null,
  departmentName: null,
});

function principal(grants: Grant[], stage: SessionStage | 'token' = 'active', userId = 'u-1'): Principal {
  return {
    userId,
    username: userId,
    displayName: userId,
    kind: 'staff',
    grants,
    via: stage === 'token' ? { type: 'token', tokenId: 't', scopes: [] } : { type: 'session', sessionId: 's', csrfToken: 'c', stage },
  };
}

describe('can: every role × every action × inside / outside / list', () => {
  // The matrix comes from the contracts table, so a new role or action is covered the day it is added.
  const cases = roles.flatMap((role) => actions.map((action) => [role, action] as [Role, Action]));

  it.each(cases)('%s × %s', (role, action) => {
    const held = rolePermissions[role].includes(action);
    const isGlobal = globalActions.includes(action);
    const p = principal([grant(role, xinhua)]);
    expect(can(p, action, { path: xinhua }), 'at the grant node').toBe(held);
    expect(can(p, action, { path: xinhuaGrid }), 'inside the subtree').toBe(held);
    expect(can(p, action, { path: hongqiao }), 'a sibling subtree').toBe(held && isGlobal);
    expect(can(p, action, { path: district }), 'the parent').toBe(held && isGlobal);
    expect(can(p, action), 'a list (scope applied in SQL)').toBe(held);
    expect(can(p, action, { path: null }), 'a record with no place').toBe(held && isGlobal);
    expect(scopePaths(p, action)).toEqual(held ? [xinhua] : []);
    // The same grant used through an API token decides the same way.
    expect(can(principal([grant(role, xinhua)], 'token'), action, { path: xinhuaGrid })).toBe(held);
  });

  it.each(['password_change', 'mfa_enrollment'] as const)('a session in stage %s can do nothing at all', (stage) => {
    const p = principal(roles.map((r) => grant(r, district)), stage);
    for (const action of actions) {
      expect(can(p, action)).toBe(false);
      expect(can(p, action, { path: xinhuaGrid })).toBe(false);
      expect(scopePaths(p, action)).toEqual([]);
    }
  });

  it('nobody can do anything without a principal or without grants', () => {
    for (const action of actions) {
      expect(can(null, action)).toBe(false);
      expect(can(principal([]), action, { path: district })).toBe(false);
    }
  });

  // Fixed facts, stated independently of the table, so an edit of the table that breaks them fails here.
  it('三权分立 and least privilege, stated explicitly', () => {
    const at = (role: Role) => principal([grant(role, district)]);
    expect(can(at('system_admin'), 'config.manage')).toBe(true);
    expect(can(at('system_admin'), 'api_token.manage')).toBe(true);
    for (const a of ['role.grant', 'role.approve', 'user.manage', 'audit.read', 'audit.export'] as const) expect(can(at('system_admin'), a)).toBe(false);
    for (const a of ['user.read', 'user.manage', 'role.grant', 'role.approve'] as const) expect(can(at('security_admin'), a)).toBe(true);
    for (const a of ['audit.read', 'audit.export', 'config.manage', 'api_token.manage', 'personal_data.reveal'] as const) expect(can(at('security_admin'), a)).toBe(false);
    expect(actions.filter((a) => can(at('audit_admin'), a, { path: district }))).toEqual(['audit.read', 'audit.export']);
    // A resident reports and acts on its own cases only (the workflow's reporter rule); it reads nothing in the tree.
    expect(actions.filter((a) => can(at('resident'), a, { path: district }))).toEqual(['case.create', 'case.act']);
    for (const r of roles.filter((x) => !adminRoles.includes(x))) {
      for (const a of ['role.grant', 'user.manage', 'audit.read', 'config.manage'] as const) expect(can(at(r), a), `${r} ${a}`).toBe(false);
    }
  });

  it('a path that merely starts with the same characters is not inside', () => {
    const p = principal([grant('subdistrict_dispatcher', 'a.b')]);
    expect(can(p, 'compound.read', { path: 'a.bc' })).toBe(false);
    expect(can(p, 'compound.read', { path: 'a.b.c' })).toBe(true);
    expect(withinPath('a.bc', 'a.b')).toBe(false);
    expect(withinPath('a.b', 'a.b')).toBe(true);
  });

  it('several grants reach the union of their subtrees', () => {
    const p = principal([grant('subdistrict_dispatcher', xinhua), grant('subdistrict_dispatcher', hongqiao)]);
    expect(can(p, 'compound.read', { path: `${hongqiao}.310105009001` })).toBe(true);
    expect(can(p, 'compound.read', { path: '310105.310105001' })).toBe(false);
  });
});

describe('scopePaths', () => {
  it('collapses nested grants to the outermost and keeps siblings', () => {
    const p = principal([grant('grid_worker', xinhuaGrid), grant('subdistrict_dispatcher', xinhua), grant('neighborhood_staff', xinhuaNeighborhood), grant('subdistrict_dispatcher', hongqiao)]);
    expect(scopePaths(p, 'compound.read').sort()).toEqual([hongqiao, xinhua].sort());
  });

  it('counts only grants that hold the action', () => {
    // grid_worker does not reveal personal data: only the dispatcher grant's subtree counts.
    const p = principal([grant('grid_worker', hongqiao), grant('subdistrict_dispatcher', xinhuaNeighborhood)]);
    expect(scopePaths(p, 'personal_data.reveal')).toEqual([xinhuaNeighborhood]);
    expect(scopePaths(p, 'compound.read').sort()).toEqual([hongqiao, xinhuaNeighborhood].sort());
    expect(scopePaths(p, 'user.read')).toEqual([]);
  });

  it('does not collapse look-alike prefixes', () => {
    const p = principal([grant('grid_worker', 'a.b'), grant('grid_worker', 'a.bc'), grant('grid_worker', 'a.b.c')]);
    expect(scopePaths(p, 'compound.read').sort()).toEqual(['a.b', 'a.bc']);
  });
});

describe('canGrant', () => {
  const districtSec = principal([grant('security_admin', district)], 'active', 'sec-district');
  const xinhuaSec = principal([grant('security_admin', xinhua)], 'active', 'sec-xinhua');

  it('refuses a grant to oneself', () => {
    const r = canGrant(districtSec, { userId: 'sec-district' }, 'grid_worker', xinhuaGrid);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('自己') });
  });

  it('lets only a district-level security administrator grant the security administrator role', () => {
    expect(canGrant(districtSec, { userId: 'other' }, 'security_admin', xinhua)).toEqual({ ok: true });
    expect(canGrant(xinhuaSec, { userId: 'other' }, 'security_admin', xinhuaGrid).ok).toBe(false);
    expect(canGrant(xinhuaSec, { userId: 'other' }, 'neighborhood_staff', xinhuaNeighborhood)).toEqual({ ok: true });
  });

  it('needs role.grant at the grant node', () => {
    expect(canGrant(xinhuaSec, { userId: 'other' }, 'grid_worker', `${hongqiao}.310105009001`).ok).toBe(false);
    expect(canGrant(xinhuaSec, { userId: 'other' }, 'subdistrict_dispatcher', district).ok).toBe(false);
    for (const role of roles.filter((r) => r !== 'security_admin')) {
      expect(canGrant(principal([grant(role, district)]), { userId: 'other' }, 'grid_worker', xinhuaGrid).ok, role).toBe(false);
    }
    expect(canGrant(null, { userId: 'other' }, 'grid_worker', xinhuaGrid).ok).toBe(false);
    expect(canGrant(principal([grant('security_admin', district)], 'password_change', 'x'), { userId: 'other' }, 'grid_worker', xinhuaGrid).ok).toBe(false);
  });
});

describe('needsApproval', () => {
  const paths = { district, subdistrict: xinhua, neighborhood: xinhuaNeighborhood, grid: xinhuaGrid };

  it('administrator roles always need a second person, whatever the level', () => {
    for (const role of ['system_admin', 'security_admin', 'audit_admin', 'district_admin'] as const) {
      for (const level of ['district', 'subdistrict', 'neighborhood', 'grid', 'none'] as const) {
        for (const path of Object.values(paths)) expect(needsApproval(role, path, level), `${role} ${level} ${path}`).toBe(true);
      }
    }
  });

  it.each([
    ['district', { district: true, subdistrict: false, neighborhood: false, grid: false }],
    ['subdistrict', { district: true, subdistrict: true, neighborhood: false, grid: false }],
    ['neighborhood', { district: true, subdistrict: true, neighborhood: true, grid: false }],
    ['grid', { district: true, subdistrict: true, neighborhood: true, grid: true }],
    ['none', { district: false, subdistrict: false, neighborhood: false, grid: false }],
  ] as const)('level %s: grants at or above it need approval', (level, expected) => {
    for (const role of ['grid_worker', 'neighborhood_staff', 'subdistrict_dispatcher', 'department_handler', 'resident'] as const) {
      for (const [at, path] of Object.entries(paths)) expect(needsApproval(role, path, level), `${role} at ${at}`).toBe(expected[at as keyof typeof expected]);
    }
  });
});
