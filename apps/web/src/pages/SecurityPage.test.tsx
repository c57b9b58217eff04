import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, refusal } from '../../test/fake-api.ts';
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

const ME = {
  staff: { id: 'stf_lead0001', email: 'lead@lifeline.test', displayName: 'Lou Lead', role: 'lead' },
  capabilities: [],
  secondFactorPending: false,
  enrolmentRequired: false,
  mfa: 'optional',
  factorCount: 1,
  stepUp: { methods: ['totp', 'recovery_code'], freshUntil: null, needed: true },
};

const FACTOR = {
  id: 'fac_totp0001',
  kind: 'totp',
  label: 'Phone',
  createdAt: NOW - 86_400_000,
  lastUsedAt: null,
};

/**
 * The server: the sessions (less those ended), the factors and `auth.me` by default; `answer`
 * says the rest. What was called, in order.
 */
function serve(answer: (procedure: string, input: unknown) => unknown) {
  const ended: string[] = [];
  const api = fakeApi((procedure, input) => {
    if (procedure === 'auth.endSession') ended.push((input as { sessionId: string }).sessionId);
    const given = answer(procedure, input);
    if (given !== undefined) return given;
    if (procedure === 'auth.sessions') {
      return { items: sessions.filter((s) => !ended.includes(s.id)) };
    }
    if (procedure === 'auth.factors.list') {
      return { factors: [FACTOR], recoveryCodesLeft: 10, mfa: 'optional' };
    }
    if (procedure === 'auth.me') return ME;
    return undefined;
  });
  return { ended, ...api };
}

afterEach(() => vi.restoreAllMocks());

describe('SecurityPage', () => {
  it('ends another session at once, and lists what is left', async () => {
    const server = serve((procedure) =>
      procedure === 'auth.endSession' ? { current: false } : undefined,
    );
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
    const server = serve((procedure) =>
      procedure === 'auth.endSession' ? { current: true } : undefined,
    );
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

  it('removes a second factor through the step-up modal: the refused call goes again once, after the code', async () => {
    let removals = 0;
    const server = serve((procedure) => {
      if (procedure === 'auth.factors.remove') {
        removals += 1;
        return removals === 1 ? refusal('STEP_UP_REQUIRED') : { ok: true };
      }
      if (procedure === 'auth.verifySecondFactor') return { staff: ME.staff, method: 'totp' };
      return undefined;
    });
    render(<SecurityPage />, { route: '/security' });
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Phone' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Remove' }));

    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    const code = await within(stepUp).findByRole('textbox', {
      name: /Code from your authenticator app/,
    });
    await waitFor(() => expect(code).toHaveFocus());
    await userEvent.type(code, '123 456{Enter}');

    expect(await screen.findByText('It no longer signs you in.')).toBeVisible();
    const asked = server.calls.map((call) => call.procedure);
    expect(asked.filter((p) => p === 'auth.factors.remove')).toHaveLength(2);
    expect(server.calls.find((c) => c.procedure === 'auth.verifySecondFactor')?.input).toEqual({
      method: 'totp',
      code: '123456',
    });
    expect(asked.indexOf('auth.verifySecondFactor')).toBeLessThan(
      asked.lastIndexOf('auth.factors.remove'),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Confirm it’s you' })).toBeNull(),
    );
  });

  it('lets the refusal through when the step-up is cancelled', async () => {
    const server = serve((procedure) =>
      procedure === 'auth.factors.remove' ? refusal('STEP_UP_REQUIRED') : undefined,
    );
    render(<SecurityPage />, { route: '/security' });
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Phone' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await userEvent.click(within(stepUp).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('The change was refused')).toBeVisible();
    expect(server.calls.filter((c) => c.procedure === 'auth.factors.remove')).toHaveLength(1);
  });
});
