// What the lookup page shows once a caller is looked up: one chunk, fetched right after the
// page's first render (the lookup box is the first load; see lookup-parts-loader.tsx).
export { ActionModalRunner } from '../components/ActionModal/ActionModalRunner.tsx';
export { DiagnosisView } from '../components/DiagnosisView/DiagnosisView.tsx';
export { VerificationPanel } from '../components/VerificationPanel/VerificationPanel.tsx';
