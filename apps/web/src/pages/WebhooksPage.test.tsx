import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../test/render.tsx';
import type { WebhookEndpoint } from '../components/WebhookEndpoints/WebhookEndpointTable.tsx';
import WebhooksPage from './WebhooksPage.tsx';

const NOW = Date.now();
const ENDPOINT: WebhookEndpoint = {
  id: 'whe_notes0001',
  url: 'https://notes.example.com/hook',
  description: '',
  eventTypes: ['action.succeeded'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  createdAt: NOW - 86_400_000,
  previousSecretUntil: null,
  lastDelivery: null,
};

/** The server as the console's batch link sees it: one answer per procedure in the path. */
function serve() {
  const calls: { procedure: string; input: unknown }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost');
    const procedures = url.pathname.replace(/^\/trpc\//, '').split(',');
    const inputs = init?.body
      ? (JSON.parse(String(init.body)) as Record<string, { json: unknown }>)
      : {};
    const results = procedures.map((procedure, i) => {
      calls.push({ procedure, input: inputs[String(i)]?.json });
      switch (procedure) {
        case 'auth.me':
          return {
            staff: {
              id: 'stf_admin0001',
              email: 'admin@x.test',
              displayName: 'Ada',
              role: 'admin',
            },
            capabilities: ['webhooks.manage'],
            ticketUrlTemplate: null,
            secondFactorPending: false,
            enrolmentRequired: false,
            mfa: 'optional',
            factorCount: 0,
            // A fresh step-up: the rotations and disables here go through at once.
            stepUp: { methods: [], freshUntil: null, needed: false },
          };
        case 'webhooks.list':
          return { endpoints: [ENDPOINT] };
        case 'webhooks.deliveries':
          return { items: [], nextCursor: null };
        case 'webhooks.rotateSecret':
          return { secret: 'whsec_rotated', previousSecretUntil: NOW + 86_400_000 };
        case 'webhooks.update':
          return { endpoint: { ...ENDPOINT, enabled: false, disabledReason: 'admin' } };
        default:
          throw new Error(`unexpected ${procedure}`);
      }
    });
    const body = results.map((data) => ({ result: { data: superjson.serialize(data) } }));
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => vi.restoreAllMocks());

/** An endpoint's action button, once the list is in. */
async function action(name: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: `${name} ${ENDPOINT.url}` }, { timeout: 5_000 }),
  );
}

describe('WebhooksPage', () => {
  it('rotates a secret after asking, and shows the new one once with the overlap', async () => {
    const calls = serve();
    render(<WebhooksPage />, { route: '/webhooks' });
    await action('Rotate secret of');
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' });
    expect(confirm).toHaveTextContent('keeps signing beside it for 24 hours');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    const shown = await screen.findByRole('dialog', { name: 'New signing secret' });
    expect(within(shown).getByTestId('webhook-secret')).toHaveTextContent('whsec_rotated');
    expect(shown).toHaveTextContent('The previous secret keeps signing beside it until');
    expect(calls.filter((c) => c.procedure === 'webhooks.rotateSecret')).toEqual([
      { procedure: 'webhooks.rotateSecret', input: { endpointId: ENDPOINT.id } },
    ]);
  });

  it('asks before disabling an endpoint, and a cancel sends nothing', async () => {
    const calls = serve();
    render(<WebhooksPage />, { route: '/webhooks' });
    await action('Disable');
    const confirm = await screen.findByRole('dialog', { name: 'Disable this endpoint?' });
    expect(confirm).toHaveTextContent('Lifeline stops sending to it');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.some((c) => c.procedure === 'webhooks.update')).toBe(false);
  });

  it('disables an endpoint once confirmed', async () => {
    const calls = serve();
    render(<WebhooksPage />, { route: '/webhooks' });
    await action('Disable');
    const confirm = await screen.findByRole('dialog', { name: 'Disable this endpoint?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Disable' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.procedure === 'webhooks.update')).toEqual([
        { procedure: 'webhooks.update', input: { endpointId: ENDPOINT.id, enabled: false } },
      ]),
    );
  });
});
