import type { SsoSettings, WebhookPolicy } from '@lifeline/api';
import { parseRoleMap, TICKET_URL_PLACEHOLDER, type WebhookLinks } from '@lifeline/domain';
import { z } from 'zod';

/**
 * Every setting of SPEC §12, read and validated here and nowhere else. A bad value stops the
 * start with a message naming the variable, never with a stack trace.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/lifeline.db'),
  /**
   * `postgres://user:password@host:5432/lifeline`: run on PostgreSQL, where several servers
   * share one database. Without it, the SQLite file at DATABASE_PATH.
   */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /**
   * Apply pending migrations when the server starts. Off when the servers' database role may
   * not change the schema: then `pnpm db:migrate` runs them, as the owner, in a release step.
   */
  MIGRATE_AT_START: z.stringbool().default(true),
  DEMO_STAFF_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('lifeline-demo'),
  /** Generated accounts seeded with the demo data on first start. */
  DEMO_ACCOUNTS: z.coerce.number().int().min(0).max(10_000_000).default(5000),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HMAC key for purged identifiers; generated and kept in the database when not given. */
  IDENTIFIER_HASH_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * How many proxies stand in front of the server (load balancer, TLS terminator): the client
   * address is the one that many hops from the right of X-Forwarded-For, and X-Forwarded-Proto
   * makes the session cookie Secure. Addresses a client writes further left are never believed
   * (they would give an attacker fresh addresses against the sign-in throttle). `false` or 0:
   * no proxy; `true`: one.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((value, ctx) => {
      const named: Record<string, number> = { false: 0, true: 1 };
      const hops = named[value.toLowerCase()] ?? (/^\d+$/.test(value) ? Number(value) : Number.NaN);
      if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be false, true or a number of proxy hops (0–10)',
        });
        return z.NEVER;
      }
      return hops;
    }),
  /** Where password-reset emails link to: the customer product's reset page. */
  RESET_LINK_BASE: z.url().default('https://app.example.com/reset-password'),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** How often the outbox sender looks for due emails (only when SMTP_URL is set). */
  OUTBOX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** How often the webhook sender looks for due deliveries (issue 14). */
  WEBHOOK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /**
   * Let webhook endpoints point at loopback, private and link-local addresses: development
   * and tests, where the receiver runs on this machine. Off: such endpoints are refused when
   * registered and never connected to (SPEC §16).
   */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /**
   * The Ed25519 private key (PEM) that signs audit checkpoints, kept outside the database.
   * Required in production; in development it defaults to a file beside the database,
   * generated on first start (mode 0600).
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /**
   * The 32-byte AES-256-GCM key (raw, or 64 hex digits / 44 base64 characters in the file)
   * that encrypts TOTP secrets at rest, kept outside the database. Required in production; in
   * development it defaults to a file beside the database, generated on first start (0600).
   */
  FIELD_ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  /**
   * Staff second factor (SPEC §13): `required` — a password sign-in is a session only once a
   * passkey or TOTP code passes (staff enrol one at first sign-in); `optional` — only staff who
   * enrolled one pass it. Default: required when NODE_ENV=production, else optional.
   */
  STAFF_MFA: z.enum(['required', 'optional']).optional(),
  /**
   * The WebAuthn relying party id (a registrable domain name, never an IP address) and the
   * origin browsers sign for. Default: the host and origin of PUBLIC_URL.
   */
  WEBAUTHN_RP_ID: z
    .string()
    .trim()
    .max(253)
    .regex(/^(?=.*[a-z])[a-z0-9.-]+$/i, 'must be a domain name (an IP address is not valid)')
    .optional(),
  WEBAUTHN_ORIGIN: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// origin' })
    .max(500)
    .refine((value) => new URL(value).origin === value.replace(/\/+$/u, ''), {
      error: 'must be an origin (scheme, host and port, no path)',
    })
    .optional(),
  /** Where signed checkpoints are appended (JSON Lines), to be shipped off the machine. */
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  /**
   * Hours between the slow checks the scheduler runs off the request path: the database's
   * integrity (on a worker thread) and a walk of the whole audit chain. 0: never.
   */
  FULL_CHECK_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** Prometheus metrics on a listener of their own; unset: metrics are not served. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The metrics listener's address: loopback unless an operator opens it. */
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /**
   * The Host names (host[:port], comma-separated) requests may carry, against DNS rebinding;
   * `*` for any. Default: the loopback names and HOST, on any port (allowedHostsOf).
   */
  ALLOWED_HOSTS: z
    .string()
    .transform((value, ctx): string[] | '*' => {
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.length === 1 && entries[0] === '*') return '*';
      const bad = entries.filter((entry) => parseHostName(entry) === null);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be * or comma-separated host[:port] names; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
        });
        return z.NEVER;
      }
      return entries;
    })
    .optional(),
  /** The From header of customer emails. */
  SMTP_FROM: z.string().trim().min(3).max(320).default('Lifeline Support <support@lifeline.test>'),
  /**
   * Single sign-on through the company's OpenID provider (SPEC §13): on when the issuer, client
   * id, secret, redirect URL and role map are all given. http:// only for a provider on this
   * machine (tests, `pnpm dev:sso`).
   */
  OIDC_ISSUER_URL: z
    .url({ protocol: /^https?$/, error: 'must be an https:// URL' })
    .refine((value) => value.startsWith('https:') || isLoopbackUrl(value), {
      error: 'must be an https:// URL (http:// only for a provider on this machine)',
    })
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** Lifeline's callback as registered at the provider: https://<console>/auth/oidc/callback. */
  OIDC_REDIRECT_URL: z
    .url({ protocol: /^https?$/, error: 'must be an https:// URL' })
    .refine((value) => new URL(value).pathname === '/auth/oidc/callback', {
      error:
        'must end in /auth/oidc/callback (e.g. https://lifeline.example.com/auth/oidc/callback)',
    })
    .refine((value) => value.startsWith('https:') || isLoopbackUrl(value), {
      error: 'must be an https:// URL (http:// only on this machine)',
    })
    .optional(),
  /** The console's button says "Sign in with <this>". */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default('SSO'),
  /** The claim listing the person's groups (in the ID token, or else from userinfo). */
  OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default('groups'),
  /**
   * `group=role` pairs, comma-separated (`support-agents=agent,support-leads=lead,it-admins=admin`);
   * with several groups that map, the highest role wins; with none, no sign-in.
   */
  OIDC_ROLE_MAP: z
    .string()
    .transform((value, ctx) => {
      const parsed = parseRoleMap(value);
      if ('errors' in parsed) {
        for (const message of parsed.errors) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return parsed.map;
    })
    .optional(),
  /** Scopes asked for; `openid` must be among them. */
  OIDC_SCOPES: z
    .string()
    .trim()
    .default('openid email profile')
    .refine((value) => value.split(/\s+/).includes('openid'), { error: 'must include openid' }),
  /**
   * Password sign-in for staff. `false` (only with single sign-on configured) leaves it to
   * break-glass admins (`pnpm staff:create --break-glass`).
   */
  STAFF_PASSWORD_SIGN_IN: z.stringbool().default(true),
  /**
   * The help desk's page for a ticket, with `{ticket}` where the reference goes
   * (`https://acme.zendesk.com/agent/tickets/{ticket}`): ticket references become links (SPEC §16).
   */
  TICKET_URL_TEMPLATE: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .max(500)
    .refine((value) => value.includes(TICKET_URL_PLACEHOLDER), {
      error: `must contain ${TICKET_URL_PLACEHOLDER} where the ticket reference goes`,
    })
    .optional(),
  /**
   * Where staff open this console (`https://lifeline.example.com`): links in webhook payloads
   * point there. Default: http://HOST:PORT.
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .max(500)
    .optional(),
});

const OIDC_REQUIRED = [
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'OIDC_ROLE_MAP',
] as const;

/** Settings that only make sense together: single sign-on whole or not at all. */
const checked = schema.superRefine((env, ctx) => {
  const given = OIDC_REQUIRED.filter((key) => env[key] !== undefined);
  if (given.length > 0 && given.length < OIDC_REQUIRED.length) {
    for (const key of OIDC_REQUIRED.filter((k) => env[k] === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `is required for single sign-on (${given.join(', ')} given)`,
      });
    }
  }
  if (!env.STAFF_PASSWORD_SIGN_IN && given.length < OIDC_REQUIRED.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['STAFF_PASSWORD_SIGN_IN'],
      message: 'may be false only with single sign-on configured (OIDC_* settings)',
    });
  }
});

