import { type CompoundType, compoundTypes, type SpecialGroupTag, specialGroupTags } from '@gongzhi/contracts';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The ledgers' SQL: set-based aggregates grouped by the rows of a ledger (the unit's children),
 * never a query per row and never a decrypt. Residents are reached through their neighborhood
 * (`resident_neighborhood_status`); a district ledger maps neighborhoods to their 街镇 in a CTE.
 * Counts come back as strings through `pg`: converted here.
 */
export type Level = 'district' | 'subdistrict' | 'neighborhood';

export interface LedgerUnit {
  id: string;
  code: string;
  name: string;
  level: Level;
  path: string;
}

/** A row of a ledger: a child unit, a compound (neighborhood level) or the neighborhood itself. */
export interface ChildUnit {
  id: string;
  code: string;
  name: string;
  kind: 'unit' | 'compound';
  level?: 'subdistrict' | 'neighborhood';
  type?: string;
  yearBuilt?: number | null;
  propertyCompany?: string | null;
  ownersCommittee?: string | null;
}

export interface ResidentAgg {
  residents: number;
  households: number;
  male: number;
  female: number;
  age0: number;
  age18: number;
  age60: number;
  age80: number;
  hukou: number;
  lives: number;
  both: number;
  hukouOnly: number;
  livesOnly: number;
  party: number;
  special: number;
  tags: Record<SpecialGroupTag, number>;
}
export interface BuildingAgg {
  buildings: number;
  tall: number;
  tallNoLift: number;
  intent: number;
  approved: number;
  building: number;
  done: number;
}
export interface HouseholdAgg {
  groupRentals: number;
  found: number;
  rectifying: number;
  rectified: number;
}
export interface CompoundAgg {
  compounds: number;
  committees: number;
  types: Record<CompoundType, number>;
}
export interface UnitAgg {
  neighborhoods: number;
  areaKm2: number | null;
  grids: number;
}
/** Every aggregate of one row (zeros where the row has no data). */
export interface Figures {
  r: ResidentAgg;
  b: BuildingAgg;
  h: HouseholdAgg;
  c: CompoundAgg;
  u: UnitAgg;
}

/** How rows are formed: `m(nb, grp)` maps each neighborhood in the unit to its row, or rows are compounds. */
export interface Grouping {
  unit: LedgerUnit;
  byCompound: boolean;
}

/** Birth dates on or before which a person has reached 18, 60, 80 on the day (age ≥ N ⟺ born ≤ day − N years). */
export interface AgeLimits {
  t18: string;
  t60: string;
  t80: string;
}

