import { caseTypes, type CaseType } from '@gongzhi/contracts';
import { createRng } from '../geo/rng.js';
import { type CategoryPhrases, categoryPhrases } from './synthetic-phrases.js';
import { seedTaxonomy } from './taxonomy.js';

/**
 * Deterministic generator of realistic case reports (title + description, with their type and
 * second-level category) for the demo seed, the benchmark, and the classifier's cold start and tests.
 * Reports mix channels (12345 hotline transcripts, 随手拍, grid patrol), carry addresses and times,
 * and are deliberately imperfect: phrasing of another type, vague reports, neighbouring categories'
 * problems mentioned in passing and a few misfiled cases, so measured accuracy is honest.
 */
export interface CaseText {
  type: CaseType;
  categoryCode: string;
  title: string;
  description: string;
}

const roads = '长宁路|愚园路|延安西路|仙霞路|虹桥路|天山路|遵义路|古北路|娄山关路|茅台路|威宁路|哈密路|剑河路|武夷路|定西路|番禺路|法华镇路|新华路|江苏路|安顺路|镇宁路|金钟路|协和路|水城路|芙蓉江路|北新泾路|中山西路|天山西路'.split('|');
const compounds = '仙霞新村|天山五村|虹古小区|新泾六村|华阳小区|北新泾三村|茅台新苑|武夷花园|虹桥新城|古北新城|天山二村|新华别墅|安化小区|剑河家苑|金平小区|遵义大楼|锦屏公寓|愚园路1088弄'.split('|');
const landmarks = '菜场门口|地铁站出口|公交站|小学门口|幼儿园门口|公园门口|便利店门口|小区大门口'.split('|');
const times = '昨天晚上|今天早上|最近一周|这几天|每天晚上|上周末|从上个月开始|前天下午|每天早上七点左右|这两天|一到周末'.split('|');
const durations = '已经半个多月了|持续一个多月了|反映过好几次了|拖了很久|今年已经第三次了'.split('|');
// Context people add whatever the problem: who lives there, what was tried before.
const background = '附近住的大多是老人|这条路上学的孩子很多|之前打过12345，说会处理但一直没有动静|居委会也来看过|跟物业说过好几次|周围居民意见很大|我家就住在旁边|已经拍了照片|这里人流量很大|晚上经过的人也不少'.split('|');
const vague = '这个问题|这种情况|反映过好几次的老问题|上面说的情况'.split('|');
const quick = '第二天就处理好了|很快就有人来处理了|网格员当天就到现场了|现在已经彻底解决了|几天就解决了'.split('|');

const styles: Record<CaseType, { open: string[]; close: string[] }> = {
  complaint: { open: ['投诉：', '反映一个问题，', '', ''], close: ['多次反映都没人管，非常不满', '请相关部门尽快处理', '希望尽快解决', '严重影响正常生活', '要求相关部门到现场查看处理，并将结果反馈'] },
  help: { open: ['求助：', '麻烦帮帮忙，', '紧急求助，', ''], close: ['请尽快派人来看看', '家里有老人小孩，急需帮助', '实在没办法了，请帮忙协调', '请帮忙联系相关单位'] },
  suggestion: { open: ['建议：', '提个建议，', '', '作为居民提点建议，'], close: ['希望相关部门考虑', '这样能方便居民', '仅供参考'] },
  consult: { open: ['请问', '想咨询一下，', '您好，咨询一下，'], close: ['谢谢', '麻烦告知一下', '盼回复'] },
  report: { open: ['举报：', '实名举报，', '我要举报，'], close: ['请执法部门查处', '希望严查', '请依法处理'] },
  praise: { open: ['表扬：', '点个赞，', ''], close: ['感谢网格员和相关部门的辛苦付出', '为你们点赞', '处理得又快又好，非常满意'] },
};
// How often each type occurs; a category's default type (咨询 for 养老服务, 举报 for 群租) is boosted.
// Violations (事件) are reported (举报); broken facilities (部件) hardly ever.
const typeWeights = (kind: 'component' | 'event'): Record<CaseType, number> => ({ complaint: 40, help: 16, suggestion: 12, consult: 12, report: kind === 'event' ? 10 : 2, praise: 8 });

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const list = (s: string) => s.split('|');

function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let r = rng() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of entries) if ((r -= w) < 0) return v;
  return entries[entries.length - 1]![0];
}

/** An address; `exact` when it already says where (a room, a landmark), so no spot is added. */
function place(rng: Rng, indoor: boolean): { at: string; exact: boolean } {
  if (indoor && rng() < 0.8) {
    const building = `${pick(rng, compounds)}${int(rng, 1, 40)}号楼`;
    return rng() < 0.3 ? { at: `${building}${int(rng, 1, 18)}0${int(rng, 1, 4)}室`, exact: true } : { at: building, exact: false };
  }
  const road = pick(rng, roads);
  const r = rng();
  if (r < 0.3) return { at: `${road}${int(rng, 1, 2000)}弄`, exact: false };
  if (r < 0.5) return { at: `${road}${int(rng, 1, 3000)}号`, exact: false };
  if (r < 0.65) return { at: `${road}${pick(rng, roads.filter((x) => x !== road))}路口`, exact: true };
  if (r < 0.85) return { at: `${road}${pick(rng, landmarks)}`, exact: true };
  return { at: pick(rng, compounds), exact: false };
}

interface Draft {
  cat: CategoryPhrases;
  style: CaseType;
  where: string;
  issue: string;
  isVague: boolean;
}