export type Env = z.infer<typeof schema>;

/** STAFF_MFA as it applies: required in production unless said otherwise. */
export function staffMfaOf(env: Pick<Env, 'STAFF_MFA' | 'NODE_ENV'>): 'required' | 'optional' {
  return env.STAFF_MFA ?? (env.NODE_ENV === 'production' ? 'required' : 'optional');
}

/**
 * The WebAuthn relying party: WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN, else the host and origin of the
 * console's address. The id must be the origin's host or a domain it belongs to.
 */
export function webauthnOf(env: Env): { rpId: string; origin: string } {
  const origin = env.WEBAUTHN_ORIGIN
    ? new URL(env.WEBAUTHN_ORIGIN).origin
    : new URL(consoleUrlOf(env)).origin;
  const host = new URL(origin).hostname;
  const rpId = env.WEBAUTHN_RP_ID?.toLowerCase() ?? host;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw new EnvError(
      `WEBAUTHN_RP_ID: ${rpId} is not the host of ${origin} nor a domain it belongs to.`,
    );
  }
  return { rpId, origin };
}

function isLoopbackUrl(value: string): boolean {
  const { hostname } = new URL(value);
  return LOOPBACK_HOST_NAMES.includes(hostname);
}

/** PUBLIC_URL without a trailing slash, or the address the server listens on. */
export function consoleUrlOf(env: Pick<Env, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/u, '');
  const host = env.HOST.includes(':') && !env.HOST.startsWith('[') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/** Where links in webhook payloads point: the console and the help desk (SPEC §16). */
