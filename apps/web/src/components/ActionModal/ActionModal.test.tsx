import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { actionStates, type Finding } from '../../lib/actions.ts';
import {
  canAs,
  DUAL_MEMBER,
  DUAL_OWNER,
  diagnosisOf,
  FINDINGS,
  NOW,
  OWNER,
  passFor,
} from '../FindingCard/fixtures.ts';
import { ActionModal, type ActionRequest, type ConfirmInput } from './ActionModal.tsx';

function requestFor(
  finding: Finding,
  logins = [OWNER],
  verified = logins,
  index = 0,
): ActionRequest {
  const diagnosis = diagnosisOf(logins, [finding], {
    passes: verified.map((login) => passFor(login)),
  });
  const state = actionStates(finding, {
    diagnosis,
    ticketRef: 'T-1',
    now: NOW,
    can: canAs('agent'),
  })[index];
  if (!state) throw new Error('no such action');
  return {
    state,
    finding,
    login: logins.find((l) => l.loginId === state.action.loginId),
    account: diagnosis.accounts.find((a) => a.accountId === state.action.accountId),
    ticketRef: 'T-1',
  };
}

type OnConfirm = (request: ActionRequest, input: ConfirmInput) => Promise<unknown>;

function renderModal(request: ActionRequest, onConfirm = vi.fn<OnConfirm>(async () => undefined)) {
  render(<ActionModal request={request} onClose={vi.fn()} onConfirm={onConfirm} pending={false} />);
  return { onConfirm, consequences: () => screen.getByTestId('consequences') };
}

const reactivatable = FINDINGS.deactivated_reactivatable;