function core(rng: Rng, d: Draft): string {
  const { cat, style, where, issue } = d;
  switch (style) {
    case 'suggestion':
      return `${where}${issue}的情况比较多，建议${pick(rng, list(cat.fixes))}`;
    case 'consult':
      return `${cat.questions && rng() < 0.6 ? pick(rng, list(cat.questions)) : `${where}${issue}，应该找哪个部门处理`}？`;
    case 'praise':
      return `之前反映的${where}${issue}，${pick(rng, quick)}`;
    default:
      return `${where}${issue}`;
  }
}

function description(rng: Rng, d: Draft, neighbour: CategoryPhrases | null): string {
  const channel = rng();
  const plain = ['complaint', 'report', 'help'].includes(d.style);
  // 12345 transcripts start with the operator's words, patrol reports with the grid worker's.
  const lead = channel < 0.3 ? pick(rng, ['市民来电反映：', '来电人称，', '诉求人反映，']) : channel < 0.45 && plain ? '网格员巡查发现' : '';
  const open = lead === '网格员巡查发现' || (lead && rng() < 0.5) ? '' : pick(rng, styles[d.style].open.filter((o) => !lead || o !== '反映一个问题，'));
  const when = plain && rng() < 0.4 ? pick(rng, times) : '';
  const parts = [`${lead}${open}${when}${core(rng, d)}`];
  // Neighbouring problems share their consequences (噪音 keeps you awake whether from a site or a bar).
  const details = [...list(d.cat.details), ...(neighbour ? list(neighbour.details).slice(0, 2) : [])];
  parts.push((d.style === 'praise' ? '之前' : '') + pick(rng, details));
  if (d.isVague || rng() < 0.45) parts.push(pick(rng, details));
  if (plain && rng() < 0.3) parts.push(pick(rng, durations));
  if (d.style !== 'praise' && rng() < 0.4) parts.push(pick(rng, background));
  if (neighbour && rng() < 0.6) parts.push(`${pick(rng, ['另外，', '旁边还有', '还有'])}${pick(rng, list(neighbour.issues))}`);
  parts.push(pick(rng, styles[d.style].close));
  // Hotline transcripts are the long ones: the operator records everything the caller says.
  if (channel < 0.3 && plain) {
    parts.splice(parts.length - 1, 0, ...details.filter(() => rng() < 0.5), pick(rng, background));
    parts.push(pick(rng, ['来电人要求相关部门尽快到现场核实处理，并将处理结果反馈来电人', '要求尽快处理并回复', '请相关部门核实处理']));
  }
  // Clauses joined by commas, except after a question mark.
  let text = `${[...new Set(parts)].reduce((acc, p) => `${acc}${acc.endsWith('？') ? '' : '，'}${p}`)}。`;
  // Reports are 30–200 characters: pad short ones with a detail, cut long ones at a comma.
  while (text.length < 30) text = `${text.slice(0, -1)}，${pick(rng, details)}${text.slice(-1)}`;
  if (text.length > 200) {
    const comma = text.lastIndexOf('，', 199);
    text = `${text.slice(0, comma >= 30 ? comma : 199)}。`;
  }
  return text;
}

function title(rng: Rng, d: Draft): string {
  const { style, where, issue } = d;
  const t = d.isVague
    ? `反映${where}的问题`
    : rng() < 0.45
      ? `${where}${issue}`
      : { complaint: `投诉：${issue}`, help: `求助：${issue}`, suggestion: `关于${issue}的建议`, consult: `咨询${issue}`, report: `举报${where}${issue}`, praise: `表扬：${issue}处理及时` }[style];
  return t.slice(0, 60);
}

/** Second-level categories of the default taxonomy with their default type. */
export const syntheticCategories = seedTaxonomy.flatMap((g) => g.children.map((c) => ({ code: c.code, kind: g.kind, defaultType: c.defaultType })));

/** `n` reports, the same for the same seed. */
export function generateCaseTexts(n: number, seed: number): CaseText[] {
  const rng = createRng(seed);
  const cats = syntheticCategories.map((c) => {
    const phrases = categoryPhrases[c.code];
    if (!phrases) throw new Error(`no synthetic phrases for category ${c.code}`);
    return [{ ...c, phrases }, phrases.weight] as const;
  });
  const out: CaseText[] = [];
  for (let i = 0; i < n; i++) {
    const c = weighted(rng, cats);
    const weights = typeWeights(c.kind);
    const type = weighted(rng, caseTypes.map((t) => [t, weights[t] + (t === c.defaultType ? 45 : 0)] as const));
    // 12 % of people phrase their case like another type (a complaint worded as a question …).
    const style = rng() < 0.12 ? pick(rng, caseTypes) : type;
    // 4 % are misfiled: the text is about a neighbouring category.
    const misfiled = rng() < 0.04 && c.phrases.near.length > 0;
    const cat = misfiled ? categoryPhrases[pick(rng, c.phrases.near)]! : c.phrases;
    const isVague = rng() < 0.06;
    const issue = isVague ? pick(rng, vague) : pick(rng, list(cat.issues));
    const { at, exact } = place(rng, cat.indoor === true);
    const spot = !exact && rng() < 0.5 ? pick(rng, list(cat.spots)) : '';
    const where = `${at}${spot && !issue.includes(spot) ? spot : ''}`;
    const d: Draft = { cat, style, where, issue, isVague };
    const neighbour = rng() < 0.25 && cat.near.length > 0 ? categoryPhrases[pick(rng, cat.near)]! : null;
    out.push({ type, categoryCode: c.code, title: title(rng, d), description: description(rng, d, neighbour) });
  }
  return out;
}
