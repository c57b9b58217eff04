import { notifications } from '@mantine/notifications';
import { act, render, screen } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient, Providers } from './providers.tsx';

const unauthenticated = () =>
  TRPCClientError.from({
    error: { message: 'Sign in first.', code: -32001, data: { reason: 'UNAUTHENTICATED' } },
  });

/** A query the server refuses for want of a session. */
async function refuse(client: ReturnType<typeof createQueryClient>, key: unknown[]) {
  await client
    .fetchQuery({ queryKey: key, queryFn: () => Promise.reject(unauthenticated()), retry: false })
    .catch(() => {});
}

describe('a refusal for want of a session', () => {
  it('on a first visit (never signed in) is no "session ended"', async () => {
    const onUnauthenticated = vi.fn();
    const client = createQueryClient(onUnauthenticated);
    await refuse(client, [['auth', 'me'], { type: 'query' }]);
    expect(onUnauthenticated).toHaveBeenCalledWith(false);
  });

  it('after having been signed in is a session that ended', async () => {
    const onUnauthenticated = vi.fn();
    const client = createQueryClient(onUnauthenticated);
    client.setQueryData([['auth', 'me'], { type: 'query' }], { staff: { id: 'stf_abcd1234' } });
    await refuse(client, [['accounts', 'diagnose'], { type: 'query' }]);
    expect(onUnauthenticated).toHaveBeenCalledWith(true);
  });
});

describe('notifications', () => {
  it('appear bottom right, away from the header controls they used to cover', async () => {
    render(<Providers>{null}</Providers>);
    act(() => {
      notifications.show({ message: 'Reset link sent' });
    });
    const toast = await screen.findByText('Reset link sent');
    expect(toast.closest('[data-position]')).toHaveAttribute('data-position', 'bottom-right');
  });
});
