import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list of the 治理攻略 rich text: headings, paragraphs, emphasis, lists, quotes and
 * links. Everything else — scripts, styles, event handlers, iframes, images, `javascript:` links —
 * is dropped on write, so what the console renders is what was stored (docs/decisions.md).
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Text of dropped wrappers stays; the content of these goes with them.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'svg', 'math'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }),
    div: 'p',
    h1: 'h2',
  },
};

export function sanitizeGuide(html: string): string {
  return sanitizeHtml(html, options).trim();
}
