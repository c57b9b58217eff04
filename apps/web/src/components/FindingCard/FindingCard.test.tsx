import { DAY } from '@lifeline/domain';
import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { actionStates, type DiagnosedLogin, type Finding } from '../../lib/actions.ts';
import { formatDate, formatDateTime, formatDeadline, formatTime } from '../../lib/format.ts';
import { FindingCard, teamLabels } from './FindingCard.tsx';
import {
  canAs,
  DUAL_MEMBER,
  DUAL_OWNER,
  diagnosisOf,
  FINDINGS,
  NOW,
  OWNER,
  passFor,
  TEAM_ONE,
  TEAM_TWO,
  TWO_MEMBERSHIPS,
} from './fixtures.ts';

function renderCard(
  finding: Finding,
  {
    logins = [OWNER],
    role = 'agent',
    ticketRef = 'T-1',
    verified = [],
  }: {
    logins?: DiagnosedLogin[];
    role?: 'agent' | 'lead';
    ticketRef?: string;
    verified?: DiagnosedLogin[];
  } = {},
) {
  const diagnosis = diagnosisOf(logins, [finding], {
    passes: verified.map((login) => passFor(login, ticketRef)),
  });
  const onAction = vi.fn();
  const onVerify = vi.fn();
  const onDiagnose = vi.fn();
  render(
    <FindingCard
      finding={finding}
      actions={actionStates(finding, { diagnosis, ticketRef, now: NOW, can: canAs(role) })}
      logins={logins}
      now={NOW}
      onAction={onAction}
      onVerify={onVerify}
      onDiagnose={onDiagnose}
    />,
  );
  const card = screen.getByRole('article');
  return { card, onAction, onVerify, onDiagnose };
}

/** The button and the visible reason it is disabled, tied by aria-describedby. */
function expectBlocked(name: string, reason: RegExp) {
  const button = screen.getByRole('button', { name });
  expect(button).toBeDisabled();
  expect(button).toHaveAccessibleDescription(reason);
  expect(screen.getByText(reason)).toBeVisible();
}

afterEach(() => setLanguage('en'));

