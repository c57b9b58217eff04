import { lazy } from 'react';

/** The diagnosis, the verification panel and the action confirmation (lookup-parts.ts). */
export const loadLookupParts = () => import('./lookup-parts.ts');

/**
 * Starts fetching them before they are needed (the lookup box focused, the agent signed in), so
 * the first lookup does not wait for code. A failure here is retried when they render.
 */
export function preloadLookupParts() {
  loadLookupParts().catch(() => undefined);
}

export const LazyDiagnosisView = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.DiagnosisView })),
);
export const LazyVerificationPanel = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.VerificationPanel })),
);
export const LazyActionModalRunner = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.ActionModalRunner })),
);
