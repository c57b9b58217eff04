import { lazy, useState } from 'react';
import type { ActionModalRunnerProps } from '../components/ActionModal/ActionModalRunner.tsx';
import type { DiagnosisViewProps } from '../components/DiagnosisView/DiagnosisView.tsx';
import type { VerificationPanelProps } from '../components/VerificationPanel/VerificationPanel.tsx';

let loaded: typeof import('./lookup-parts.ts') | undefined;

/** The diagnosis, the verification panel and the action confirmation (lookup-parts.ts). */
export const loadLookupParts = () =>
  import('./lookup-parts.ts').then((parts) => {
    loaded = parts;
    return parts;
  });

/**
 * Starts fetching them before they are needed (the lookup box focused, the agent signed in), so
 * the first lookup does not wait for code. A failure here is retried when they render.
 */
export function preloadLookupParts() {
  loadLookupParts().catch(() => undefined);
}

// Each part renders straight away once its code is here (the usual case: it was preloaded), and
// through React.lazy (suspending to the nearest fallback) only while it is on its way: a lazy
// component suspends on its first render even when its module is loaded, and the diagnosis then
// waited on a retry it need not have. Chosen once per mount (a switch would remount the part).
const DiagnosisViewLazy = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.DiagnosisView })),
);
const VerificationPanelLazy = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.VerificationPanel })),
);
const ActionModalRunnerLazy = lazy(() =>
  loadLookupParts().then((parts) => ({ default: parts.ActionModalRunner })),
);

export function LazyDiagnosisView(props: DiagnosisViewProps) {
  const [View] = useState(() => loaded?.DiagnosisView ?? DiagnosisViewLazy);
  return <View {...props} />;
}

export function LazyVerificationPanel(props: VerificationPanelProps) {
  const [Panel] = useState(() => loaded?.VerificationPanel ?? VerificationPanelLazy);
  return <Panel {...props} />;
}

export function LazyActionModalRunner(props: ActionModalRunnerProps) {
  const [Runner] = useState(() => loaded?.ActionModalRunner ?? ActionModalRunnerLazy);
  return <Runner {...props} />;
}
