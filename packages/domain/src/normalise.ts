import type { IdentifierKind } from './codes.ts';

/**
 * The stored form of a login identifier (SPEC §2): trimmed, NFC, lower-cased. Lower-casing can
 * leave a sequence that NFC would compose, so it composes once more to stay idempotent.
 */
export function normaliseIdentifier(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase().normalize('NFC');
}

// One '@' with something on each side: enough to tell an email from a username, which can
// never contain '@'. Deliverability is not the question here.
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/u;

export function identifierKindOf(normalised: string): IdentifierKind {
  return EMAIL_SHAPE.test(normalised) ? 'email' : 'username';
}

/** The part before '@' of an email, or null for a username. */
export function emailLocalPart(normalised: string): string | null {
  return identifierKindOf(normalised) === 'email'
    ? normalised.slice(0, normalised.indexOf('@'))
    : null;
}

export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * Billing values as a caller reads them aloud and an agent types them: case, accents, spaces
 * and punctuation must not matter ("10, Rue Oberkampf" = "10 rue oberkampf"). Compatibility
 * decomposition also folds full-width digits and ligatures; only letters and digits remain.
 */
export function normaliseForComparison(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Levenshtein distance over code points. With `cutoff` it stops as soon as the distance must
 * exceed it and returns `cutoff + 1`, which keeps near-match filtering cheap on long strings.
 */
export function editDistance(a: string, b: string, cutoff = Number.POSITIVE_INFINITY): number {
  const left = Array.from(a);
  const right = Array.from(b);
  if (Math.abs(left.length - right.length) > cutoff) return cutoff + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      const cell = Math.min(substitution, deletion, insertion);
      current.push(cell);
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin > cutoff) return cutoff + 1;
    previous = current;
  }
  const distance = previous[right.length] ?? 0;
  return distance > cutoff ? cutoff + 1 : distance;
}

export const NEAR_MATCH_MAX_DISTANCE = 2;

function withoutSpaces(s: string): string {
  return s.replace(/\s+/gu, '');
}

/**
 * Exact spellings worth looking up when a query matches nothing (SPEC §4): the DB layer can
 * fetch them by index, then `rankNearMatches` keeps the near ones. Never includes the query.
 */
export function nearMatchVariants(normalisedQuery: string): string[] {
  const q = normalisedQuery;
  const variants = new Set<string>([
    withoutSpaces(q),
    q.replace(/\s+/gu, '.'),
    stripAccents(q),
    stripAccents(withoutSpaces(q)),
  ]);
  const local = emailLocalPart(q);
  if (local !== null) {
    variants.add(local);
    variants.add(stripAccents(local));
  }
  variants.delete(q);
  variants.delete('');
  return [...variants];
}

/**
 * How plausibly `candidate` is a mistyping of `query` (both normalised), smaller is closer, or
 * null when it is not a near match: 0 = equal once accents and spaces go; 1 = one is the local
 * part of the other (username given as email or vice versa); 1 + d = within edit distance d ≤ 2.
 * An exact match is a match, not a near match.
 */
export function nearMatchCloseness(query: string, candidate: string): number | null {
  const q = normaliseIdentifier(query);
  const c = normaliseIdentifier(candidate);
  if (q === c || q === '' || c === '') return null;
  if (stripAccents(withoutSpaces(q)) === stripAccents(withoutSpaces(c))) return 0;
  if (emailLocalPart(q) === c || emailLocalPart(c) === q) return 1;
  const distance = editDistance(q, c, NEAR_MATCH_MAX_DISTANCE);
  return distance <= NEAR_MATCH_MAX_DISTANCE ? 1 + distance : null;
}
