import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import {
  type WebhookDelivery,
  WebhookDeliveryTable,
} from '../WebhookDeliveries/WebhookDeliveryTable.tsx';
import { SecretReveal } from './SecretReveal.tsx';
import { WebhookCreateForm } from './WebhookCreateForm.tsx';
import { type WebhookEndpoint, WebhookEndpointTable } from './WebhookEndpointTable.tsx';

const NOW = Date.UTC(2026, 10, 23, 10);

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 'whe_notes0001',
    url: 'https://notes.example.com/hook',
    description: 'Zendesk notes',
    eventTypes: ['verification.passed', 'action.succeeded'],
    enabled: true,
    disabledReason: null,
    failingSince: null,
    createdAt: NOW - 86_400_000,
    previousSecretUntil: null,
    lastDelivery: { status: 'succeeded', statusCode: 200, at: NOW - 60_000 },
    ...overrides,
  };
}

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'whd_0001',
    eventId: 'msg_0001',
    eventType: 'webhook.test',
    endpointId: 'whe_notes0001',
    endpointUrl: 'https://notes.example.com/hook',
    status: 'succeeded',
    attempts: 1,
    lastStatusCode: 200,
    lastError: null,
    lastDurationMs: 42,
    lastAttemptAt: NOW - 60_000,
    nextAttemptAt: null,
    deliveredAt: NOW - 60_000,
    createdAt: NOW - 61_000,
    replayOf: null,
    ...overrides,
  };
}

describe('WebhookCreateForm', () => {
  it('sends the URL, description and the chosen event types, all chosen to begin with', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<WebhookCreateForm pending={false} error={null} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText(/^URL/), ' https://notes.example.com/hook ');
    await userEvent.type(screen.getByLabelText('Description'), 'Zendesk notes');
    await userEvent.click(screen.getByRole('checkbox', { name: /Verification failed/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Register endpoint' }));
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'https://notes.example.com/hook',
      description: 'Zendesk notes',
      eventTypes: [
        'verification.passed',
        'verification.locked',
        'action.succeeded',
        'action.refused',
        'escalation.opened',
        'escalation.closed',
        'review.marked',
      ],
    });
  });

  it('asks for a web address and at least one event before sending', async () => {
    const onSubmit = vi.fn();
    render(<WebhookCreateForm pending={false} error={null} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText(/^URL/), 'notes.example.com');
    for (const box of screen.getAllByRole('checkbox')) await userEvent.click(box);
    await userEvent.click(screen.getByRole('button', { name: 'Register endpoint' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText(/Enter a web address/)).toBeVisible();
    expect(screen.getByText('Choose at least one event.')).toBeVisible();
  });
});

describe('SecretReveal', () => {
  it('shows the secret once with a warning, and closes only on purpose', async () => {
    const onClose = vi.fn();
    render(
      <SecretReveal
        revealed={{ kind: 'created', url: 'https://notes.example.com/hook', secret: 'whsec_abc' }}
        onClose={onClose}
        formatUntil={String}
      />,
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('webhook-secret')).toHaveTextContent('whsec_abc');
    expect(within(dialog).getByText(/only time the secret is shown/)).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeEnabled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'I have copied it' }));
    expect(onClose).toHaveBeenCalled();
  });
});

describe('WebhookEndpointTable', () => {
  it('shows each endpoint with its events, state and why it is disabled, and its last delivery', () => {
    render(
      <WebhookEndpointTable
        endpoints={[
          endpoint(),
          endpoint({
            id: 'whe_down0001',
            url: 'https://down.example.com/',
            description: '',
            enabled: false,
            disabledReason: 'failing',
            lastDelivery: { status: 'failed', statusCode: 503, at: NOW - 60_000 },
          }),
        ]}
        now={NOW}
        busyId={null}
        onSendTest={vi.fn()}
        onToggle={vi.fn()}
        onRotate={vi.fn()}
      />,
    );
    const [ok, down] = screen.getAllByRole('row').slice(1) as HTMLElement[];
    expect(ok).toHaveTextContent('Caller verified, Support action done');
    expect(ok).toHaveTextContent('Enabled');
    expect(ok).toHaveTextContent('Delivered200');
    expect(down).toHaveTextContent('Stopped by Lifeline: every delivery failed for 3 days');
    expect(
      within(down as HTMLElement).getByRole('button', { name: /Send test event/ }),
    ).toBeDisabled();
  });
});

describe('WebhookDeliveryTable', () => {
  it('lists deliveries with status, attempts, response, duration and next try, and replays one', async () => {
    const onReplay = vi.fn();
    const pending = delivery({
      id: 'whd_0002',
      eventId: 'msg_0002',
      eventType: 'action.succeeded',
      status: 'pending',
      attempts: 2,
      lastStatusCode: null,
      lastError: 'connect ECONNREFUSED',
      lastDurationMs: 3,
      nextAttemptAt: NOW + 120_000,
      deliveredAt: null,
    });
    render(
      <WebhookDeliveryTable
        items={[pending, delivery()]}
        now={NOW}
        showEndpoint
        replayingId={null}
        canReplay={() => true}
        onReplay={onReplay}
      />,
    );
    const [first, second] = screen.getAllByRole('row').slice(1) as HTMLElement[];
    expect(first).toHaveTextContent('Support action done');
    expect(first).toHaveTextContent('Pending');
    expect(first).toHaveTextContent('connect ECONNREFUSED');
    expect(within(first as HTMLElement).getAllByRole('time')).toHaveLength(2);
    expect(second).toHaveTextContent('Delivered');
    expect(second).toHaveTextContent('42 ms');
    await userEvent.click(within(second as HTMLElement).getByRole('button', { name: /^Replay/ }));
    expect(onReplay).toHaveBeenCalledWith(expect.objectContaining({ id: 'whd_0001' }));
  });
});
