/**
 * Text typed by staff and read by others (notes, names) or by customers (values in an email).
 * Unicode format characters (category Cf: zero-width space and joiners, bidi embeddings,
 * overrides and isolates, the byte order mark, the soft hyphen) and control characters (Cc)
 * are invisible or reorder what a reader sees, so a note of only a zero-width space looks empty
 * yet counts as written, and a right-to-left override shows "moc.live" as "evil.com". They are
 * removed; line breaks are kept only where the text may span lines.
 */

const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;
/** Every line break Unicode knows: CR LF, CR, LF, VT, FF, NEL, line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/gu;

/** Multi-line text: line breaks become `\n`, tabs stay, other invisible characters go. */
export function cleanMultiLineText(s: string): string {
  return s.replace(LINE_BREAK, '\n').replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : ''));
}

/** One-line text: line breaks and tabs become spaces, other invisible characters go. */
export function cleanSingleLineText(s: string): string {
  return s.replace(LINE_BREAK, ' ').replace(INVISIBLE, (c) => (c === '\t' ? ' ' : ''));
}

/** Whether a note says nothing once invisible characters and surrounding space are removed. */
export function isBlankText(s: string | null | undefined): boolean {
  return cleanMultiLineText(s ?? '').trim() === '';
}
