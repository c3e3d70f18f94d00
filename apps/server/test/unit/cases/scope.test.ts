import type { Role } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import type { Grant, Principal } from '../../../src/modules/identity/principal.js';
import { canSeeCase, caseActorFor, caseScope } from '../../../src/modules/cases/scope.js';

const grant = (role: Role, path: string, departmentId: string | null = null): Grant => ({ id: `${role}-${path}`, role, path, unitCode: path, unitName: path, departmentId, departmentName: null });
const who = (kind: Principal['kind'], ...grants: Grant[]): Principal => ({ userId: 'u1', username: 'u', displayName: 'u', kind, grants, via: { type: 'session', sessionId: 's', csrfToken: 'c', stage: 'active' } });

const xinhua = '310105.310105004';
const inXinhua = { path: `${xinhua}.310105004001.310105004001001`, leadDepartmentId: 'cg', assistDepartmentIds: ['sc'], reporterUserId: 'r1' };

describe('case scope', () => {
  it('a dispatcher sees the cases under its 街镇, not its neighbour', () => {
    const p = who('staff', grant('subdistrict_dispatcher', xinhua));
    expect(canSeeCase(p, inXinhua)).toBe(true);
    expect(canSeeCase(p, { ...inXinhua, path: '310105.310105009.310105009001' })).toBe(false);
    expect(caseScope(p, 'case.read')).toEqual({ paths: [xinhua], departmentIds: [], reporterUserId: null });
  });

  it('a handler sees the cases of its department, lead or assisting, wherever they are', () => {
    const lead = who('staff', grant('department_handler', '310105', 'cg'));
    const assist = who('staff', grant('department_handler', '310105', 'sc'));
    const other = who('staff', grant('department_handler', '310105', 'zz'));
    expect(canSeeCase(lead, inXinhua)).toBe(true);
    expect(canSeeCase(assist, inXinhua)).toBe(true);
    expect(canSeeCase(other, inXinhua)).toBe(false);
    expect(caseScope(lead, 'case.read')).toEqual({ paths: [], departmentIds: ['cg'], reporterUserId: null });
    expect(caseActorFor(assist, inXinhua)).toMatchObject({ roles: ['department_handler'], departmentId: 'sc' });
  });

  it('a resident sees only the cases it reported', () => {
    const me = { ...who('resident', grant('resident', `${xinhua}.310105004001`)), userId: 'r1' };
    expect(canSeeCase(me, inXinhua)).toBe(true);
    expect(canSeeCase(me, { ...inXinhua, reporterUserId: 'r2' })).toBe(false);
    expect(caseScope(me, 'case.read').reporterUserId).toBe('r1');
  });

  it('counts only the roles whose grants reach the case when deciding what the caller may do', () => {
    const p = who('staff', grant('subdistrict_dispatcher', '310105.310105009'), grant('grid_worker', `${xinhua}.310105004001.310105004001001`));
    expect(caseActorFor(p, inXinhua).roles).toEqual(['grid_worker']);
    expect(caseScope(who('staff', grant('district_admin', '310105'), grant('subdistrict_dispatcher', xinhua)), 'case.read').paths).toEqual(['310105']);
  });
});
