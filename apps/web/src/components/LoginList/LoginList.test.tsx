import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { login, NOW } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { LoginList, lookupHref } from './LoginList.tsx';

describe('LoginList', () => {
  const logins = [
    login(),
    login({
      id: 'lgn_member0001',
      identifier: 'helper@example.com',
      role: 'team_member',
      locked: true,
      lockedUntil: NOW + 10 * 60_000,
      failedAttempts: 5,
    }),
    login({
      id: 'lgn_member0002',
      identifier: 'jdupont',
      identifierKind: 'username',
      role: 'team_member',
      locked: true,
      lockPermanent: true,
      lockedUntil: null,
      lockoutCount: 3,
    }),
    login({
      id: 'lgn_member0003',
      identifier: 'gone@example.com',
      role: 'team_member',
      removedAt: NOW - 86_400_000,
    }),
  ];

  it('lists each login with kind, role, lock state and removal', () => {
    render(<LoginList logins={logins} ticket={null} now={NOW} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    expect(within(rows[0] as HTMLElement).getByText('Owner')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('Not locked')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('Team member')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('Locked')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('(in 10 minutes)')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('Failed passwords: 5')).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Username')).toBeInTheDocument();
    expect(
      within(rows[2] as HTMLElement).getByText('Locked until support unlocks it'),
    ).toBeInTheDocument();
    expect(within(rows[3] as HTMLElement).getByText('Removed')).toBeInTheDocument();
    expect(within(rows[3] as HTMLElement).getByText('(yesterday)')).toBeInTheDocument();
  });

  it('links each login to its diagnosis, keeping the ticket', () => {
    render(<LoginList logins={logins} ticket="TCK-42" now={NOW} />);
    const link = screen.getByRole('link', { name: /helper@example\.com/ });
    expect(link).toHaveAttribute('href', '/?q=helper%40example.com&ticket=TCK-42');
    expect(lookupHref('jdupont', null)).toBe('/?q=jdupont');
  });

  it('says when there are no logins', () => {
    render(<LoginList logins={[]} ticket={null} now={NOW} />);
    expect(screen.getByText('This account has no logins.')).toBeInTheDocument();
  });
});
