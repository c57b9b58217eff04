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
    expect(text).toHaveTextContent('you still have 110 days');
    expect(text).not.toHaveTextContent('{{');
  });

  /** A reactivatable account whose window closes `left` from now, as the domain counts it. */
  function closingIn(left: number) {
    const finding = FINDINGS.deactivated_reactivatable;
    const facts = { ...finding.facts, purgeAfter: NOW + left, daysLeft: Math.floor(left / DAY) };
    return scriptFor({ ...finding, facts }, { now: NOW });
  }

  it('says the days left in the singular or plural, as the card counts them, with the deadline', () => {
    const oneDay = closingIn(DAY + 5 * HOUR);
    const deadline = (language: string) =>
      formatDeadline(NOW + DAY + 5 * HOUR, language, { now: NOW });
    expect(scriptText(oneDay, 'en')).toContain(
      `you still have 1 day: I can reactivate it until ${deadline('en')},`,
    );
    expect(scriptText(oneDay, 'fr')).toContain(
      `il vous reste donc 1 jour : je peux le réactiver jusqu'au ${deadline('fr')},`,
    );
    for (const language of ['en', 'fr'] as const) {
      expect(scriptText(oneDay, language)).not.toMatch(/\b1 (days|jours)\b/);
    }
    // 3 days and 20 hours: "3 days", as on the card, never the 4 that rounding up promised.
    expect(scriptText(closingIn(3 * DAY + 20 * HOUR), 'en')).toContain('you still have 3 days:');
    expect(scriptText(closingIn(3 * DAY + 20 * HOUR), 'fr')).toContain(
      'il vous reste donc 3 jours :',
    );
  });

  it('says "less than a day" in the last hours of the window, not "0 days" or "1 day"', () => {
    const lastHour = closingIn(HOUR);
    expect(scriptText(lastHour, 'en')).toContain('you still have less than a day:');
    expect(scriptText(lastHour, 'fr')).toContain('il vous reste donc moins d’un jour :');
  });

  it('switches to French for this caller, dates in French too', async () => {
    render(<CustomerScript spec={scriptFor(FINDINGS.deactivated_reactivatable)} />);
    await userEvent.click(screen.getByText('FR'));
    const text = screen.getByTestId('customer-script');
    expect(text).toHaveAttribute('lang', 'fr');
    expect(text).toHaveTextContent('110');
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
