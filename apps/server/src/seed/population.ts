import { randomUUID } from 'node:crypto';
import type { CompoundType } from '@gongzhi/contracts';
import type { Insertable, Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { DB } from '../db/schema.js';
import { createRng } from '../modules/geo/rng.js';
import { sealResident } from '../modules/residents/resident-fields.js';
import { planHousehold } from './households.js';
import { demoAccounts } from './users.js';
import { between, birthDateFor, idNumber, mobile, personName, pick } from './people.js';
import { type BuildingForPopulation, PopulationRepository } from './population-repository.js';

export interface PopulationSummary {
  alreadySeeded: boolean;
  households: number;
  residents: number;
  buildings: number;
  ms: number;
}

/** Residents to generate at a seed scale: the configured demo size, or Changning's 2020 census. */
export const populationFor = (scale: 'demo' | 'district', demoResidents: number) => (scale === 'district' ? 693_000 : demoResidents);

/** Ages are counted on this day, so a seed number gives the same people whenever it runs. */
export const populationReferenceDay = '2025-12-31';
const day = (rng: () => number, from: string, to: string) => {
  const a = Date.parse(from);
  return new Date(a + Math.floor(rng() * (Date.parse(to) - a))).toISOString().slice(0, 10);
};

/**
 * Households and residents for the demo compounds (社区云), reproducible from `seed`. Whole buildings
 * are filled, taken in turn from every neighborhood until about `residents` people live in them, so
 * a small demo still has people in each 居委会 and full floor/unit grids. Runs once.
 */
export async function seedPopulation(db: Kysely<DB>, opts: { cipher: FieldCipher; residents: number; seed: number }): Promise<PopulationSummary> {
  const t0 = Date.now();
  const repo = new PopulationRepository(db);
  const done = await repo.record();
  if (done) return { ...(done as Omit<PopulationSummary, 'alreadySeeded' | 'ms'>), alreadySeeded: true, ms: Date.now() - t0 };
  if (opts.residents <= 0) return { alreadySeeded: false, households: 0, residents: 0, buildings: 0, ms: 0 };

  const rng = createRng(opts.seed ^ 0x9e0e1e);
  await seedCompoundFacts(repo, rng);
  const order = buildingOrder(await repo.buildings(), rng);
  const taken = new Set<string>();
  let households = 0;
  let residents = 0;
  let buildings = 0;
  let hBatch: Insertable<DB['household']>[] = [];
  let rBatch: Insertable<DB['resident']>[] = [];
  const flush = async () => {
    await repo.insertHouseholds(hBatch);
    await repo.insertResidents(rBatch);
    hBatch = [];
    rBatch = [];
  };
  for (const b of order) {
    if (residents >= opts.residents) break;
    buildings++;
    const perFloor = Math.max(1, Math.round(b.household_count / (b.floors * b.unit_count)));
    for (let unit = 1; unit <= b.unit_count; unit++) {
      for (let floor = 1; floor <= b.floors; floor++) {
        for (let k = 1; k <= perFloor; k++) {
          const plan = planHousehold(rng, b.type as CompoundType);
          const householdId = randomUUID();
          const groupRental = plan.housingStatus === 'group_rental' ? pick(rng, ['found', 'rectifying', 'rectified'] as const) : null;
          const foundOn = groupRental ? day(rng, '2023-01-01', populationReferenceDay) : null;
          hBatch.push({
            id: householdId,
            building_id: b.id,
            compound_id: b.compound_id,
            neighborhood_id: b.neighborhood_id,
            path: b.path,
            unit_no: unit,
            floor,
            room: `${floor}${String(k).padStart(2, '0')}`,
            housing_status: plan.housingStatus,
            group_rental_status: groupRental,
            group_rental_found_on: foundOn,
            group_rental_rectified_on: groupRental === 'rectified' && foundOn ? day(rng, foundOn, populationReferenceDay) : null,
          });
          households++;
          for (const m of plan.members) {
            const birthDate = birthDateFor(rng, m.age, populationReferenceDay);
            const sealed = sealResident(opts.cipher, {
              name: personName(rng, m.gender),
              idNumber: idNumber(rng, { birthDate, gender: m.gender, local: m.hukouHere }, taken),
              phone: m.withPhone ? mobile(rng) : null,
              tags: m.tags,
            });
            const verified = rng();
            rBatch.push({
              household_id: householdId,
              building_id: b.id,
              compound_id: b.compound_id,
              neighborhood_id: b.neighborhood_id,
              path: b.path,
              ...sealed,
              relation: m.relation,
              hukou_here: m.hukouHere,
              lives_here: m.livesHere,
              political_status: m.political,
              moved_in_on: day(rng, birthDate > '1990-01-01' ? birthDate : '1990-01-01', populationReferenceDay),
              source: 'seed',
              // Most records were checked within the year; the rest are due for 核查.
              verified_at: verified < 0.12 ? null : new Date(Date.now() - Math.floor(verified * 540) * 86_400_000),
            });
            residents++;
          }
          if (rBatch.length >= 4000) await flush();
        }
      }
    }
  }
  await flush();
  // Fresh statistics: planned on an empty table's estimates, the first ledgers would nest-loop 690k rows.
  await repo.analyze();
  const summary = { households, residents, buildings };
  await repo.saveRecord(summary);
  return { ...summary, alreadySeeded: false, ms: Date.now() - t0 };
}

/**
 * Buildings in turn from each neighborhood (shuffled within), so every 居委会 gets people early; the
 * buildings in a demo grid worker's grid come first, so that account has residents to check.
 */
function buildingOrder(all: BuildingForPopulation[], rng: () => number): BuildingForPopulation[] {
  const demoGrids = demoAccounts.filter((a) => a.unit.length === 15).map((a) => `.${a.unit}`);
  const first = all.filter((b) => demoGrids.some((g) => b.path.endsWith(g)));
  const byNeighborhood = new Map<string, BuildingForPopulation[]>();
  for (const b of all) {
    const list = byNeighborhood.get(b.neighborhood_id) ?? [];
    list.push(b);
    byNeighborhood.set(b.neighborhood_id, list);
  }
  const queues = [...byNeighborhood.values()].map((list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  });
  const out: BuildingForPopulation[] = [...first];
  const rest = all.length;
  for (let round = 0; out.length < rest + first.length; round++) for (const q of queues) if (round < q.length) out.push(q[round]!);
  return out.filter((b, i) => i < first.length || !first.includes(b));
}

/** 业委会 for most estates with owners; 加装电梯 steps for walk-ups of 4–7 floors without a lift. */
async function seedCompoundFacts(repo: PopulationRepository, rng: () => number): Promise<void> {
  const committees = (await repo.compounds())
    .filter((c) => c.type !== 'old_villa' && c.type !== 'direct_public' && rng() < 0.78)
    .map((c) => ({ id: c.id, name: `${c.name}业主大会业主委员会`, termEnd: `${between(rng, 2026, 2029)}-${String(between(rng, 1, 12)).padStart(2, '0')}-28` }));
  await repo.setOwnersCommittees(committees);
  const retrofits = (await repo.buildings())
    .filter((b) => !b.has_elevator && b.floors >= 4)
    .map((b) => ({ id: b.id, step: pick(rng, ['none', 'none', 'none', 'none', 'none', 'none', 'intent', 'intent', 'approved', 'building', 'done', 'done']), on: day(rng, '2021-01-01', populationReferenceDay) }))
    .filter((r) => r.step !== 'none');
  await repo.setRetrofits(retrofits);
  await repo.setOutlines(outlines(await repo.buildings()));
}

/** An outline per compound: the box around its buildings with ~40 m to spare (generated, like all demo geometry). */
function outlines(buildings: BuildingForPopulation[]): { id: string; outline: string }[] {
  const box = new Map<string, [number, number, number, number]>();
  for (const b of buildings) {
    const r = box.get(b.compound_id);
    box.set(b.compound_id, r ? [Math.min(r[0], b.lng), Math.min(r[1], b.lat), Math.max(r[2], b.lng), Math.max(r[3], b.lat)] : [b.lng, b.lat, b.lng, b.lat]);
  }
  const pad = 0.0004;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return [...box].map(([id, [w, s, e, n]]) => {
    const [x0, y0, x1, y1] = [w - pad, s - pad, e + pad, n + pad].map(round) as [number, number, number, number];
    // Exterior ring counter-clockwise (RFC 7946).
    return { id, outline: JSON.stringify({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }) };
  });
}
