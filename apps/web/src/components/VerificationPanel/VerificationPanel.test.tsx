import { render as rtlRender, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { Providers } from '../../app/providers.tsx';
import type { DiagnosedLogin } from '../../lib/actions.ts';
import { formatTime } from '../../lib/format.ts';
import {
  DUAL_MEMBER,
  DUAL_OWNER,
  diagnosisOf,
  NOW,
  OWNER,
  passFor,
} from '../FindingCard/fixtures.ts';
import { type CheckResult, VerificationPanel } from './VerificationPanel.tsx';

function renderPanel({
  logins = [OWNER],
  ticketRef = 'T-1',
  diagnosis = diagnosisOf(logins, []),
  onCheck = vi.fn(async (): Promise<CheckResult> => ({ outcome: 'failed' })),
  onSendCode = vi.fn(async () => ({ sentTo: 'd•••@example.com' })),
  selected = logins[0]?.loginId ?? null,
}: {
  logins?: DiagnosedLogin[];
  ticketRef?: string;
  diagnosis?: ReturnType<typeof diagnosisOf>;
  onCheck?: ReturnType<typeof vi.fn>;
  onSendCode?: ReturnType<typeof vi.fn>;
  selected?: string | null;
} = {}) {
  const onSelectLogin = vi.fn();
  render(
    <VerificationPanel
      logins={logins}
      verification={diagnosis.verification}
      selectedLoginId={selected}
      onSelectLogin={onSelectLogin}
      ticketRef={ticketRef}
      onCheck={onCheck as never}
      onSendCode={onSendCode as never}
      now={NOW}
    />,
  );
  return { onCheck, onSendCode, onSelectLogin };
}

describe('VerificationPanel', () => {
  it('starts unverified, with the methods on file as tabs and the ticket', () => {
    renderPanel();
    expect(screen.getByTestId('verification-state')).toHaveTextContent('Unverified');
    expect(screen.getByRole('tab', { name: 'Card' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Address' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Email code' })).toBeInTheDocument();
    expect(screen.getByText('T-1').parentElement).toHaveTextContent(/^Ticket T-1$/);
  });

  it('shows verified until HH:MM with the time left, for a pass on this ticket', () => {
    const pass = passFor(OWNER, 'T-1', NOW + 10 * 60_000);
    renderPanel({ diagnosis: diagnosisOf([OWNER], [], { passes: [pass] }) });
    expect(screen.getByTestId('verification-state')).toHaveTextContent(
      `Verified until ${formatTime(pass.expiresAt, 'en')}`,
    );
    expect(screen.getByText('10:00 left')).toBeInTheDocument();
  });

  it('does not count a pass made on another ticket', () => {
    renderPanel({ diagnosis: diagnosisOf([OWNER], [], { passes: [passFor(OWNER, 'OTHER')] }) });
    expect(screen.getByTestId('verification-state')).toHaveTextContent('Unverified');
    expect(screen.getByText('OTHER').parentElement).toHaveTextContent(
      /^Verified on ticket OTHER, which is not this ticket\.$/,
    );
  });

  it('shows locked until HH:MM and refuses new attempts', () => {
    const lockedUntil = NOW + 3_600_000;
    renderPanel({
      diagnosis: diagnosisOf([OWNER], [], { lockedUntil: { [OWNER.accountId]: lockedUntil } }),
    });
    expect(screen.getByTestId('verification-state')).toHaveTextContent(
      `Locked until ${formatTime(lockedUntil, 'en')}`,
    );
    expect(screen.getByLabelText('Last 4 digits of the card')).toBeDisabled();
    // What to say to the caller, with the time the lock lifts.
    expect(screen.getByTestId('locked-script')).toHaveTextContent(
      `We can try again after ${formatTime(lockedUntil, 'en')}.`,
    );
  });

  it('says how many tries are used on the account before the lock (issue 13)', () => {
    renderPanel({
      diagnosis: diagnosisOf([OWNER], [], { failedTries: { [OWNER.accountId]: 2 } }),
    });
    expect(screen.getByTestId('tries-used')).toHaveTextContent(
      '2 of 3 tries used on this account in the last hour',
    );
  });

  it('needs the ticket reference before any attempt', () => {
    renderPanel({ ticketRef: '  ' });
    expect(screen.getByText('Enter the ticket reference to verify the caller.')).toBeVisible();
    expect(screen.getByLabelText('Last 4 digits of the card')).toBeDisabled();
  });

  it('offers a team member the email code only', async () => {
    const { onSelectLogin } = renderPanel({
      logins: [DUAL_OWNER, DUAL_MEMBER],
      selected: DUAL_MEMBER.loginId,
    });
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Email code']);
    expect(screen.getByText(/only be verified with an email code/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /Owner of acc_dualown01/ }));
    expect(onSelectLogin).toHaveBeenCalledWith(DUAL_OWNER.loginId);
  });

  it('sends the card digits once, clears them, and never shows them again', async () => {
    const onCheck = vi.fn(async (): Promise<CheckResult> => ({ outcome: 'failed' }));
    renderPanel({ onCheck });
    const input = screen.getByLabelText('Last 4 digits of the card');
    await userEvent.type(input, '4242{Enter}');
    expect(onCheck).toHaveBeenCalledWith(OWNER, { method: 'card_last4', last4: '4242' });
    expect(input).toHaveValue('');
    expect(await screen.findByText(/does not match what is on file/)).toBeInTheDocument();
    expect(screen.getByTestId('verification-outcome')).toHaveAttribute('aria-live', 'polite');
    expect(document.body).not.toHaveTextContent('4242');
  });

  it('says passed, or locked with the time, never which part was wrong', async () => {
    const expiresAt = NOW + 15 * 60_000;
    const onCheck = vi
      .fn<() => Promise<CheckResult>>()
      .mockResolvedValueOnce({ outcome: 'locked', lockedUntil: NOW + 3_600_000 })
      .mockResolvedValueOnce({ outcome: 'passed', expiresAt });
    renderPanel({ onCheck });
    await userEvent.click(screen.getByRole('tab', { name: 'Address' }));
    await userEvent.type(screen.getByLabelText('Postal code'), '75011');
    await userEvent.type(screen.getByLabelText('First line of the address'), '10 Rue Oberkampf');
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(onCheck).toHaveBeenCalledWith(OWNER, {
      method: 'billing_address',
      postalCode: '75011',
      line1: '10 Rue Oberkampf',
    });
    expect(
      await screen.findByText(new RegExp(`Locked until ${formatTime(NOW + 3_600_000, 'en')}`)),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Postal code')).toHaveValue('');
    expect(screen.getByLabelText('First line of the address')).toHaveValue('');
    expect(document.body).not.toHaveTextContent('Oberkampf');

    await userEvent.click(screen.getByRole('tab', { name: 'Card' }));
    await userEvent.type(screen.getByLabelText('Last 4 digits of the card'), '4242{Enter}');
    expect(
      await screen.findByText(
        `Passed. The caller is verified until ${formatTime(expiresAt, 'en')}.`,
      ),
    ).toBeInTheDocument();
  });

  it('sends an email code, says where (masked), then takes the 6 digits', async () => {
    const onSendCode = vi.fn(async () => ({ sentTo: 'd•••@example.com' }));
    const onCheck = vi.fn(async (): Promise<CheckResult> => ({ outcome: 'failed' }));
    renderPanel({ logins: [DUAL_MEMBER], onSendCode, onCheck });
    expect(screen.queryByLabelText('6-digit code from the email')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }));
    expect(onSendCode).toHaveBeenCalledWith(DUAL_MEMBER);
    expect(await screen.findByText(/Code sent to d•••@example.com/)).toBeInTheDocument();
    const input = screen.getByLabelText('6-digit code from the email');
    await userEvent.type(input, '123456{Enter}');
    await waitFor(() =>
      expect(onCheck).toHaveBeenCalledWith(DUAL_MEMBER, { method: 'email_code', code: '123456' }),
    );
    expect(input).toHaveValue('');
  });

  it('moves the focus to the first field of the form when asked (Verify now, Enter in the ticket)', async () => {
    const diagnosis = diagnosisOf([DUAL_OWNER, DUAL_MEMBER], []);
    const panel = (focusRequest: number, selected: string) => (
      <VerificationPanel
        logins={[DUAL_OWNER, DUAL_MEMBER]}
        verification={diagnosis.verification}
        selectedLoginId={selected}
        onSelectLogin={vi.fn()}
        ticketRef="T-1"
        onCheck={vi.fn()}
        onSendCode={vi.fn()}
        now={NOW}
        focusRequest={focusRequest}
      />
    );
    const { rerender } = rtlRender(panel(0, DUAL_OWNER.loginId), {
      wrapper: ({ children }) => <Providers>{children}</Providers>,
    });
    // Nothing moves on the first render: the lookup box keeps the focus.
    expect(screen.getByLabelText('Last 4 digits of the card')).not.toHaveFocus();
    rerender(panel(1, DUAL_OWNER.loginId));
    await waitFor(() => expect(screen.getByLabelText('Last 4 digits of the card')).toHaveFocus());
    // Verify now for the team-member login: its form (email code only) starts with sending one.
    rerender(panel(2, DUAL_MEMBER.loginId));
    await waitFor(() => expect(screen.getByRole('button', { name: /Send .*code/i })).toHaveFocus());
  });
});
