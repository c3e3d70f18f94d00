import type { CompoundEvaluation, CompoundType, GovernanceComparison } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { CompoundEvaluationTable } from '../../db/schema-community.js';
import { AppError } from '../../http/app-error.js';
import { shanghaiIso } from '../audit/routes.js';
import { authorize } from '../identity/guard.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { GovernanceRepository, type ScoreRow } from './repository.js';
import { auditOf, type Caller } from './service.js';

type CompoundRow = NonNullable<Awaited<ReturnType<GovernanceRepository['compound']>>>;
const round2 = (n: number) => Math.round(n * 100) / 100;

function present(c: CompoundRow, r: Selectable<CompoundEvaluationTable>, by: string | null): CompoundEvaluation {
  return {
    id: r.id,
    compound: { id: c.id, code: c.code, name: c.name, type: c.type as CompoundType },
    year: r.year,
    scores: r.scores as ScoreRow[],
    total: Number(r.total),
    note: r.note,
    evaluatedBy: by,
    evaluatedAt: shanghaiIso(new Date(r.evaluated_at)),
  };
}

/** 治理绩效评估: a compound scored against its type's indicators, once per year; comparisons in scope. */
export class EvaluationService {
  private readonly repo: GovernanceRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new GovernanceRepository(ctx.db);
  }

  /** The compound, if the caller may act on it with `action`; 404 for unknown and out-of-scope alike. */
  private async compoundFor(req: FastifyRequest, id: string, action: 'compound.evaluate' | 'governance.read') {
    const c = await this.repo.compound(id);
    if (!c) throw new AppError('NOT_FOUND', '找不到该小区');
    const principal = await authorize(this.ctx, req, action, { path: c.path, type: 'compound', id }, { hideAs404: true });
    return { c, principal };
  }

  async evaluate(req: FastifyRequest, id: string, input: { year: number; scores: { indicatorId: string; score: number }[]; note?: string | undefined }) {
    const { c, principal } = await this.compoundFor(req, id, 'compound.evaluate');
    const caller: Caller = { principal, ip: req.ip, requestId: req.id };
    return this.ctx.db.transaction().execute(async (trx) => {
      const indicators = await this.repo.indicators(c.type, trx, { activeOnly: true });
      const given = new Map(input.scores.map((s) => [s.indicatorId, s.score]));
      const missing = indicators.filter((i) => !given.has(i.id)).map((i) => i.name);
      const unknown = [...given.keys()].filter((k) => !indicators.some((i) => i.id === k));
      if (missing.length || unknown.length || given.size !== input.scores.length) {
        const msg = missing.length ? `缺少指标评分：${missing.join('、')}` : '评分中有不属于该类型的指标或重复的指标，请刷新后重试';
        throw new AppError('INVALID_EVALUATION', msg, { missing, unknown });
      }
      // The indicators as they are today go with the scores: later edits of the guide leave old evaluations intact.
      const scores: ScoreRow[] = indicators.map((i) => ({ indicatorId: i.id, name: i.name, weight: Number(i.weight), score: given.get(i.id)! }));
      const total = round2(scores.reduce((s, r) => s + (r.weight * r.score) / 100, 0));
      const before = await this.repo.evaluation(trx, c.id, input.year);
      const row = await this.repo.saveEvaluation(trx, { compoundId: c.id, year: input.year, scores, total, note: input.note || null, userId: principal.userId });
      await this.ctx.audit.append(
        auditOf(caller, before ? 'compound.evaluation_replace' : 'compound.evaluation_create', {
          resourceType: 'compound',
          resourceId: c.id,
          unitPath: c.path,
          before: before ? { year: before.year, total: Number(before.total), scores: before.scores } : null,
          after: { year: input.year, total, scores: scores.map((s) => ({ name: s.name, weight: s.weight, score: s.score })) },
        }),
        trx,
      );
      return { ...present(c, row, principal.username), replaced: !!before };
    });
  }

  async history(req: FastifyRequest, id: string): Promise<CompoundEvaluation[]> {
    const { c } = await this.compoundFor(req, id, 'governance.read');
    return (await this.repo.history(c.id)).map((r) => present(c, r, r.display_name));
  }

  async compare(type: CompoundType, year: number, scope: string[], unit?: string): Promise<GovernanceComparison> {
    let path: string | undefined;
    if (unit) {
      const u = await new JurisdictionRepository(this.ctx.db).findByCode(unit);
      if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${unit} 的区划或网格`);
      path = u.path;
    }
    const [rows, current, all] = await Promise.all([this.repo.comparison(type, year, scope, path), this.repo.indicators(type), this.repo.compoundsOfType(type, scope, path)]);
    // Columns: today's indicators first (in their order), then any that only old evaluations carry.
    const columns = new Map<string, { id: string; name: string; weight: number }>();
    const seen = new Set(rows.flatMap((r) => (r.scores as ScoreRow[]).map((s) => s.indicatorId)));
    for (const i of current) if (seen.has(i.id) || i.active) columns.set(i.id, { id: i.id, name: i.name, weight: Number(i.weight) });
    for (const r of rows) for (const s of r.scores as ScoreRow[]) if (!columns.has(s.indicatorId)) columns.set(s.indicatorId, { id: s.indicatorId, name: s.name, weight: s.weight });
    const sums = new Map<string, { sum: number; n: number }>();
    let rank = 0;
    let prev: number | null = null;
    const out = rows.map((r, i) => {
      const total = Number(r.total);
      if (total !== prev) rank = i + 1; // ties share a rank
      prev = total;
      const scores: Record<string, number> = {};
      for (const s of r.scores as ScoreRow[]) {
        scores[s.indicatorId] = s.score;
        const a = sums.get(s.indicatorId) ?? { sum: 0, n: 0 };
        sums.set(s.indicatorId, { sum: a.sum + s.score, n: a.n + 1 });
      }
      return { rank, compound: { id: r.id, code: r.code, name: r.name }, neighborhood: { code: r.n_code, name: r.n_name }, total, scores };
    });
    return {
      type,
      year,
      indicators: [...columns.values()],
      rows: out,
      averages: {
        total: out.length ? round2(out.reduce((s, r) => s + r.total, 0) / out.length) : null,
        scores: Object.fromEntries([...sums].map(([k, v]) => [k, round2(v.sum / v.n)])),
      },
      notEvaluated: Math.max(0, all - out.length),
    };
  }
}
