import { PassThrough } from 'node:stream';
import { type HousingStatus, housingStatusNames, type PoliticalStatus, politicalStatusNames } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { describeLevel, type KRecord, type KResult, kAnonymise } from './k-anonymity.js';
import type { LedgerUnit } from './repository.js';

/**
 * The de-identified export for analysts (data.deidentified_export). Direct identifiers (name, ID
 * number, phone, room, household) never leave the database: SQL returns counts per birth year,
 * gender, compound and the released attributes; k-anonymity generalises and suppresses; the
 * workbook has one row per person and a notes sheet saying what was done. Special-group tags are
 * released as a count per person (which groups is too revealing with a small class).
 */
export interface DeidAttrs {
  hukouHere: boolean;
  livesHere: boolean;
  political: string;
  housing: string;
  tagCount: number;
}

export async function deidentifiedRecords(db: Kysely<DB>, unit: LedgerUnit): Promise<KRecord<DeidAttrs>[]> {
  const r = await sql<Record<string, unknown>>`
    select r.compound_id::text as compound_id, c.name as compound, n.id::text as nb_id, n.name as nb,
      extract(year from r.birth_date)::int as birth_year, r.gender, r.hukou_here, r.lives_here, r.political_status,
      h.housing_status, cardinality(r.tag_tokens) as tags, count(*) as n
    from resident r
      join household h on h.id = r.household_id
      join compound c on c.id = r.compound_id
      join jurisdiction_unit n on n.id = r.neighborhood_id
    where r.status = 'active' and r.path <@ ${unit.path}::ltree
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`.execute(db);
  return r.rows.map((x) => ({
    birthYear: Number(x.birth_year),
    gender: x.gender as 'male' | 'female',
    compound: { id: String(x.compound_id), name: String(x.compound) },
    neighborhood: { id: String(x.nb_id), name: String(x.nb) },
    attrs: {
      hukouHere: Boolean(x.hukou_here),
      livesHere: Boolean(x.lives_here),
      political: String(x.political_status),
      housing: String(x.housing_status),
      tagCount: Number(x.tags),
    },
    count: Number(x.n),
  }));
}

export const anonymise = (records: KRecord<DeidAttrs>[], k: number): KResult<DeidAttrs> => kAnonymise(records, k);

export const deidentifiedHeaders = ['出生年份段', '性别', '居民区', '小区', '户籍在本址', '实际居住', '政治面貌', '住房状况', '特殊群体标签数'];

const yesNo = (b: boolean) => (b ? '是' : '否');

/** Rows sorted by their values, so nothing of the database order (or of insertion) shows. */
export async function deidentifiedWorkbook(res: KResult<DeidAttrs>, meta: { unit: LedgerUnit; exportedBy: string; exportedAt: string }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Streamed: a whole district is ~690k rows.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
  wb.creator = 'Gongzhi 共治';
  const sheet = wb.addWorksheet('去标识化数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = deidentifiedHeaders.map((h, i) => ({ header: h, width: [12, 6, 16, 20, 10, 10, 14, 10, 14][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const rows = res.records
    .map((r) => [
      r.birthBand,
      r.gender === 'male' ? '男' : '女',
      r.neighborhood,
      r.compound ?? '（已泛化）',
      yesNo(r.attrs.hukouHere),
      yesNo(r.attrs.livesHere),
      politicalStatusNames[r.attrs.political as PoliticalStatus]?.zh ?? r.attrs.political,
      housingStatusNames[r.attrs.housing as HousingStatus]?.zh ?? r.attrs.housing,
      r.attrs.tagCount,
      r.count,
    ] as const)
    .sort((a, b) => (a.join('|') < b.join('|') ? -1 : a.join('|') > b.join('|') ? 1 : 0));
  for (const r of rows) {
    const values = r.slice(0, 9);
    for (let i = 0; i < r[9]; i++) sheet.addRow(values).commit();
  }
  sheet.commit();

  const notes = wb.addWorksheet('说明');
  notes.columns = [{ width: 22 }, { width: 90 }];
  const lines: [string, string | number][] = [
    ['统计单位', `${meta.unit.name}（${meta.unit.code}）`],
    ['导出人', meta.exportedBy],
    ['导出时间', meta.exportedAt],
    ['要求的 k', res.k],
    ['实际达到的 k', res.kAchieved ?? '（无可发布的记录）'],
    ['采用的泛化方式', describeLevel(res.level)],
    ['在册居民人数', res.total],
    ['发布人数（行数）', res.released],
    ['抑制人数（未发布的行数）', res.suppressed],
    ['等价类个数', res.classes],
    ...res.tried.map((t, i): [string, string] => [`泛化层级 ${i + 1}`, `${describeLevel(t.level)}：需抑制 ${t.suppressed} 人，${t.classes} 个组合`]),
    ['已删除的直接标识', '姓名、身份证号、手机号、门牌（单元与室号）、户与居民的内部编号'],
    ['准标识（已泛化）', '出生年份（不含月日）、性别、地址（小区或居民区）：每一种组合至少覆盖 k 人，不足 k 人的组合整体不发布'],
    ['其他属性（原样发布）', '户籍在本址、实际居住、政治面貌、住房状况；特殊群体只给出标签个数，不给出具体类别'],
    ['局限', '只保证准标识组合的 k-匿名，不保证敏感属性的多样性（l-多样性）；请勿与其他含准标识的数据关联使用'],
    ['审计', '本次导出已记入审计日志（操作 data.deidentified_export）'],
  ];
  for (const l of lines) notes.addRow(l).commit();
  notes.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
