import type { WebhookPayload } from '@lifeline/domain';

/**
 * Where notes go. Both help desks key tickets by number; Lifeline's ticket reference is what
 * the agent typed (`ZD-1234`, `#1234`, `1234`), so its last run of digits is the ticket id.
 */
export function ticketNumberOf(payload: WebhookPayload): string | null {
  return payload.data.ticket?.ref.match(/(\d+)\D*$/)?.[1] ?? null;
}

export type Deliver = (note: string, payload: WebhookPayload) => Promise<void>;

async function ok(response: Response, what: string): Promise<void> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}`);
}

/**
 * Zendesk: an internal (private) comment on the ticket, `PUT /api/v2/tickets/{id}.json`, with
 * an API token (Admin Center → Apps and integrations → Zendesk API). The `lifeline` tag lets a
 * trigger or a view pick these tickets up.
 */
export function zendesk(settings: { subdomain: string; email: string; apiToken: string }): Deliver {
  const auth = Buffer.from(`${settings.email}/token:${settings.apiToken}`).toString('base64');
  return async (note, payload) => {
    const id = ticketNumberOf(payload);
    if (id === null) return; // Nothing to attach it to (a test event, a job's event).
    const response = await fetch(
      `https://${settings.subdomain}.zendesk.com/api/v2/tickets/${id}.json`,
      {
        method: 'PUT',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ticket: { comment: { body: note, public: false }, additional_tags: ['lifeline'] },
        }),
        signal: AbortSignal.timeout(8_000),
      },
    );
    await ok(response, 'Zendesk');
  };
}

/**
 * Freshdesk: a private note, `POST /api/v2/tickets/{id}/notes`, with the agent's API key
 * (Profile settings → View API key) as the basic-auth user.
 */
export function freshdesk(settings: { domain: string; apiKey: string }): Deliver {
  const auth = Buffer.from(`${settings.apiKey}:X`).toString('base64');
  return async (note, payload) => {
    const id = ticketNumberOf(payload);
    if (id === null) return;
    const response = await fetch(`https://${settings.domain}/api/v2/tickets/${id}/notes`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: note, private: true }),
      signal: AbortSignal.timeout(8_000),
    });
    await ok(response, 'Freshdesk');
  };
}

/** No help desk configured: the note on standard output, to try the receiver out. */
export const print: Deliver = async (note, payload) => {
  console.log(`[${payload.type}] ${note}`);
};
