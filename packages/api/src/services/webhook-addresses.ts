import { lookup as dnsLookup } from 'node:dns/promises';
import { DomainError } from '@lifeline/domain';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go (issue 14, SPEC §13): an admin types a URL and the server POSTs to it,
 * so a URL naming this machine, the private network or the cloud's metadata service would let
 * the console probe or reach what only the server can. Only globally routable unicast addresses
 * are allowed, checked when the endpoint is registered (the name resolved) and again for the
 * address each delivery actually connects to (webhook-sender.ts), so a name that resolves to a
 * public address at registration and to 127.0.0.1 later (DNS rebinding) gets nothing.
 */
export interface WebhookPolicy {
  /** WEBHOOK_ALLOW_PRIVATE: development and tests, where receivers run on this machine. */
  allowPrivate: boolean;
  /** NODE_ENV=production: endpoints must be https://. */
  httpsOnly: boolean;
  /** Resolves a host name to its addresses; the system resolver unless a test gives one. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = { allowPrivate: false, httpsOnly: false };

/**
 * Why an address may not receive webhooks — its range (`loopback`, `private`, `linkLocal`,
 * `uniqueLocal`, `carrierGradeNat`, `multicast`, `unspecified`, …) — or null when it is a public
 * unicast address. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it is.
 */
export function forbiddenAddressRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/gu, '').replace(/%.*$/u, '');
  if (!ipaddr.isValid(bare)) return 'invalid';
  const range = ipaddr.process(bare).range();
  return range === 'unicast' ? null : range;
}

export async function systemResolve(hostname: string): Promise<string[]> {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

function refuse(message: string): never {
  throw new DomainError('INVALID_INPUT', message, { field: 'url' });
}

/**
 * Checks an endpoint URL as an admin registers it: http(s), https only in production, no
 * credentials, and a host that is — or resolves only to — public addresses (unless the policy
 * allows private ones). Returns the URL normalised by the URL parser.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse('The endpoint must be a full URL, such as https://helpdesk.example.com/lifeline.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    refuse('The endpoint must be an https:// URL.');
  }
  if (policy.httpsOnly && url.protocol !== 'https:') {
    refuse('The endpoint must be an https:// URL: events are not sent unencrypted in production.');
  }
  if (url.username || url.password) {
    refuse('The endpoint URL may not hold a user name or password; events are signed instead.');
  }
  if (policy.allowPrivate) return url.href;
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  const literal = ipaddr.isValid(host);
  let addresses: string[];
  if (literal) {
    addresses = [host];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      refuse(`The endpoint's host ${host} does not resolve to an address.`);
    }
    if (addresses.length === 0)
      refuse(`The endpoint's host ${host} does not resolve to an address.`);
  }
  for (const address of addresses) {
    const range = forbiddenAddressRange(address);
    if (range !== null) {
      refuse(
        literal
          ? `The endpoint's address ${address} is a ${describeRange(range)} address; webhooks only go to public addresses.`
          : `The endpoint's host ${host} resolves to ${address}, a ${describeRange(range)} address; webhooks only go to public addresses.`,
      );
    }
  }
  return url.href;
}

/** The range in words, for refusals and the delivery log. */
export function describeRange(range: string): string {
  const words: Record<string, string> = {
    loopback: 'loopback',
    private: 'private (RFC 1918)',
    uniqueLocal: 'private (unique local)',
    linkLocal: 'link-local',
    carrierGradeNat: 'carrier-grade NAT',
    multicast: 'multicast',
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    reserved: 'reserved',
  };
  return words[range] ?? `non-public (${range})`;
}
