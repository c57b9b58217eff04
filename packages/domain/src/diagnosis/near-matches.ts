import type { AccountSnapshot } from '../facts.ts';
import { nearMatchCloseness, normaliseIdentifier } from '../normalise.ts';

export const NEAR_MATCH_LIMIT = 5;

/** The DB's candidates, kept only if they are near matches of the query, closest first, capped. */
export function rankNearMatches(
  normalisedQuery: string,
  candidates: readonly string[],
  limit: number = NEAR_MATCH_LIMIT,
): string[] {
  const ranked: { candidate: string; closeness: number }[] = [];
  for (const candidate of new Set(candidates.map(normaliseIdentifier))) {
    const closeness = nearMatchCloseness(normalisedQuery, candidate);
    if (closeness !== null) ranked.push({ candidate, closeness });
  }
  return ranked
    .sort((a, b) => a.closeness - b.closeness || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/**
 * Whether to look for near matches at all (SPEC §4 `identifier_not_found`): only when the
 * normalised query reaches no live login and no purged account. A caller who gave a real
 * identifier is helped with that one, never offered other people's look-alikes.
 */
export function wantsNearMatches(
  normalisedQuery: string,
  snapshots: readonly AccountSnapshot[],
  tombstoneMatchCount: number,
): boolean {
  const hasLiveLogin = snapshots.some((snapshot) =>
    snapshot.logins.some(
      (login) => login.identifier === normalisedQuery && login.removedAt === null,
    ),
  );
  return !hasLiveLogin && tombstoneMatchCount === 0;
}
