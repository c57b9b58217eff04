import { DAY } from '@lifeline/domain';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  activeAccount,
  deactivatedAccount,
  limitedAccount,
  NOW,
  purgedAccount,
} from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { AccountSummary } from './AccountSummary.tsx';

describe('AccountSummary', () => {
  it('shows the id with a copy button, the status in words and the plan', () => {
    render(<AccountSummary account={activeAccount()} now={NOW} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Account' })).toBeInTheDocument();
    expect(screen.getByText('acc_8f3kq2m9x7')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy account id' })).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('Paid plan')).toBeInTheDocument();
    expect(screen.getByText('1,840')).toBeInTheDocument();
    // Nothing about windows or dunning on a healthy account.
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('shows the 120-day window of a deactivated account as a labelled bar', () => {
    render(<AccountSummary account={deactivatedAccount()} now={NOW} />);
    // The status badge, and the date the window counts from.
    expect(screen.getAllByText('Deactivated')).toHaveLength(2);
    expect(screen.getByText('Cancelled by its holder')).toBeInTheDocument();
    expect(screen.getByText('(10 days ago)')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Days left in the 120-day window' });
    expect(bar).toHaveAttribute('aria-valuenow', '110');
    expect(bar).toHaveAttribute('aria-valuemax', '120');
    expect(bar).toHaveAttribute('aria-valuetext', '110 of 120 days left');
    expect(screen.getByText('110 of 120 days left')).toBeInTheDocument();
  });

  it('says the window has closed instead of showing an empty bar', () => {
    render(
      <AccountSummary
        account={deactivatedAccount({
          daysLeft: 0,
          purgeAfter: NOW - 3_600_000,
          reactivation: { allowed: false, refusal: 'WINDOW_CLOSED' },
        })}
        now={NOW}
      />,
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByText(/can no longer be reactivated/)).toBeInTheDocument();
  });

  it('says a terms-of-service closure cannot be reactivated here', () => {
    render(
      <AccountSummary
        account={deactivatedAccount({
          deactivationReason: 'terms_violation',
          daysLeft: 115,
          reactivation: { allowed: false, refusal: 'NOT_REACTIVATABLE' },
        })}
        now={NOW}
      />,
    );
    expect(screen.getByText('Terms of service violation')).toBeInTheDocument();
    expect(screen.getByText(/cannot be reactivated from the console/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says an account with no recorded reason cannot be reactivated here either', () => {
    render(
      <AccountSummary
        account={deactivatedAccount({
          deactivationReason: null,
          reactivation: { allowed: false, refusal: 'NOT_REACTIVATABLE' },
        })}
        now={NOW}
      />,
    );
    expect(screen.getByText(/cannot be reactivated from the console/)).toBeInTheDocument();
    expect(screen.getByText(/no reason was recorded/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says the payment period restarted when a reactivation restarted it, not that a charge failed', () => {
    render(
      <AccountSummary
        account={limitedAccount({
          paymentFailedAt: NOW - 60_000,
          dunning: {
            dayOfDunning: 1,
            deactivatesAt: NOW + 90 * DAY,
            nextRetryAt: NOW + 3 * DAY,
            retriesDone: 0,
            startedBy: 'reactivation',
          },
        })}
        now={NOW}
      />,
    );
    expect(screen.getByText('Payment period restarted')).toBeVisible();
    expect(screen.queryByText('First failed charge')).toBeNull();
    expect(screen.getByText(/started again on reactivation/)).toBeVisible();
  });

  it('shows the dunning facts of a limited account: balance, day N of 90, deactivation date', () => {
    render(<AccountSummary account={limitedAccount()} now={NOW} />);
    expect(screen.getByText('Limited')).toBeInTheDocument();
    expect(screen.getByText('€29.00')).toBeInTheDocument();
    expect(screen.getByText('Day 21 of 90')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Days into the 90-day payment period' });
    expect(bar).toHaveAttribute('aria-valuenow', '21');
    expect(bar).toHaveAttribute('aria-valuemax', '90');
    const deactivates = screen.getByText('Deactivated if unpaid on').parentElement as HTMLElement;
    expect(within(deactivates).getByText(/2027/)).toBeInTheDocument();
    expect(screen.getByText('(in 10 days)')).toBeInTheDocument();
  });

  it('shows a purged account as a tombstone with nothing to restore', () => {
    render(<AccountSummary account={purgedAccount()} now={NOW} />);
    expect(screen.getByText('Purged')).toBeInTheDocument();
    expect(screen.getByText('Purged on 4 Sept 2026; nothing to restore.')).toBeInTheDocument();
    expect(screen.getByText(/may sign up again/)).toBeInTheDocument();
    expect(screen.queryByText('Customer data')).not.toBeInTheDocument();
    expect(screen.queryByText('Created')).not.toBeInTheDocument();
  });
});
