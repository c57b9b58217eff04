import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../test/render.tsx';
import type { StaffSession } from '../components/SessionList/SessionList.tsx';
import SecurityPage from './SecurityPage.tsx';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const THIS = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);

const sessions: StaffSession[] = [
  {
    id: THIS,
    device: { browser: 'Chrome', os: 'Linux' },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0',
    ip: '203.0.113.7',
    lastIp: '203.0.113.7',
    createdAt: NOW - 3_600_000,
    lastSeenAt: NOW - 60_000,
    current: true,
  },
  {
    id: OTHER,
    device: { browser: 'Firefox', os: 'Windows' },
    userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/145.0',
    ip: '198.51.100.4',
    lastIp: '198.51.100.4',
    createdAt: NOW - 7_200_000,
    lastSeenAt: NOW - 600_000,
    current: false,
  },
];

/** The server as the console's batch link sees it: the sessions, and each ending answered. */
function serve(endResult: (sessionId: string) => { current: boolean }) {
  const ended: string[] = [];
  const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    const results = [];
    if (url.includes('auth.endSession')) {
      const body = JSON.parse(String(init?.body)) as Record<
        string,
        { json: { sessionId: string } }
      >;
      const sessionId = body['0']?.json.sessionId ?? '';
      ended.push(sessionId);
      results.push(endResult(sessionId));
    } else {
      results.push({ items: sessions.filter((s) => !ended.includes(s.id)) });
    }
    const body = results.map((data) => ({ result: { data: superjson.serialize(data) } }));
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  return { ended, fetchSpy };
}

afterEach(() => vi.restoreAllMocks());

describe('SecurityPage', () => {
  it('ends another session at once, and lists what is left', async () => {
    const server = serve(() => ({ current: false }));
    render(<SecurityPage />, { route: '/security' });
    const end = await screen.findByRole('button', {
      name: 'End the session on Firefox on Windows',
    });
    await userEvent.click(end);
    await waitFor(() => expect(server.ended).toEqual([OTHER]));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(
      await screen.findByText('The session on Firefox on Windows is signed out.'),
    ).toBeVisible();
    await waitFor(() => expect(screen.queryByText('Firefox on Windows')).toBeNull());
  });

  it('asks before ending this session, and ends nothing when cancelled', async () => {
    const server = serve(() => ({ current: true }));
    render(<SecurityPage />, { route: '/security' });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'End this session on Chrome on Linux and sign out',
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'End this session?' });
    expect(dialog).toHaveTextContent('ending it signs you out here');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.ended).toEqual([]);

    await userEvent.click(
      screen.getByRole('button', { name: 'End this session on Chrome on Linux and sign out' }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'End and sign out' }));
    await waitFor(() => expect(server.ended).toEqual([THIS]));
  });
});