describe('ActionModal', () => {
  it('reactivate: active again, the days that were left, what comes back, who is emailed', async () => {
    const { consequences } = renderModal(requestFor(reactivatable));
    expect(await screen.findByRole('dialog', { name: 'Reactivate this account?' })).toBeVisible();
    const text = consequences();
    expect(text).toHaveTextContent('The account becomes active again.');
    expect(text).toHaveTextContent('The plan stays: Paid plan.');
    expect(text).toHaveTextContent('110 days were left in the 120-day window');
    expect(text).toHaveTextContent('1,840 contacts, 6 lists, 42 campaigns');
    expect(text).toHaveTextContent('An email tells the owner at c•••@example.com.');
    expect(text).toHaveTextContent('Ticket T-1');
  });

  it('reactivate: an unpaid account comes back limited', async () => {
    const finding = {
      ...reactivatable,
      facts: { ...reactivatable.facts, reason: 'non_payment', statusAfter: 'limited' },
      scriptKey: 'deactivated_reactivatable.non_payment',
    } satisfies Finding;
    const { consequences } = renderModal(requestFor(finding));
    await screen.findByRole('dialog');
    expect(consequences()).toHaveTextContent(
      'The account comes back limited: the unpaid balance is still due',
    );
    expect(consequences()).not.toHaveTextContent('becomes active');
  });

  it('reactivate: an expired trial comes back on the free plan', async () => {
    const finding = {
      ...reactivatable,
      facts: { ...reactivatable.facts, reason: 'trial_expired', planAfter: 'free' },
      scriptKey: 'deactivated_reactivatable.trial_expired',
    } satisfies Finding;
    const request = requestFor(finding);
    // The account as the server sends it for an expired trial: still on the trial plan.
    const account = request.account && { ...request.account, plan: 'trial' as const };
    const { consequences } = renderModal({ ...request, account });
    await screen.findByRole('dialog');
    expect(consequences()).toHaveTextContent('The account becomes active again.');
    expect(consequences()).toHaveTextContent('The plan becomes: Free plan.');
    expect(consequences()).not.toHaveTextContent('The plan stays');
  });

  it('detach: which login leaves which account, and that its owner is emailed', async () => {
    const { consequences } = renderModal(
      requestFor(FINDINGS.ambiguous_login, [DUAL_OWNER, DUAL_MEMBER], [DUAL_OWNER]),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Detach this team-member login?' }),
    ).toBeVisible();
    expect(consequences()).toHaveTextContent(
      'The team-member login dual.role@example.com is removed from account acc_dualmem01.',
    );
    expect(consequences()).toHaveTextContent(
      'The owner of acc_dualmem01 (c•••@example.com) is emailed who was removed and why',
    );
  });

  it('unlock: the lock is cleared, with an optional reset link', async () => {
    const { consequences, onConfirm } = renderModal(requestFor(FINDINGS.login_locked));
    await screen.findByRole('dialog', { name: 'Unlock this login?' });
    expect(consequences()).toHaveTextContent('The lock on cancelled.recent@example.com is cleared');
    expect(consequences()).toHaveTextContent('goes to the address on file (c•••@example.com)');
    const box = screen.getByRole('checkbox', { name: /Also send a link/ });
    expect(box).toBeChecked();
    await userEvent.click(box);
    expect(consequences()).not.toHaveTextContent('address on file');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(onConfirm.mock.calls[0]?.[1]).toMatchObject({ sendResetLink: false });
  });

  it('unlock refused by the reset-link limit: no retry with the link, one without it', async () => {
    const onConfirm = vi.fn<OnConfirm>(async () => undefined);
    render(
      <ActionModal
        request={requestFor(FINDINGS.login_locked)}
        onClose={vi.fn()}
        onConfirm={onConfirm}
        pending={false}
        error="Three reset links were already sent for this login in the last hour: the next one can go at 14:06."
        resetLinkLimited
      />,
    );
    await screen.findByRole('dialog', { name: 'Unlock this login?' });
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /Also send a link/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onConfirm.mock.calls[0]?.[1]).toMatchObject({ sendResetLink: false });
  });

  it('send reset link: where, single use, one hour', async () => {
    const { consequences } = renderModal(requestFor(FINDINGS.login_locked, [OWNER], [], 1));
    await screen.findByRole('dialog', { name: 'Send a password reset link?' });
    expect(consequences()).toHaveTextContent('(c•••@example.com)');
    expect(consequences()).toHaveTextContent('works once, within 1 hour');
  });

  it('lifting a suspicious-activity block needs a note', async () => {
    const request = requestFor(FINDINGS.suspicious_activity);
    render(<ActionModal request={request} onClose={vi.fn()} onConfirm={vi.fn()} pending={false} />);
    const confirm = await screen.findByRole('button', { name: 'Lift block' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Why it is lifted/ }),
      'Caller verified by phone',
    );
    expect(confirm).toBeEnabled();
  });

  it('keeps one idempotency key for every confirm of one opening', async () => {
    const keys: string[] = [];
    let fail = true;
    const onConfirm = vi.fn<OnConfirm>(async (_request, input) => {
      keys.push(input.idempotencyKey);
      if (fail) {
        fail = false;
        throw new Error('network down');
      }
    });
    renderModal(requestFor(reactivatable), onConfirm);
    const confirm = await screen.findByRole('button', { name: 'Reactivate' });
    await userEvent.click(confirm);
    await userEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('ignores a second click while the first confirm is on its way', async () => {
    let finish: () => void = () => {};
    const onConfirm = vi.fn<OnConfirm>(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    renderModal(requestFor(reactivatable), onConfirm);
    const confirm = await screen.findByRole('button', { name: 'Reactivate' });
    await userEvent.dblClick(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    finish();
    await waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
  });

  it('a new opening gets a new key', async () => {
    const onConfirm = vi.fn(async () => undefined);
    const request = requestFor(reactivatable);
    const view = render(
      <ActionModal request={request} onClose={vi.fn()} onConfirm={onConfirm} pending={false} />,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Reactivate' }));
    view.unmount();
    render(
      <ActionModal
        request={{ ...request }}
        onClose={vi.fn()}
        onConfirm={onConfirm}
        pending={false}
      />,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Reactivate' }));
    const [first, second] = onConfirm.mock.calls.map(
      (call) => (call as unknown[])[1] as ConfirmInput,
    );
    expect(first?.idempotencyKey).not.toBe(second?.idempotencyKey);
  });
});
