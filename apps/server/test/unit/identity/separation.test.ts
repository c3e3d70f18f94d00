import { adminRoles, roles } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import { separationConflict } from '../../../src/modules/users/access.js';

describe('三权分立 between the administrator roles (separationConflict)', () => {
  it('refuses a second administrator role for the same person, whichever pair', () => {
    for (const held of adminRoles) {
      for (const wanted of adminRoles) {
        expect(separationConflict([held], wanted), `${held} + ${wanted}`).toBe(held === wanted ? null : held);
      }
    }
  });

  it('leaves every other combination alone', () => {
    const others = roles.filter((r) => !adminRoles.includes(r));
    for (const wanted of roles) expect(separationConflict(others, wanted)).toBeNull();
    for (const wanted of others) expect(separationConflict([...adminRoles], wanted)).toBeNull();
    expect(separationConflict([], 'security_admin')).toBeNull();
  });
});
