import { checkIdNumber, maskIdNumber } from '@gongzhi/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTags } from '../../src/modules/residents/resident-fields.js';
import { seedPopulation } from '../../src/seed/population.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('demo population (社区云)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_DEMO_RESIDENTS: '500' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fills whole buildings with households and about the asked number of residents', async () => {
    const residents = await t.ctx.db.selectFrom('resident').selectAll().execute();
    expect(residents.length).toBeGreaterThanOrEqual(500);
    expect(residents.length).toBeLessThan(1500);
    const households = await t.ctx.db.selectFrom('household').select(['id', 'building_id', 'unit_no', 'room', 'housing_status', 'path']).execute();
    const buildings = await t.ctx.db.selectFrom('building').select(['id', 'household_count', 'path']).where('id', 'in', [...new Set(households.map((h) => h.building_id))]).execute();
    // Every flat of a chosen building has its household record, on the building's path.
    const perBuilding = new Map<string, number>();
    for (const h of households) perBuilding.set(h.building_id, (perBuilding.get(h.building_id) ?? 0) + 1);
    for (const b of buildings) {
      expect(perBuilding.get(b.id)).toBeGreaterThan(0);
      expect(households.filter((h) => h.building_id === b.id).every((h) => h.path === b.path)).toBe(true);
    }
    // One building from each neighborhood first: the first buildings are in different 居委会.
    expect(new Set(residents.map((r) => r.neighborhood_id)).size).toBeGreaterThan(3);
    // The demo grid worker's grid is filled before anything else, when buildings stand in it.
    const inDemoGrid = (await t.ctx.db.selectFrom('building').select('path').execute()).filter((b) => b.path.endsWith('.310105004001001'));
    if (inDemoGrid.length > 0) expect(residents.some((r) => r.path.endsWith('.310105004001001'))).toBe(true);
  });

  it('stores personal values encrypted with blind indexes and masks that match the decrypted values', async () => {
    const residents = await t.ctx.db.selectFrom('resident').selectAll().limit(200).execute();
    for (const r of residents) {
      expect(r.id_number_enc.startsWith('gz1.')).toBe(true);
      expect(r.name_enc).not.toContain(r.name_mask.slice(0, 1) + r.name_mask.slice(-1));
      const id = t.ctx.cipher.decrypt(r.id_number_enc, 'resident.id_number');
      const c = checkIdNumber(id);
      expect(c.ok && c.birthDate === r.birth_date && c.gender === r.gender).toBe(true);
      expect(r.id_number_mask).toBe(maskIdNumber(id));
      expect(r.id_number_bidx).toBe(t.ctx.cipher.blindIndex('id_number', id));
      expect(openTags(t.ctx.cipher, r.tags_enc)).toHaveLength(r.tag_tokens.length);
      expect(r.source).toBe('seed');
    }
  });

  it('gives every compound an outline (GeoJSON Polygon, counter-clockwise) around its buildings', async () => {
    const compounds = await t.ctx.db.selectFrom('compound').select(['id', 'outline']).execute();
    const buildings = await t.ctx.db.selectFrom('building').select(['compound_id', 'lng', 'lat']).execute();
    for (const c of compounds) {
      const o = c.outline as { type: string; coordinates: [number, number][][] };
      expect(o.type).toBe('Polygon');
      const ring = o.coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      const area2 = ring.slice(1).reduce((s, p, i) => s + (ring[i]![0] * p[1] - p[0] * ring[i]![1]), 0);
      expect(area2).toBeGreaterThan(0);
      const [xs, ys] = [ring.map((p) => p[0]), ring.map((p) => p[1])];
      for (const b of buildings.filter((x) => x.compound_id === c.id)) {
        expect(b.lng).toBeGreaterThan(Math.min(...xs));
        expect(b.lng).toBeLessThan(Math.max(...xs));
        expect(b.lat).toBeGreaterThan(Math.min(...ys));
        expect(b.lat).toBeLessThan(Math.max(...ys));
      }
    }
  });

  it('runs once', async () => {
    const before = await t.ctx.db.selectFrom('resident').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await seedPopulation(t.ctx.db, { cipher: t.ctx.cipher, residents: 500, seed: 1 });
    expect(again.alreadySeeded).toBe(true);
    const after = await t.ctx.db.selectFrom('resident').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
