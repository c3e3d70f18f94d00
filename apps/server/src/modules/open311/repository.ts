import { terminalCaseStatuses } from '@gongzhi/contracts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What the Open311 presenter needs of a case: public fields only (no reporter contact columns). */
export interface RequestRow {
  id: string;
  number: string;
  status: string;
  type: string;
  channel: string;
  category_code: string | null;
  category_name: string | null;
  category_name_en: string | null;
  description: string;
  address: string;
  lat: number;
  lng: number;
  public_note: string | null;
  agency: string | null;
  subdistrict: string | null;
  master_number: string | null;
  photo_id: string | null;
  attributes: unknown;
  /** Read only to mask the reporter's name where they typed it into the text; never output. */
  reporter_name_enc: string | null;
  received_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  handle_due_at: Date | null;
}

export interface TimelineRow {
  case_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  public: boolean;
  data: unknown;
  at: Date;
}

export interface RequestFilter {
  numbers?: string[];
  serviceCodes?: string[];
  from: Date;
  to: Date;
  /** Only one of the two (both = no status filter). */
  state?: 'open' | 'closed';
  limit: number;
  offset: number;
}

export class Open311Repository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Active second-level categories under an active group: the service list. */
  services() {
    return this.db
      .selectFrom('case_category as c')
      .innerJoin('case_category as g', 'g.code', 'c.parent_code')
      .select(['c.code', 'c.name', 'c.name_en', 'c.kind', 'c.urgent', 'c.complex', 'c.default_type', 'g.name as group_name', 'g.name_en as group_name_en'])
      .where('c.active', '=', true)
      .where('g.active', '=', true)
      .orderBy('g.sort_order')
      .orderBy('g.code')
      .orderBy('c.sort_order')
      .orderBy('c.code')
      .execute();
  }

  async service(code: string) {
    const rows = await this.services();
    return rows.find((r) => r.code === code);
  }

  private requestQuery() {
    return this.db
      .selectFrom('case_record as c')
      .leftJoin('case_category as cat', 'cat.code', 'c.category_code')
      .leftJoin('department as d', 'd.id', 'c.lead_department_id')
      .leftJoin('jurisdiction_unit as s', 's.id', 'c.subdistrict_id')
      .leftJoin('case_record as m', 'm.id', 'c.merged_into_id')
      .select([
        'c.id',
        'c.number',
        'c.status',
        'c.type',
        'c.channel',
        'c.category_code',
        'cat.name as category_name',
        'cat.name_en as category_name_en',
        'c.description',
        'c.address',
        'c.lat',
        'c.lng',
        'c.public_note',
        'd.name as agency',
        's.name as subdistrict',
        'm.number as master_number',
        'c.attributes',
        'c.reporter_name_enc',
        'c.received_at',
        'c.updated_at',
        'c.closed_at',
        'c.handle_due_at',
      ])
      .select((eb) =>
        eb.selectFrom('case_photo as p').select('p.id').whereRef('p.case_id', '=', 'c.id').orderBy('p.created_at').orderBy('p.id').limit(1).as('photo_id'),
      );
  }

  /** Requests newest first. A list of numbers overrides every other filter, as the spec says. */
  async requests(f: RequestFilter): Promise<RequestRow[]> {
    let q = this.requestQuery();
    if (f.numbers) {
      if (f.numbers.length === 0) return [];
      q = q.where('c.number', 'in', f.numbers);
    } else {
      // 举报 cases are looked up by number only (their submitter knows it), never listed.
      q = q.where('c.received_at', '>=', f.from).where('c.received_at', '<=', f.to).where('c.type', '!=', 'report');
      if (f.serviceCodes?.length) q = q.where('c.category_code', 'in', f.serviceCodes);
      if (f.state === 'closed') q = q.where('c.status', 'in', [...terminalCaseStatuses]);
      if (f.state === 'open') q = q.where('c.status', 'not in', [...terminalCaseStatuses]);
    }
    return (await q.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).offset(f.offset).execute()) as RequestRow[];
  }

  async requestByNumber(number: string): Promise<RequestRow | undefined> {
    return (await this.requestQuery().where('c.number', '=', number).executeTakeFirst()) as RequestRow | undefined;
  }

  /** A case's number by its internal id (the token lookup). */
  numberById(id: string) {
    return this.db.selectFrom('case_record').select('number').where('id', '=', id).executeTakeFirst();
  }

  /** What the public may read of the timelines: public entries and status changes, in order. */
  timelines(caseIds: string[]): Promise<TimelineRow[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('case_event')
      .select(['case_id', 'action', 'from_status', 'to_status', 'note', 'public', 'data', 'at'])
      .where('case_id', 'in', caseIds)
      .where((eb) => eb.or([eb('public', '=', true), sql<boolean>`(from_status IS DISTINCT FROM to_status)`]))
      .orderBy('case_id')
      .orderBy('id')
      .execute();
  }

  compoundByCode(code: string) {
    return this.db.selectFrom('compound').select(['lng', 'lat']).where('code', '=', code).executeTakeFirst();
  }

  /** A photo attached to a case (unattached uploads are nobody's to publish). */
  photo(id: string) {
    return this.db.selectFrom('case_photo').select(['content_type', 'data', 'sha256']).where('id', '=', id).where('case_id', 'is not', null).executeTakeFirst();
  }

  /**
   * A point for a typed address: the compound whose name or address the text contains (longest
   * match first). The platform has no street geocoder; compounds are the addresses it knows.
   */
  async locateAddress(text: string): Promise<{ lng: number; lat: number } | undefined> {
    const t = text.trim();
    if (t.length < 2) return undefined;
    return this.db
      .selectFrom('compound')
      .select(['lng', 'lat'])
      .where((eb) =>
        eb.or([
          eb(sql<number>`strpos(${t}, name)`, '>', 0),
          eb.and([eb(sql<number>`length(address)`, '>=', 4), eb(sql<number>`strpos(${t}, address)`, '>', 0)]),
        ]),
      )
      .where(sql<number>`length(name)`, '>=', 2)
      .orderBy(sql`greatest(length(name), CASE WHEN strpos(${t}, address) > 0 THEN length(address) ELSE 0 END)`, 'desc')
      .orderBy('code')
      .limit(1)
      .executeTakeFirst();
  }
}
