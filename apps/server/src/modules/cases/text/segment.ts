import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { governanceWords } from './user-dict.js';

/**
 * Chinese text for search and classification, cut by jieba (jieba-rs through @node-rs/jieba).
 * HMM is off on purpose: dictionary-only cuts do not guess new words from their neighbours, so a
 * word cuts the same in a query as inside a long description, and query tokens meet document tokens.
 */

// Function words that carry no meaning for search or classification (question words such as 怎么/吗 stay: they mark 咨询).
const stopwords = new Set(
  ('的 地 得 了 着 过 是 在 和 与 及 或 并 且 而 把 被 让 给 对 向 从 到 于 也 都 就 还 又 很 太 挺 ' +
    '我 我们 你 你们 他 她 它 他们 她们 咱们 自己 这 那 这个 那个 这些 那些 这里 那里 啊 吧 呢 呀 哦 嘛 哈 ' +
    '一个 一下 有点 等 之 其 该 此').split(' '),
);
// Tokens of letters and digits only: safe inside a tsquery and unchanged by the 'simple' parser.
const wordLike = /^[\p{L}\p{N}]+$/u;
const maxTokenLength = 32;

let instance: Jieba | undefined;

/** One jieba per process: loading the dictionary takes ~0.2 s. */
function jieba(): Jieba {
  if (!instance) {
    const j = Jieba.withDict(dict);
    // A high frequency makes the domain word win over the split the default dictionary prefers.
    j.loadDict(Buffer.from(governanceWords.map((w) => `${w} 20000 n`).join('\n')));
    instance = j;
  }
  return instance;
}

/** Full-width letters and digits to ASCII, so ＡＢＣ１２３ and ABC123 are the same word. */
const normalize = (text: string) => text.normalize('NFKC');

function keep(words: string[]): string[] {
  const out: string[] = [];
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (w.length <= maxTokenLength && wordLike.test(w) && !stopwords.has(w)) out.push(w);
  }
  return out;
}

/** Words of a text for search and classification: lowercased, without punctuation and stopwords. */
export function tokenize(text: string): string[] {
  return keep(jieba().cut(normalize(text), false));
}

/**
 * The document side of full-text search: tokens joined by spaces for to_tsvector('simple', …).
 * Search mode adds the parts of long words (电梯 for 电梯故障, 井盖 for 窨井盖), so a query for a part finds the whole.
 */
export function searchDocument(text: string): string {
  return keep(jieba().cutForSearch(normalize(text), false)).join(' ');
}

/**
 * The query side: the words of the query (ANDed, e.g. plainto_tsquery('simple', tokens.join(' '))),
 * deduplicated; empty when nothing searchable. Every word of tokenize() is also in searchDocument().
 */
export function searchQueryTokens(q: string): string[] {
  return [...new Set(tokenize(q))];
}
