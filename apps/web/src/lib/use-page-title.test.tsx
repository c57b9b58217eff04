import { act, render } from '@testing-library/react';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.ts';
import { pageTitle, usePageTitle } from './use-page-title.ts';

afterEach(() => setLanguage('en'));

function Titled({ subject }: { subject: string | null }) {
  usePageTitle(subject);
  return null;
}

function Audit() {
  const { t } = useTranslation();
  usePageTitle(t('nav.audit'));
  return null;
}

describe('usePageTitle', () => {
  it('titles the tab after the page, then the product', () => {
    const { rerender } = render(<Titled subject="dual.role@example.com" />);
    expect(document.title).toBe('dual.role@example.com · Lifeline');
    rerender(<Titled subject={null} />);
    expect(document.title).toBe('Lifeline');
  });

  it('follows the UI language', async () => {
    render(<Audit />);
    expect(document.title).toBe('Audit log · Lifeline');
    await act(async () => setLanguage('fr'));
    expect(document.title).toBe("Journal d'audit · Lifeline");
  });

  it('cuts a long subject so the product name still shows', () => {
    const title = pageTitle(`${'a'.repeat(60)}@example.com`, 'Lifeline');
    expect(title.endsWith('… · Lifeline')).toBe(true);
    expect(title.length).toBeLessThan(55);
  });
});
