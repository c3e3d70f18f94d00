import type { HotlineImportRow } from '@gongzhi/contracts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';

export interface NewHotlineImport {
  fileName: string;
  fileSha256: string;
  rows: HotlineImportRow[];
  importedBy: string | null;
  unitPath: string;
}

export interface HotlineImportRecord {
  id: string;
  file_name: string;
  file_sha256: string;
  rows_total: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  importer: string | null;
  created_at: Date;
  /** created_at as the database writes it (microseconds), for an exact cursor. */
  at: string;
}

/** SQL of 12345 imports and the lookups an import needs. */
export class HotlineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(i: NewHotlineImport): Promise<string> {
    const count = (o: HotlineImportRow['outcome']) => i.rows.filter((r) => r.outcome === o).length;
    const row = await this.db
      .insertInto('hotline_import')
      .values({
        file_name: i.fileName,
        file_sha256: i.fileSha256,
        rows_total: i.rows.length,
        accepted: count('accepted'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
        report: JSON.stringify(i.rows),
        imported_by: i.importedBy,
        unit_path: i.unitPath,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private base(scope: string[]) {
    return this.db
      .selectFrom('hotline_import as h')
      .leftJoin('app_user as u', 'u.id', 'h.imported_by')
      .select(['h.id', 'h.file_name', 'h.file_sha256', 'h.rows_total', 'h.accepted', 'h.duplicates', 'h.rejected', 'u.username as importer', 'h.created_at', sql<string>`h.created_at::text`.as('at')])
      .where(sql<boolean>`h.unit_path <@ ANY(${scope}::ltree[])`);
  }

  /** Newest first; `after` is the last row of the previous page (time and id break ties). */
  list(scope: string[], limit: number, after?: { at: string; id: string }): Promise<HotlineImportRecord[]> {
    let q = this.base(scope);
    if (after) q = q.where(sql<boolean>`(h.created_at, h.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    return q.orderBy('h.created_at', 'desc').orderBy('h.id', 'desc').limit(limit + 1).execute();
  }

  async get(scope: string[], id: string): Promise<(HotlineImportRecord & { report: unknown }) | undefined> {
    return this.base(scope).select('h.report').where('h.id', '=', id).executeTakeFirst();
  }

  /** Cases already taken in from these 12345 order numbers: order number → case. */
  async existingOrders(orderNos: string[]): Promise<Map<string, { id: string; number: string }>> {
    const out = new Map<string, { id: string; number: string }>();
    for (let i = 0; i < orderNos.length; i += 1000) {
      const chunk = orderNos.slice(i, i + 1000);
      const rows = await this.db
        .selectFrom('case_record')
        .select(['id', 'number', 'source_ref'])
        .where('channel', '=', 'hotline_12345')
        .where('source_ref', 'in', chunk)
        .execute();
      for (const r of rows) out.set(r.source_ref!, { id: r.id, number: r.number });
    }
    return out;
  }
}
