/**
 * Escaping for the little markup the passes write: a link made from a blog
 * card. What is written is always inert text: `<` and `&` never start
 * markup or a character reference, and an attribute value never ends early.
 */

/** Text content: `&`, `<` and `>` escaped. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/** A double-quoted attribute value: `&`, `"`, `<` and `>` escaped. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) => (char === '&' ? '&amp;' : char === '"' ? '&quot;' : char === '<' ? '&lt;' : '&gt;'));
}

/**
 * A value for an attribute written with `quote` (`"`, `'`, or none): only
 * what that quoting needs is escaped, so a plain URL is written as is.
 */
export function escapeAttributeFor(value: string, quote: '"' | "'" | ''): string {
  let out = value.replace(/&/g, '&amp;');
  if (quote === '"') out = out.replace(/"/g, '&quot;');
  else if (quote === "'") out = out.replace(/'/g, '&#39;');
  else out = out.replace(/[\s"'=<>`]/g, (char) => `&#${char.charCodeAt(0)};`);
  return out;
}