describe('FindingCard', () => {
  it('identifier_not_found: near matches for the agent only, a way to diagnose them', async () => {
    const { card, onDiagnose } = renderCard(FINDINGS.identifier_not_found, { logins: [] });
    expect(within(card).getByRole('heading', { level: 3 })).toHaveTextContent(
      'No login with this identifier',
    );
    expect(within(card).getByText('Blocking')).toBeInTheDocument();
    expect(within(card).getByText(/For your eyes only: do not read these out/)).toBeVisible();
    await userEvent.click(
      within(card).getByRole('button', { name: 'Diagnose cancelled.recent@example.com' }),
    );
    expect(onDiagnose).toHaveBeenCalledWith('cancelled.recent@example.com');
    expect(screen.getByTestId('customer-script')).toHaveTextContent(/spell it again/);
  });

  it('purged: the dates and nothing to restore', () => {
    const { card } = renderCard(FINDINGS.purged, { logins: [] });
    expect(card).toHaveTextContent('Account purged');
    expect(card).toHaveTextContent(formatDateTime(FINDINGS.purged.facts.purgedAt, 'en'));
    expect(card).toHaveTextContent(/Nothing is left to restore/);
    expect(within(card).queryByRole('button', { name: /reactivate/i })).toBeNull();
    expect(screen.getByTestId('customer-script')).toHaveTextContent(
      formatDate(FINDINGS.purged.facts.purgedAt, 'en'),
    );
  });

  it('ambiguous_login: detach needs the holder of the email verified, any of its logins', () => {
    renderCard(FINDINGS.ambiguous_login, { logins: [DUAL_OWNER, DUAL_MEMBER] });
    expect(screen.getByText('One email, several logins')).toBeInTheDocument();
    expect(screen.getByText(/dual\.role@example\.com · acc_dualmem01/)).toBeInTheDocument();
    expectBlocked('Detach team-member login', /holder of this email first/);
  });

  it('ambiguous_login: a pass on the owner login of the same email enables the detach', async () => {
    const { onAction } = renderCard(FINDINGS.ambiguous_login, {
      logins: [DUAL_OWNER, DUAL_MEMBER],
      verified: [DUAL_OWNER],
    });
    const button = screen.getByRole('button', { name: 'Detach team-member login' });
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(onAction.mock.calls[0]?.[0]).toMatchObject({
      action: { kind: 'detach_team_member', loginId: DUAL_MEMBER.loginId },
      verificationId: 'ver_dualown01',
    });
  });

  it('deactivated_reactivatable: days left as a bar, what comes back, reactivate after verifying', async () => {
    const { card, onVerify } = renderCard(FINDINGS.deactivated_reactivatable);
    expect(card).toHaveTextContent('Deactivated: can be reactivated');
    expect(card).toHaveTextContent('110 days left');
    const bar = screen.getByRole('progressbar', { name: 'Reactivation window (120 days)' });
    expect(bar).toHaveAttribute('aria-valuenow', '110');
    expect(bar).toHaveAttribute('aria-valuemax', '120');
    expect(bar).toHaveAttribute('aria-valuetext', '110 days left');
    expect(card).toHaveTextContent('1,840 contacts, 6 lists, 42 campaigns');
    expect(card).toHaveTextContent(
      formatDateTime(FINDINGS.deactivated_reactivatable.facts.deactivatedAt, 'en'),
    );
    expect(card).toHaveTextContent('(10 days ago)');
    expectBlocked('Reactivate account', /owner of this account first/);
    await userEvent.click(screen.getByRole('button', { name: 'Verify now' }));
    expect(onVerify).toHaveBeenCalledWith(OWNER.loginId);
  });

  it('deactivated_reactivatable: the window closes at a stated instant, no relative count beside the bar', () => {
    // 3 days and 20 hours left: the bar says 4 (SPEC §3 rounds up); "in 3 days" beside it was
    // the contradiction agents saw (issue 13 bug 1).
    const finding = {
      ...FINDINGS.deactivated_reactivatable,
      facts: {
        ...FINDINGS.deactivated_reactivatable.facts,
        purgeAfter: NOW + 3 * DAY + 20 * 3_600_000,
        daysLeft: 4,
      },
    } satisfies Finding;
    const { card } = renderCard(finding);
    expect(card).toHaveTextContent('4 days left');
    expect(card).toHaveTextContent(formatDeadline(finding.facts.purgeAfter, 'en', { now: NOW }));
    expect(card).not.toHaveTextContent(/in \d+ days?/);
  });

  it('deactivated_reactivatable: enabled once the owner is verified on this ticket only', () => {
    renderCard(FINDINGS.deactivated_reactivatable, { verified: [OWNER] });
    expect(screen.getByRole('button', { name: 'Reactivate account' })).toBeEnabled();
  });

  it('deactivated_window_closed: no fix, the erasure date', () => {
    const { card } = renderCard(FINDINGS.deactivated_window_closed);
    expect(card).toHaveTextContent('the 120-day window has closed');
    expect(card).toHaveTextContent(/no longer possible/);
    expect(card).toHaveTextContent(
      formatDateTime(FINDINGS.deactivated_window_closed.facts.purgeDueAt, 'en'),
    );
    expect(within(card).queryAllByRole('button', { name: /reactivate/i })).toHaveLength(0);
  });

  it('deactivated_terms: referred to the legal process', () => {
    const { card } = renderCard(FINDINGS.deactivated_terms);
    expect(card).toHaveTextContent('Closed for a terms-of-service violation');
    expect(card).toHaveTextContent(/legal and trust process/);
  });

  it('login_locked: locked until a time; unlock needs the login verified, a reset link does not', () => {
    const { card } = renderCard(FINDINGS.login_locked);
    expect(card).toHaveTextContent(formatDateTime(FINDINGS.login_locked.facts.lockedUntil, 'en'));
    expect(card).toHaveTextContent('(in 5 minutes)');
    expectBlocked('Unlock login', /holder of this login first/);
    expect(screen.getByRole('button', { name: 'Send reset link' })).toBeEnabled();
  });

  it('login_locked: a permanent lock says until support unlocks it', () => {
    const finding = {
      ...FINDINGS.login_locked,
      facts: { permanent: true, lockedUntil: null, lockoutCount: 3 },
      scriptKey: 'login_locked.permanent',
    } satisfies Finding;
    const { card } = renderCard(finding);
    expect(card).toHaveTextContent('Until support unlocks it');
    expect(card).toHaveTextContent('3 lockouts');
  });

  it('identity_check_required: due time and on-time badge; a lead decides', () => {
    const { card } = renderCard(FINDINGS.identity_check_required);
    expect(card).toHaveTextContent('Submitted: being reviewed');
    expect(card).toHaveTextContent(
      formatDateTime(FINDINGS.identity_check_required.facts.dueAt, 'en'),
    );
    expect(card).toHaveTextContent('On time');
    expectBlocked('Decide the identity check', /A team lead decides/);
  });

  it('identity_check_required: overdue shows a badge and the extra script line; leads get a link', () => {
    const finding = {
      ...FINDINGS.identity_check_required,
      facts: { ...FINDINGS.identity_check_required.facts, dueAt: NOW - 3_600_000, overdue: true },
    } satisfies Finding;
    const { card } = renderCard(finding, { role: 'lead' });
    expect(within(card).getByText('Overdue')).toBeInTheDocument();
    expect(screen.getByTestId('customer-script')).toHaveTextContent(/flagged it to my team lead/);
    expect(screen.getByRole('link', { name: /Decide the identity check/ })).toHaveAttribute(
      'href',
      '/identity-checks',
    );
  });

  it('suspicious_activity: nothing about signals; lead only', () => {
    const { card } = renderCard(FINDINGS.suspicious_activity);
    expect(card).toHaveTextContent(/Tell the caller nothing/);
    expectBlocked('Lift the block', /Only a team lead may do this/);
  });

  it('suspicious_activity: a lead may lift it without a caller verification', () => {
    renderCard(FINDINGS.suspicious_activity, { role: 'lead' });
    expect(screen.getByRole('button', { name: 'Lift the block' })).toBeEnabled();
  });

  it('self_block: lift needs the owner verified', () => {
    const { card } = renderCard(FINDINGS.self_block);
    expect(card).toHaveTextContent('Blocked by the customer');
    expectBlocked('Lift the block', /owner of this account first/);
  });

  it('limited_payment_failed: day N of 90, deactivation date, next retry', () => {
    const { card } = renderCard(FINDINGS.limited_payment_failed);
    expect(card).toHaveTextContent('Day 21 of 90');
    expect(card).toHaveTextContent('€29.00');
    expect(card).toHaveTextContent(
      formatDateTime(FINDINGS.limited_payment_failed.facts.deactivatesAt, 'en'),
    );
    expect(card).toHaveTextContent(
      formatDateTime(FINDINGS.limited_payment_failed.facts.nextRetryAt, 'en'),
    );
    expect(screen.getByTestId('customer-script')).toHaveTextContent('day 21 of 90');
  });

  it('limited after a reactivation: the payment period restarted, no payment failed today', () => {
    const finding = {
      ...FINDINGS.limited_payment_failed,
      facts: {
        ...FINDINGS.limited_payment_failed.facts,
        paymentFailedAt: NOW - 5 * 60_000,
        startedBy: 'reactivation',
        dayOfDunning: 1,
        deactivatesAt: NOW + 90 * DAY,
        nextRetryAt: NOW + 3 * DAY,
        retriesDone: 0,
      },
      scriptKey: 'limited_after_reactivation',
    } satisfies Finding;
    const { card } = renderCard(finding);
    expect(card).toHaveTextContent('Payment period restarted');
    expect(card).not.toHaveTextContent('First failed payment');
    expect(card).toHaveTextContent('the 90-day payment period started again on reactivation');
    const script = screen.getByTestId('customer-script');
    expect(script).toHaveTextContent(
      `Your account was reactivated on ${formatDate(NOW - 5 * 60_000, 'en')}, but the unpaid balance is still due`,
    );
    expect(script).toHaveTextContent('The 90-day payment period started again that day');
    expect(script).not.toHaveTextContent('a payment failed');
  });

  it('identifier_not_found: an account id no account has gets its own script', () => {
    const finding = {
      ...FINDINGS.identifier_not_found,
      facts: { givenAs: 'account_id', nearMatches: [], readToCaller: false },
      scriptKey: 'account_id_not_found',
    } satisfies Finding;
    const { card } = renderCard(finding, { logins: [] });
    expect(card).toHaveTextContent('No account, live or purged, has this id.');
    const script = screen.getByTestId('customer-script');
    expect(script).toHaveTextContent("I can't find any account with the account id you gave me.");
    expect(script).not.toHaveTextContent('email or username you gave me');
  });

  it('username_login: the username, read out when the caller gave it', () => {
    const { card } = renderCard(FINDINGS.username_login);
    expect(card).toHaveTextContent('Signs in with a username');
    expect(screen.getByTestId('customer-script')).toHaveTextContent(
      'signs in with the username jdupont',
    );
  });

  it('username_login: given the contact email, read it only after verifying', () => {
    const finding = {
      ...FINDINGS.username_login,
      facts: { usernames: ['jdupont'], givenAs: 'contact_email', verifyBeforeReading: true },
      scriptKey: 'username_login.contact_email',
    } satisfies Finding;
    renderCard(finding);
    expect(screen.getByText(/only once the caller is verified/)).toBeVisible();
    expect(screen.getByTestId('customer-script')).not.toHaveTextContent('jdupont');
  });

  it('recent_credential_change: when it changed', () => {
    const { card } = renderCard(FINDINGS.recent_credential_change);
    expect(card).toHaveTextContent('Password changed recently');
    expect(card).toHaveTextContent('(2 days ago)');
  });

  it('no_blocker_found: a reset link, which needs the ticket reference', () => {
    renderCard(FINDINGS.no_blocker_found, { ticketRef: '' });
    expect(screen.getByText('Info')).toBeInTheDocument();
    expectBlocked('Send reset link', /Enter the ticket reference first/);
  });

  it('a pass on another ticket does not count', () => {
    const diagnosis = diagnosisOf([OWNER], [FINDINGS.deactivated_reactivatable], {
      passes: [passFor(OWNER, 'OTHER-9')],
    });
    render(
      <FindingCard
        finding={FINDINGS.deactivated_reactivatable}
        actions={actionStates(FINDINGS.deactivated_reactivatable, {
          diagnosis,
          ticketRef: 'T-1',
          now: NOW,
          can: canAs('agent'),
        })}
        logins={[OWNER]}
        now={NOW}
      />,
    );
    expect(screen.getByRole('button', { name: 'Reactivate account' })).toBeDisabled();
  });

  it('ambiguous_login, two memberships: its own script, and each detach says which team it leaves', async () => {
    const logins = [TEAM_ONE, TEAM_TWO];
    const base = diagnosisOf(logins, [TWO_MEMBERSHIPS]);
    const accounts = base.accounts.map((account, index) => ({
      ...account,
      ownerEmail: index === 0 ? 'a•••@agency-one.example' : 'a•••@agency-two.example',
    }));
    render(
      <FindingCard
        finding={TWO_MEMBERSHIPS}
        actions={actionStates(TWO_MEMBERSHIPS, {
          diagnosis: base,
          ticketRef: 'T-1',
          now: NOW,
          can: canAs('agent'),
        })}
        logins={logins}
        accounts={accounts}
        now={NOW}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Detach from the team of a•••@agency-one.example' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Detach from the team of a•••@agency-two.example' }),
    ).toBeDisabled();
    const script = screen.getByTestId('customer-script');
    expect(script).toHaveTextContent(/more than one team/);
    expect(script).toHaveTextContent(/Which team would you like to keep\?/);
    // Not the owner-plus-member script: this caller has no account of their own.
    expect(script).not.toHaveTextContent(/your own account/);
    await act(async () => setLanguage('fr'));
    expect(
      screen.getByRole('button', { name: 'Détacher de l’équipe de a•••@agency-one.example' }),
    ).toBeInTheDocument();
  });

  it('names two teams whose owners mask alike by their account ids too', () => {
    const states = actionStates(TWO_MEMBERSHIPS, {
      diagnosis: diagnosisOf([TEAM_ONE, TEAM_TWO], [TWO_MEMBERSHIPS]),
      ticketRef: 'T-1',
      now: NOW,
      can: canAs('agent'),
    });
    const alike = [TEAM_ONE, TEAM_TWO].map((login) => ({
      accountId: login.accountId,
      status: 'active' as const,
      plan: 'paid' as const,
      version: 1,
      ownerEmail: 'a•••@example.com',
    }));
    expect([...teamLabels(states, alike).values()]).toEqual([
      'a•••@example.com · acc_agency001',
      'a•••@example.com · acc_agency002',
    ]);
  });

  it('recent_support_action: after unlock and reset link, says what was done and when, offers the link again without pressing for it', () => {
    const sentAt = FINDINGS.recent_support_action.facts.at;
    const { card } = renderCard(FINDINGS.recent_support_action, {
      logins: [{ ...OWNER, resetLinkSentAt: sentAt }],
    });
    expect(within(card).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Just done on this account',
    );
    expect(card).toHaveTextContent(
      `Unlocked and reset link sent at ${formatTime(sentAt, 'en')} by you`,
    );
    expect(card).toHaveTextContent('3 minutes ago, ticket T-1');
    expect(card).toHaveTextContent(/Another reset link may still be sent/);
    const script = screen.getByTestId('customer-script');
    expect(script).toHaveTextContent(/I have unlocked your login and sent you a link/);
    expect(script).toHaveTextContent(/It works once, within an hour/);
    // Not the generic "wrong password, I will send a link" of no_blocker_found.
    expect(script).not.toHaveTextContent(/most likely cause/);
    const send = within(card).getByRole('button', { name: 'Send reset link' });
    expect(send).toBeEnabled();
    expect(within(card).getByTestId('already-sent')).toHaveTextContent(
      `Already sent at ${formatTime(sentAt, 'en')}`,
    );
  });

  it('no_blocker_found after a fix: the reset link is offered, not pressed for, and the script says so', () => {
    const afterFix = FINDINGS.no_blocker_found;
    renderCard({
      ...afterFix,
      actions: afterFix.actions.map((a) => ({ ...a, offeredOnly: true as const })),
      scriptKey: 'no_blocker_found_after_fix',
    });
    const send = screen.getByRole('button', { name: 'Send reset link' });
    expect(send).toHaveAttribute('data-variant', 'light');
    expect(screen.getByTestId('customer-script')).toHaveTextContent(
      /Nothing else is blocking your account now/,
    );
  });

  it('no_blocker_found with no fix behind it: the reset link is the primary fix', () => {
    renderCard(FINDINGS.no_blocker_found);
    expect(screen.getByRole('button', { name: 'Send reset link' })).toHaveAttribute(
      'data-variant',
      'filled',
    );
  });

  it('recent_support_action: after a detach, no link was sent, so none is said to be', () => {
    const detached = {
      ...FINDINGS.recent_support_action,
      facts: {
        ...FINDINGS.recent_support_action.facts,
        outcome: 'detached',
        resetLinkSentAt: null,
      },
      scriptKey: 'recent_support_action.detached',
    } satisfies Finding;
    const { card } = renderCard(detached);
    expect(card).toHaveTextContent(
      `Team-member login detached at ${formatTime(detached.facts.at, 'en')} by you`,
    );
    expect(card).not.toHaveTextContent(/Another reset link/);
    expect(within(card).queryByTestId('already-sent')).toBeNull();
    expect(screen.getByTestId('customer-script')).toHaveTextContent(
      /removed your team-member login from the other account/,
    );
  });

  it('a reset link sent lately shows beside the button wherever it is offered', () => {
    const sentAt = NOW - 10 * 60_000;
    const { card } = renderCard(FINDINGS.login_locked, {
      logins: [{ ...OWNER, resetLinkSentAt: sentAt }],
    });
    expect(within(card).getByTestId('already-sent')).toHaveTextContent(
      `Already sent at ${formatTime(sentAt, 'en')}`,
    );
  });
});
