import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW, type TimelineEntry } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { Timeline } from './Timeline.tsx';

const entries: TimelineEntry[] = [
  {
    kind: 'event',
    id: 'evt_1',
    at: NOW - 3 * 3_600_000,
    action: 'verification.check',
    outcome: 'failed',
    reason: null,
    staffId: 'stf_a',
    staffName: 'Alex Agent',
    ticketRef: 'TCK-1',
    loginId: 'lgn_owner0001',
  },
  {
    kind: 'email',
    id: 'out_1',
    at: NOW - 60_000,
    template: 'account_reactivated',
    to: 'o•••@example.com',
    status: 'sent',
    sentAt: NOW - 30_000,
  },
  {
    kind: 'event',
    id: 'evt_2',
    at: NOW - 2 * 60_000,
    action: 'account.reactivate',
    outcome: 'refused',
    reason: 'VERIFICATION_REQUIRED',
    staffId: 'stf_a',
    staffName: 'Alex Agent',
    ticketRef: 'TCK-2',
    loginId: null,
  },
];

describe('Timeline', () => {
  it('lists events and emails newest first with who, when, ticket and outcome', () => {
    render(<Timeline entries={entries} now={NOW} />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(
      within(items[0] as HTMLElement).getByText('Email: Account reactivated'),
    ).toBeInTheDocument();
    expect(within(items[0] as HTMLElement).getByText('Sent')).toBeInTheDocument();
    expect(within(items[0] as HTMLElement).getByText(/to o•••@example\.com/)).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText('Account reactivated')).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText('Refused')).toBeInTheDocument();
    expect(
      within(items[1] as HTMLElement).getByText('Verify the caller first.'),
    ).toBeInTheDocument();
    expect(items[1]).toHaveTextContent(/ticket TCK-2/);
    expect(within(items[2] as HTMLElement).getByText('Caller verification')).toBeInTheDocument();
    expect(within(items[2] as HTMLElement).getByText('Failed')).toBeInTheDocument();
    expect(within(items[2] as HTMLElement).getByText(/by Alex Agent/)).toBeInTheDocument();
    expect(within(items[2] as HTMLElement).getByText('(3 hours ago)')).toBeInTheDocument();
  });

  it('says when nothing has happened yet', () => {
    render(<Timeline entries={[]} now={NOW} />);
    expect(screen.getByText('No events or emails for this account yet.')).toBeInTheDocument();
  });
});
