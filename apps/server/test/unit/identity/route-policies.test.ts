import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyModules, routePolicies } from '../../../src/modules/route-policies.js';
import { renderAccessMatrix } from '../../support/access-table.js';

describe('route policies', () => {
  it('are well formed: an action where one is checked, a record kind where a record is, no route twice', () => {
    const seen = new Set<string>();
    for (const m of policyModules) {
      for (const [route, p] of Object.entries(m.policies)) {
        expect(seen.has(route), `${route} declared twice`).toBe(false);
        seen.add(route);
        expect(route).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
        if (p.access === 'action') expect(p.action, route).toBeTruthy();
        if (p.scope === 'record') expect(p.record, route).toBeTruthy();
        if (p.scope === 'special' || p.access === 'token' || p.access === 'api-key') expect(p.rule, `${route} needs its rule in words`).toBeTruthy();
      }
    }
    expect(Object.keys(routePolicies)).toHaveLength(seen.size);
  });

  it('docs/access-matrix.md is the table the policies make (regenerate it with the command in its header)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../../../docs/access-matrix.md', import.meta.url)), 'utf8');
    expect(doc).toBe(renderAccessMatrix());
  });
});