export function webhookLinksOf(env: Env): WebhookLinks {
  return { consoleUrl: consoleUrlOf(env), ticketUrlTemplate: env.TICKET_URL_TEMPLATE ?? null };
}

/** Where webhook endpoints may point: public addresses unless allowed, https in production. */
export function webhookPolicyOf(env: Env): WebhookPolicy {
  return { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, httpsOnly: env.NODE_ENV === 'production' };
}

/** The single sign-on the settings describe, or undefined when it is not configured. */
export function ssoSettingsOf(env: Env): SsoSettings | undefined {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL, OIDC_ROLE_MAP } =
    env;
  if (!OIDC_ISSUER_URL || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URL) {
    return undefined;
  }
  if (!OIDC_ROLE_MAP) return undefined;
  return {
    issuerUrl: OIDC_ISSUER_URL,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUrl: OIDC_REDIRECT_URL,
    providerName: env.OIDC_PROVIDER_NAME,
    roleClaim: env.OIDC_ROLE_CLAIM,
    roleMap: OIDC_ROLE_MAP,
    scopes: env.OIDC_SCOPES.split(/\s+/).join(' '),
  };
}

/** A Host name as the allow-list compares it: lower case, no trailing dot, the port if given. */
export interface HostName {
  name: string;
  port: number | null;
}

const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)(?::(\d{1,5}))?$/i;

/** `host[:port]` (a Host header, an ALLOWED_HOSTS entry), or null when it is not one. */
export function parseHostName(value: string): HostName | null {
  const match = HOST_NAME.exec(value);
  if (!match?.[1]) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && port > 65535) return null;
  return { name: match[1].toLowerCase().replace(/\.$/, ''), port };
}

export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The Host allow-list: ALLOWED_HOSTS when given, else the loopback names and the address the
 * server listens on (unless it listens on every address), each on any port.
 */
export function allowedHostsOf(env: Pick<Env, 'ALLOWED_HOSTS' | 'HOST'>): string[] | '*' {
  if (env.ALLOWED_HOSTS !== undefined) return env.ALLOWED_HOSTS;
  const names = [...LOOPBACK_HOST_NAMES];
  const host = env.HOST.includes(':') && !env.HOST.startsWith('[') ? `[${env.HOST}]` : env.HOST;
  if (!['0.0.0.0', '[::]'].includes(host)) names.push(host);
  return names;
}

export class EnvError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const result = checked.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid settings:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** For CLIs: `--name value` flags, the only other input besides the environment. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  return argv[index + 1];
}

/** For CLIs: every value of a flag that may be given several times (`--key a --key b`). */
export function readFlags(argv: readonly string[], name: string): string[] {
  return argv.flatMap((arg, index) => {
    const value = argv[index + 1];
    return arg === `--${name}` && value !== undefined ? [value] : [];
  });
}

/** The database the settings name: DATABASE_URL (PostgreSQL) when set, else DATABASE_PATH. */
export function databaseTarget(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_PATH'>): string {
  return env.DATABASE_URL ?? env.DATABASE_PATH;
}
