import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Longer subjects (a pasted query) are cut so the tab still shows the product's name. */
const MAX_SUBJECT = 40;

/** "<subject> · Lifeline", in the UI's language; the product's name alone without a subject. */
export function pageTitle(subject: string | null, appName: string): string {
  const trimmed = subject?.trim() ?? '';
  if (trimmed === '') return appName;
  const short = trimmed.length > MAX_SUBJECT ? `${trimmed.slice(0, MAX_SUBJECT - 1)}…` : trimmed;
  return `${short} · ${appName}`;
}

/**
 * Titles the browser tab after what the page shows (an agent keeps several open: a lookup per
 * call, the audit log), and again when the UI language changes.
 */
export function usePageTitle(subject: string | null): void {
  const { t } = useTranslation();
  const title = pageTitle(subject, t('app.name'));
  useEffect(() => {
    document.title = title;
  }, [title]);
}
