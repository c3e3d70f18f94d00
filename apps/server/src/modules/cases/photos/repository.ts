import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { PhotoType } from './image.js';

export interface NewPhoto {
  contentType: PhotoType;
  data: Buffer;
  sha256: string;
  width: number;
  height: number;
  uploadedBy: string | null;
}

/** A stored photo with what read access depends on: its uploader and the case it is attached to. */
export interface StoredPhoto {
  id: string;
  content_type: PhotoType;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  uploaded_by: string | null;
  case_id: string | null;
  case_path: string | null;
  case_reporter_id: string | null;
  case_lead_department_id: string | null;
  case_assist_department_ids: string[] | null;
}

/** SQL of case photos (uploaded first, attached to a case by the intake). */
export class PhotoRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(p: NewPhoto): Promise<{ id: string; size_bytes: number }> {
    return this.db
      .insertInto('case_photo')
      .values({ content_type: p.contentType, data: p.data, size_bytes: p.data.length, sha256: p.sha256, width: p.width, height: p.height, uploaded_by: p.uploadedBy })
      .returning(['id', 'size_bytes'])
      .executeTakeFirstOrThrow();
  }

  async find(id: string): Promise<StoredPhoto | undefined> {
    const row = await this.db
      .selectFrom('case_photo as p')
      .leftJoin('case_record as c', 'c.id', 'p.case_id')
      .select([
        'p.id',
        'p.content_type',
        'p.size_bytes',
        'p.sha256',
        'p.data',
        'p.uploaded_by',
        'p.case_id',
        sql<string | null>`c.path::text`.as('case_path'),
        'c.reporter_user_id as case_reporter_id',
        'c.lead_department_id as case_lead_department_id',
        'c.assist_department_ids as case_assist_department_ids',
      ])
      .where('p.id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, data: Buffer.from(row.data) } : undefined;
  }

  /** Deletes up to `limit` photos uploaded before `before` and never attached to a case; answers how many. */
  async purgeUnattached(before: Date, limit: number): Promise<number> {
    const r = await sql`DELETE FROM case_photo WHERE id IN (
        SELECT id FROM case_photo WHERE case_id IS NULL AND created_at < ${before} ORDER BY created_at LIMIT ${limit})`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }
}
