// PLACEHOLDER until the jieba segmenter lands (same exports).
const seg = new Intl.Segmenter('zh', { granularity: 'word' });

/** Words of a text for search and classification. */
export function tokenize(text: string): string[] {
  return [...seg.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment.toLowerCase());
}

/** The document side of full-text search: tokens joined by spaces for to_tsvector('simple', …). */
export function searchDocument(text: string): string {
  return tokenize(text).join(' ');
}

/** The query side: tokens for a tsquery ANDed together; empty when nothing searchable. */
export function searchQueryTokens(q: string): string[] {
  return [...new Set(tokenize(q))];
}
