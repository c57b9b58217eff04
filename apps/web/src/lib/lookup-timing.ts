/**
 * User timing of a lookup (issue 15): from Enter in the lookup box to the diagnosis painted, as
 * the performance measure `lifeline:lookup`. The browser suite and the bench read it; nothing
 * in the console depends on it.
 */
export const LOOKUP_MEASURE = 'lifeline:lookup';

let pending: { identifier: string; at: number } | null = null;

const normalise = (identifier: string) => identifier.trim().toLowerCase();
const canMeasure = () =>
  typeof performance !== 'undefined' &&
  typeof performance.mark === 'function' &&
  typeof performance.measure === 'function';

/** Enter pressed on `identifier`; `at` is the key's event time (the wait starts there). */
export function markLookupStart(identifier: string, at: number = performance.now()) {
  pending = { identifier: normalise(identifier), at };
}

/**
 * A diagnosis is on screen (called once its view has committed). Measured when it answers the
 * pending lookup, after the next paint: a frame callback runs before the paint, a task queued
 * from it runs after.
 */
export function markDiagnosisShown(query: string) {
  const started = pending;
  if (!started || started.identifier !== normalise(query) || !canMeasure()) return;
  pending = null;
  requestAnimationFrame(() =>
    setTimeout(() => {
      try {
        performance.measure(LOOKUP_MEASURE, { start: started.at, end: performance.now() });
      } catch {
        // A browser without measure options: no figure, nothing else changes.
      }
    }, 0),
  );
}
