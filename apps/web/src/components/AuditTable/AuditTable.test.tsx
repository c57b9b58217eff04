import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { auditItem, LEAD_NOW } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { splitDetails } from './AuditDetails.tsx';
import { AuditTable } from './AuditTable.tsx';

const items = [
  auditItem(),
  auditItem({
    id: 40,
    outcome: 'refused',
    reason: 'WINDOW_CLOSED',
    ticketRef: 'TCK-1006',
    details: { message: 'The 120-day reactivation window has closed.' },
  }),
  auditItem({
    id: 39,
    action: 'verification.check',
    outcome: 'failed',
    accountId: 'acc_owner0001',
    details: { method: 'card_last4', outcome: 'failed' },
  }),
  auditItem({ id: 38, action: 'verification.check', outcome: 'locked', details: {} }),
  auditItem({ id: 37, action: 'auth.login', outcome: 'succeeded', accountId: null, details: {} }),
];

describe('AuditTable', () => {
  it('shows one row per event with the action in words and the outcome as a badge', () => {
    render(<AuditTable items={items} now={LEAD_NOW} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    const [reactivated, refused, failed, locked, login] = rows as HTMLElement[];
    expect(within(reactivated as HTMLElement).getByText('Reactivated an account')).toBeVisible();
    expect(within(reactivated as HTMLElement).getByText('Succeeded')).toBeVisible();
    expect(within(reactivated as HTMLElement).getByText('TCK-1001')).toBeVisible();
    expect(within(reactivated as HTMLElement).getByText('Alex Agent')).toBeVisible();
    expect(
      within(reactivated as HTMLElement).getByRole('link', { name: /acc_recent0001/ }),
    ).toHaveAttribute('href', '/accounts/acc_recent0001');
    // A refusal says so in words, with its stable reason.
    expect(within(refused as HTMLElement).getByText('Refused')).toBeVisible();
    expect(within(refused as HTMLElement).getByText('WINDOW_CLOSED')).toBeVisible();
    expect(within(failed as HTMLElement).getByText('Verified a caller')).toBeVisible();
    expect(within(failed as HTMLElement).getByText('Failed')).toBeVisible();
    expect(within(locked as HTMLElement).getByText('Locked')).toBeVisible();
    expect(within(login as HTMLElement).getByText('Signed in')).toBeVisible();
  });

  it('opens a row to show its details: changed fields before → after, facts and raw JSON', async () => {
    const user = userEvent.setup();
    render(<AuditTable items={items} now={LEAD_NOW} />);
    const toggle = screen.getByRole('button', { name: 'Show details of event #41' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('table', { name: 'Changed fields' })).not.toBeInTheDocument();

    await user.click(toggle);
    expect(screen.getByRole('button', { name: 'Hide details of event #41' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const changes = screen.getByRole('table', { name: 'Changed fields' });
    const status = within(changes).getByText('status').closest('tr') as HTMLElement;
    expect(within(status).getByText('deactivated')).toBeVisible();
    expect(within(status).getByText('active')).toBeVisible();
    expect(within(status).getByText('changed')).toBeVisible();
    expect(screen.getByText('contacts: 120 · lists: 2')).toBeVisible();
    expect(screen.getByText('ver_recent0001')).toBeVisible();
    expect(screen.getByText('Raw JSON')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Hide details of event #41' }));
    expect(screen.queryByRole('table', { name: 'Changed fields' })).not.toBeInTheDocument();
  });

  it('explains a refusal in the opened row', async () => {
    const user = userEvent.setup();
    render(<AuditTable items={items} now={LEAD_NOW} />);
    await user.click(screen.getByRole('button', { name: 'Show details of event #40' }));
    expect(
      screen.getByText(/The 120-day window has closed: the account can no longer be reactivated/),
    ).toBeVisible();
    expect(screen.getByText('The 120-day reactivation window has closed.')).toBeVisible();
  });
});

describe('splitDetails', () => {
  it('reads both snapshot pairs and per-field { before, after } pairs as changes', () => {
    const { changes, facts } = splitDetails({
      before: { status: 'deactivated' },
      after: { status: 'active' },
      role: { before: 'agent', after: 'lead' },
      note: null,
    });
    expect(changes).toEqual([
      { field: 'status', before: 'deactivated', after: 'active' },
      { field: 'role', before: 'agent', after: 'lead' },
    ]);
    expect(facts).toEqual([['note', null]]);
  });
});
