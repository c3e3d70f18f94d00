import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { CategoryName, TrainingCase } from './model.js';

/** What the classifier reads: the categories it may suggest and the case history it learns from. */
export class ClassifierRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Active second-level categories (A0101 …): the only ones a case can be filed under. */
  async activeSubcategories(): Promise<CategoryName[]> {
    return this.db
      .selectFrom('case_category')
      .select(['code', 'name'])
      .where('active', '=', true)
      .where('parent_code', 'is not', null)
      .orderBy('code')
      .execute();
  }

  /**
   * The most recent cases that have a category, newest first. Read in pages along the
   * (received_at, id) index so that, on the single-session embedded database, intake queries
   * get their turn between pages instead of waiting behind one long read.
   */
  async recentCases(limit: number, pageSize = 5000): Promise<TrainingCase[]> {
    const out: TrainingCase[] = [];
    let after: Cursor | null = null;
    while (out.length < limit) {
      const rows = await this.page(after, Math.min(pageSize, limit - out.length));
      for (const r of rows) out.push({ text: `${r.title}。${r.description}`, type: r.type, categoryCode: r.category_code });
      const tail = rows[rows.length - 1];
      if (!tail || rows.length < pageSize) break;
      after = { at: tail.received_at, id: tail.id };
    }
    return out;
  }

  private page(after: Cursor | null, limit: number) {
    return this.db
      .selectFrom('case_record')
      .select(['id', 'received_at', 'title', 'description', 'type', 'category_code'])
      .where('category_code', 'is not', null)
      .$if(after !== null, (q) => q.where((eb) => eb(eb.refTuple('received_at', 'id'), '<', eb.tuple(after!.at, after!.id))))
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}

interface Cursor {
  at: Date;
  id: string;
}