export function ageLimits(day: string): AgeLimits {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const back = (n: number) => {
    // 29 February in a year without one: nobody is born on it, so the 28th is the same limit.
    const last = new Date(Date.UTC(y - n, m, 0)).getUTCDate();
    return `${String(y - n).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  };
  return { t18: back(18), t60: back(60), t80: back(80) };
}

const num = (v: unknown): number => Number(v ?? 0);

/** Two neighborhoods' figures as one row's (households never span neighborhoods, so they add up). */
function addResidentAgg(a: ResidentAgg, b: ResidentAgg): ResidentAgg {
  const out = { ...a, tags: { ...a.tags } };
  for (const k of Object.keys(b) as (keyof ResidentAgg)[]) if (k !== 'tags') out[k] = a[k] + b[k];
  for (const t of specialGroupTags) out.tags[t] = a.tags[t] + b.tags[t];
  return out;
}

export class LedgerRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The `m(nb, grp)` CTE body for a grouping. */
  private map(g: Grouping): RawBuilder<unknown> {
    const u = g.unit;
    if (u.level === 'district') {
      return sql`select n.id as nb, n.parent_id as grp from jurisdiction_unit n join jurisdiction_unit s on s.id = n.parent_id
        where s.parent_id = ${u.id}::uuid and n.level = 'neighborhood'`;
    }
    if (u.level === 'subdistrict') return sql`select id as nb, id as grp from jurisdiction_unit where parent_id = ${u.id}::uuid and level = 'neighborhood'`;
    return sql`select id as nb, id as grp from jurisdiction_unit where id = ${u.id}::uuid`;
  }

  private key(g: Grouping, alias: string): RawBuilder<unknown> {
    return g.byCompound ? sql.ref(`${alias}.compound_id`) : sql.ref('m.grp');
  }

  /** The rows of a ledger in display order. */
  async children(g: Grouping): Promise<ChildUnit[]> {
    const u = g.unit;
    if (g.byCompound) {
      const rows = await this.db
        .selectFrom('compound')
        .select(['id', 'code', 'name', 'type', 'year_built', 'property_company', 'owners_committee'])
        .where('neighborhood_id', '=', u.id)
        .orderBy('code')
        .execute();
      return rows.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        kind: 'compound',
        type: c.type,
        yearBuilt: c.year_built,
        propertyCompany: c.property_company,
        ownersCommittee: c.owners_committee,
      }));
    }
    if (u.level === 'neighborhood') return [{ id: u.id, code: u.code, name: u.name, kind: 'unit', level: 'neighborhood' }];
    const rows = await this.db
      .selectFrom('jurisdiction_unit')
      .select(['id', 'code', 'name', 'level'])
      .where('parent_id', '=', u.id)
      .where('level', 'in', ['subdistrict', 'neighborhood'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: 'unit', level: r.level as 'subdistrict' | 'neighborhood' }));
  }

  /**
   * Resident figures per row. Aggregated per neighborhood (or compound) first, in parallel with the
   * household count (households keep their number of active residents, migration 0014) and the tag
   * counts, then rolled up to the rows here: one hash aggregate with no DISTINCT and no join per row
   * keeps a district ledger over ~690k residents near one second.
   */
  async residents(g: Grouping, ages: AgeLimits, tokens: Record<SpecialGroupTag, string>, withHouseholds: boolean): Promise<Map<string, ResidentAgg>> {
    const raw = g.byCompound ? sql.ref('r.compound_id') : sql.ref('r.neighborhood_id');
    // The unit's subtree by path: PostgreSQL estimates it well (the neighborhood list of `m` it
    // took for one row, and nested-looped the whole table at district level).
    const inScope = sql`r.status = 'active' and r.path <@ ${g.unit.path}::ltree`;
    // Tags counted from the tagged rows only (one row per tag), not eight tests on every resident.
    const tagOf = new Map(specialGroupTags.map((t) => [tokens[t], t]));
    const [counts, households, groups, tagged] = await Promise.all([
      sql<Record<string, unknown>>`
      select ${raw}::text as key,
        count(*) as residents,
        count(*) filter (where r.gender = 'male') as male,
        count(*) filter (where r.gender = 'female') as female,
        count(*) filter (where r.birth_date > ${ages.t18}::date) as age0,
        count(*) filter (where r.birth_date <= ${ages.t18}::date and r.birth_date > ${ages.t60}::date) as age18,
        count(*) filter (where r.birth_date <= ${ages.t60}::date and r.birth_date > ${ages.t80}::date) as age60,
        count(*) filter (where r.birth_date <= ${ages.t80}::date) as age80,
        count(*) filter (where r.hukou_here) as hukou,
        count(*) filter (where r.lives_here) as lives,
        count(*) filter (where r.hukou_here and r.lives_here) as both,
        count(*) filter (where r.hukou_here and not r.lives_here) as hukou_only,
        count(*) filter (where not r.hukou_here and r.lives_here) as lives_only,
        count(*) filter (where r.political_status in ('party_member', 'probationary_member')) as party,
        count(*) filter (where r.tag_tokens <> '{}') as special
      from resident r
      where ${inScope}
      group by 1`.execute(this.db),
      withHouseholds
        ? sql<{ key: string; households: unknown }>`
      select ${g.byCompound ? sql.ref('h.compound_id') : sql.ref('h.neighborhood_id')}::text as key, count(*) as households
      from household h where h.active_residents > 0 and h.path <@ ${g.unit.path}::ltree group by 1`.execute(this.db)
        : Promise.resolve({ rows: [] as { key: string; households: unknown }[] }),
      g.byCompound ? Promise.resolve({ rows: [] as { nb: string; grp: string }[] }) : sql<{ nb: string; grp: string }>`select nb::text, grp::text from (${this.map(g)}) m`.execute(this.db),
      sql<{ key: string; token: string; n: unknown }>`
      select ${raw}::text as key, t.token, count(*) as n
      from resident r cross join unnest(r.tag_tokens) as t(token)
      where ${inScope} and r.tag_tokens <> '{}'
      group by 1, 2`.execute(this.db),
    ]);
    const tagsOf = new Map<string, Record<SpecialGroupTag, number>>();
    for (const x of tagged.rows) {
      const tag = tagOf.get(x.token);
      if (!tag) continue;
      const counts = tagsOf.get(x.key) ?? (Object.fromEntries(specialGroupTags.map((t) => [t, 0])) as Record<SpecialGroupTag, number>);
      counts[tag] += num(x.n);
      tagsOf.set(x.key, counts);
    }
    const rowOf = new Map(groups.rows.map((x) => [x.nb, x.grp]));
    const householdsOf = new Map(households.rows.map((x) => [x.key, num(x.households)]));
    const out = new Map<string, ResidentAgg>();
    for (const x of counts.rows) {
      const key = g.byCompound ? String(x.key) : rowOf.get(String(x.key));
      if (key === undefined) continue;
      const part: ResidentAgg = {
        residents: num(x.residents),
        households: householdsOf.get(String(x.key)) ?? 0,
        male: num(x.male),
        female: num(x.female),
        age0: num(x.age0),
        age18: num(x.age18),
        age60: num(x.age60),
        age80: num(x.age80),
        hukou: num(x.hukou),
        lives: num(x.lives),
        both: num(x.both),
        hukouOnly: num(x.hukou_only),
        livesOnly: num(x.lives_only),
        party: num(x.party),
        special: num(x.special),
        tags: tagsOf.get(String(x.key)) ?? (Object.fromEntries(specialGroupTags.map((t) => [t, 0])) as Record<SpecialGroupTag, number>),
      };
      const sum = out.get(key);
      out.set(key, sum ? addResidentAgg(sum, part) : part);
    }
    return out;
  }

  async buildings(g: Grouping): Promise<Map<string, BuildingAgg>> {
    const r = await sql<Record<string, unknown>>`
      with m as (${this.map(g)})
      select ${this.key(g, 'b')}::text as key,
        count(*) as buildings,
        count(*) filter (where b.floors >= 4) as tall,
        count(*) filter (where b.floors >= 4 and not b.has_elevator) as tall_no_lift,
        count(*) filter (where b.elevator_retrofit = 'intent') as intent,
        count(*) filter (where b.elevator_retrofit = 'approved') as approved,
        count(*) filter (where b.elevator_retrofit = 'building') as building,
        count(*) filter (where b.elevator_retrofit = 'done') as done
      from building b join compound c on c.id = b.compound_id join m on m.nb = c.neighborhood_id
      group by 1`.execute(this.db);
    return new Map(
      r.rows.map((x) => [
        String(x.key),
        {
          buildings: num(x.buildings),
          tall: num(x.tall),
          tallNoLift: num(x.tall_no_lift),
          intent: num(x.intent),
          approved: num(x.approved),
          building: num(x.building),
          done: num(x.done),
        },
      ]),
    );
  }

  async households(g: Grouping): Promise<Map<string, HouseholdAgg>> {
    const r = await sql<Record<string, unknown>>`
      with m as (${this.map(g)})
      select ${this.key(g, 'h')}::text as key,
        count(*) filter (where h.group_rental_status is not null) as total,
        count(*) filter (where h.group_rental_status = 'found') as found,
        count(*) filter (where h.group_rental_status = 'rectifying') as rectifying,
        count(*) filter (where h.group_rental_status = 'rectified') as rectified
      from household h join m on m.nb = h.neighborhood_id
      group by 1`.execute(this.db);
    return new Map(
      r.rows.map((x) => [String(x.key), { groupRentals: num(x.total), found: num(x.found), rectifying: num(x.rectifying), rectified: num(x.rectified) }]),
    );
  }

  async compounds(g: Grouping): Promise<Map<string, CompoundAgg>> {
    const typeCols = compoundTypes.map((t, i) => sql`count(*) filter (where c.type = ${t}) as ${sql.ref(`type${i}`)}`);
    const r = await sql<Record<string, unknown>>`
      with m as (${this.map(g)})
      select ${g.byCompound ? sql`c.id` : sql`m.grp`}::text as key,
        count(*) as compounds,
        count(*) filter (where c.owners_committee is not null) as committees,
        ${sql.join(typeCols)}
      from compound c join m on m.nb = c.neighborhood_id
      group by 1`.execute(this.db);
    return new Map(
      r.rows.map((x) => [
        String(x.key),
        {
          compounds: num(x.compounds),
          committees: num(x.committees),
          types: Object.fromEntries(compoundTypes.map((t, i) => [t, num(x[`type${i}`])])) as Record<CompoundType, number>,
        },
      ]),
    );
  }

  /** Area and grids of the neighborhoods behind each row (rows are units here, never compounds). */
  async units(g: Grouping): Promise<Map<string, UnitAgg>> {
    const r = await sql<Record<string, unknown>>`
      with m as (${this.map(g)})
      select m.grp::text as key, count(*) as neighborhoods, sum(n.area_km2) as area,
        sum((select count(*) from jurisdiction_unit gr where gr.parent_id = n.id and gr.level = 'grid')) as grids
      from m join jurisdiction_unit n on n.id = m.nb
      group by 1`.execute(this.db);
    return new Map(
      r.rows.map((x) => [String(x.key), { neighborhoods: num(x.neighborhoods), areaKm2: x.area === null ? null : Number(x.area), grids: num(x.grids) }]),
    );
  }
}
