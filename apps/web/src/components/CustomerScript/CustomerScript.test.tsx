import { DAY, HOUR } from '@lifeline/domain';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import type { Finding } from '../../lib/actions.ts';
import { formatDate, formatDeadline } from '../../lib/format.ts';
import { FINDINGS, NOW } from '../FindingCard/fixtures.ts';
import { CustomerScript, scriptText } from './CustomerScript.tsx';
import { scriptFor } from './script.ts';

describe('CustomerScript', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts in the UI language and interpolates the formatted facts', () => {
    render(<CustomerScript spec={scriptFor(FINDINGS.deactivated_reactivatable)} />);
    const text = screen.getByTestId('customer-script');
    expect(text).toHaveAttribute('lang', 'en');
    expect(text).toHaveTextContent(
      `Your account was cancelled on ${formatDate(FINDINGS.deactivated_reactivatable.facts.deactivatedAt, 'en')}`,
    );
    expect(text).toHaveTextContent('so I can reactivate it until');
    expect(text).not.toHaveTextContent('{{');
  });

  /** A reactivatable account whose window closes `left` from now (SPEC §3 counts up). */
  function closingIn(left: number) {
    const finding = FINDINGS.deactivated_reactivatable;
    const facts = { ...finding.facts, purgeAfter: NOW + left, daysLeft: Math.ceil(left / DAY) };
    return scriptFor({ ...finding, facts }, { now: NOW });
  }

  it('gives the caller the exact deadline with its zone, never a count of days', () => {
    // 3 days and 20 hours left: the card's count says 4 (SPEC §3 rounds up); read to a caller
    // that would promise more time than is left, so the script says when, not how many.
    const script = closingIn(3 * DAY + 20 * HOUR);
    const deadline = (language: string) =>
      formatDeadline(NOW + 3 * DAY + 20 * HOUR, language, { now: NOW });
    expect(scriptText(script, 'en')).toContain(`so I can reactivate it until ${deadline('en')},`);
    expect(scriptText(script, 'fr')).toContain(
      `je peux donc le réactiver jusqu'au ${deadline('fr')},`,
    );
    expect(deadline('en')).toMatch(/\(.+\)$/);
    for (const language of ['en', 'fr'] as const) {
      expect(scriptText(script, language)).not.toMatch(/\b[34] (days?|jours?)\b/);
    }
  });

  it('gives the deadline in the last hour of the window too, with no "0 days" or "1 days"', () => {
    const lastHour = closingIn(HOUR);
    for (const language of ['en', 'fr'] as const) {
      expect(scriptText(lastHour, language)).not.toMatch(/\b[01] (days|jours)\b/);
      expect(scriptText(lastHour, language)).toContain(
        formatDeadline(NOW + HOUR, language, { now: NOW }),
      );
    }
  });

  it('switches to French for this caller, dates in French too', async () => {
    render(<CustomerScript spec={scriptFor(FINDINGS.deactivated_reactivatable)} />);
    await userEvent.click(screen.getByText('FR'));
    const text = screen.getByTestId('customer-script');
    expect(text).toHaveAttribute('lang', 'fr');
    expect(text).toHaveTextContent("je peux donc le réactiver jusqu'au");
    expect(text).toHaveTextContent(
      formatDate(FINDINGS.deactivated_reactivatable.facts.deactivatedAt, 'fr'),
    );
    expect(text).not.toHaveTextContent('Your account');
  });

  it('adds the limited-after line when an unpaid account comes back limited', () => {
    const finding = {
      ...FINDINGS.deactivated_reactivatable,
      facts: {
        ...FINDINGS.deactivated_reactivatable.facts,
        reason: 'non_payment',
        statusAfter: 'limited',
      },
      scriptKey: 'deactivated_reactivatable.non_payment',
    } satisfies Finding;
    render(<CustomerScript spec={scriptFor(finding)} />);
    expect(screen.getByTestId('customer-script')).toHaveTextContent(
      /because a payment remained unpaid.*come back in a limited state/,
    );
  });

  it('copies the text it shows and says so', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<CustomerScript spec={scriptFor(FINDINGS.username_login)} language="en" />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(
      expect.stringContaining('signs in with the username jdupont'),
    );
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(screen.getByText('Script copied to the clipboard.')).toBeInTheDocument();
  });

  it('is controlled by the diagnosis when given a language', async () => {
    const onLanguageChange = vi.fn();
    render(
      <CustomerScript
        spec={scriptFor(FINDINGS.no_blocker_found)}
        language="fr"
        onLanguageChange={onLanguageChange}
      />,
    );
    expect(screen.getByTestId('customer-script')).toHaveAttribute('lang', 'fr');
    await userEvent.click(screen.getByText('EN'));
    expect(onLanguageChange).toHaveBeenCalledWith('en');
  });
});
