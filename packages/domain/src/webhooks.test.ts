import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from './time.ts';
import {
  buildWebhookPayload,
  WEBHOOK_BREAKER_PERIOD,
  WEBHOOK_MAX_ATTEMPTS,
  webhookBreakerTrips,
  webhookEventTypeFor,
  webhookRetryDelay,
} from './webhooks.ts';

describe('webhook delivery schedule', () => {
  it('doubles from a minute, capped at 14 hours: the last of 15 tries about 3 days after the first', () => {
    const delays = Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) =>
      webhookRetryDelay(i + 1),
    );
    expect(delays.slice(0, 3)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE]);
    expect(delays.at(-1)).toBe(14 * HOUR);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBe(1023 * MINUTE + 56 * HOUR);
    expect(total).toBeGreaterThanOrEqual(WEBHOOK_BREAKER_PERIOD);
  });

  it('trips the breaker after failing for the whole period, and not before', () => {
    expect(webhookBreakerTrips(null, 1e12)).toBe(false);
    expect(webhookBreakerTrips(0, WEBHOOK_BREAKER_PERIOD - 1)).toBe(false);
    expect(webhookBreakerTrips(0, WEBHOOK_BREAKER_PERIOD)).toBe(true);
  });
});

describe('webhook events and payloads', () => {
  it('maps audit outcomes to event types', () => {
    expect(webhookEventTypeFor('verification.check', 'failed')).toBe('verification.failed');
    expect(webhookEventTypeFor('login.unlock', 'refused')).toBe('action.refused');
    expect(webhookEventTypeFor('auth.login', 'succeeded')).toBeNull();
    expect(webhookEventTypeFor('webhook.create', 'succeeded')).toBeNull();
  });

  it('builds links from the console address and the ticket template, encoded', () => {
    const payload = buildWebhookPayload(
      {
        type: 'action.refused',
        at: Date.UTC(2026, 0, 2, 3, 4, 5),
        auditEventId: 7,
        action: 'login.unlock',
        outcome: 'refused',
        reason: 'VERIFICATION_REQUIRED',
        staffId: 'stf_1',
        ticketRef: 'Case 45#1',
        accountId: 'acc_1',
        login: { id: 'lgn_1', maskedIdentifier: 'j•••@example.com' },
        verification: null,
      },
      { consoleUrl: 'https://lifeline.example.com/', ticketUrlTemplate: 'https://hd/t/{ticket}' },
    );
    expect(payload).toEqual({
      type: 'action.refused',
      timestamp: '2026-01-02T03:04:05.000Z',
      data: {
        auditEventId: 7,
        action: 'login.unlock',
        outcome: 'refused',
        reason: 'VERIFICATION_REQUIRED',
        staffId: 'stf_1',
        ticket: { ref: 'Case 45#1', url: 'https://hd/t/Case%2045%231' },
        account: { id: 'acc_1', url: 'https://lifeline.example.com/accounts/acc_1' },
        login: { id: 'lgn_1', identifier: 'j•••@example.com' },
        verification: null,
      },
    });
  });
});
