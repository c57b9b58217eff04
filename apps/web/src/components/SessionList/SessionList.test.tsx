import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { SessionList, type StaffSession } from './SessionList.tsx';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const MINUTE = 60_000;

function session(overrides: Partial<StaffSession> = {}): StaffSession {
  return {
    id: 'a'.repeat(32),
    device: { browser: 'Chrome', os: 'Linux' },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0',
    ip: '203.0.113.7',
    lastIp: '203.0.113.7',
    createdAt: NOW - 90 * MINUTE,
    lastSeenAt: NOW - 2 * MINUTE,
    current: true,
    ...overrides,
  };
}

const items = [
  session(),
  session({
    id: 'b'.repeat(32),
    device: { browser: 'Firefox', os: 'Windows' },
    ip: '198.51.100.4',
    lastIp: '192.0.2.99',
    current: false,
  }),
  session({
    id: 'c'.repeat(32),
    device: { browser: null, os: null },
    userAgent: '',
    current: false,
  }),
];

function rowOf(text: string) {
  return screen.getByText(text).closest('tr') as HTMLElement;
}

afterEach(() => setLanguage('en'));

describe('SessionList', () => {
  it('names each session by device and address, marks this one, and says where it was last seen from', () => {
    render(<SessionList items={items} now={NOW} onEnd={() => {}} />);
    expect(within(rowOf('Chrome on Linux')).getByText('This session')).toBeVisible();
    expect(within(rowOf('Chrome on Linux')).getByText('203.0.113.7')).toBeVisible();
    expect(within(rowOf('Firefox on Windows')).queryByText('This session')).toBeNull();
    expect(within(rowOf('Firefox on Windows')).getByText('198.51.100.4')).toBeVisible();
    expect(
      within(rowOf('Firefox on Windows')).getByText('last seen from 192.0.2.99'),
    ).toBeVisible();
    expect(screen.getByText('Unknown device')).toBeVisible();
    // Started and last seen, as exact instants.
    expect(rowOf('Chrome on Linux').querySelectorAll('time')).toHaveLength(2);
  });

  it('ends a session by click or keyboard, each button naming its device', async () => {
    const user = userEvent.setup();
    const onEnd = vi.fn();
    render(<SessionList items={items} now={NOW} onEnd={onEnd} />);
    await user.click(screen.getByRole('button', { name: 'End the session on Firefox on Windows' }));
    expect(onEnd).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'b'.repeat(32) }));

    const current = screen.getByRole('button', {
      name: 'End this session on Chrome on Linux and sign out',
    });
    current.focus();
    await user.keyboard('{Enter}');
    expect(onEnd).toHaveBeenLastCalledWith(expect.objectContaining({ current: true }));
  });

  it('shows a busy button while its session is being ended', () => {
    render(<SessionList items={items} now={NOW} busyId={'b'.repeat(32)} onEnd={() => {}} />);
    expect(
      screen.getByRole('button', { name: 'End the session on Firefox on Windows' }),
    ).toHaveAttribute('data-loading', 'true');
  });

  it('speaks French', () => {
    setLanguage('fr');
    render(<SessionList items={items} now={NOW} onEnd={() => {}} />);
    expect(within(rowOf('Chrome sous Linux')).getByText('Cette session')).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'Fermer la session sur Firefox sous Windows' }),
    ).toBeVisible();
    expect(screen.getByText('Appareil inconnu')).toBeVisible();
  });

  it('says when there is no open session', () => {
    render(<SessionList items={[]} now={NOW} onEnd={() => {}} />);
    expect(screen.getByText('No open session.')).toBeVisible();
  });
});
