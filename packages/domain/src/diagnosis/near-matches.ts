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
