import type { KeyObject } from 'node:crypto';
import type { LifelineDb } from '@lifeline/db';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';
import type { SsoSettings } from './services/sso.ts';
import type { WebhookPolicy } from './services/webhook-addresses.ts';

/** What the API needs from its host: built once at start, shared by every request. */
export interface ApiDeps {
  db: LifelineDb;
  /** Epoch ms. Injected so tests and the scheduler can move time. */
  clock: () => number;
  identifierHashKey: string;
  logger: Logger;
  metrics: Metrics;
  /** Where reset links point (the customer product's reset page). */
  resetLinkBase: string;
  /** The Ed25519 key pair that signs audit checkpoints; the private key never enters the database. */
  audit: { privateKey: KeyObject; publicKey: KeyObject };
  /** Single sign-on through the company's OpenID provider (OIDC_*); absent: not configured. */
  sso?: SsoSettings;
  /**
   * STAFF_PASSWORD_SIGN_IN: false lets only break-glass admins sign in with a password (the
   * others use single sign-on). Absent: true.
   */
  passwordSignIn?: boolean;
  /** TICKET_URL_TEMPLATE: ticket references become links to the help desk (SPEC §16). */
  ticketUrlTemplate?: string;
  /** PUBLIC_URL: the console's address, for links sent out of it (webhook payloads). */
  consoleUrl?: string;
  /**
   * Where webhook endpoints may point (WEBHOOK_ALLOW_PRIVATE, https only in production), for
   * registration and delivery alike. Absent: public addresses only, http or https.
   */
  webhooks?: WebhookPolicy;
  /**
   * STAFF_MFA: `required` — a password sign-in is a session only once a second factor passes
   * (the staff member enrols one at first sign-in); `optional` (absent) — only staff who
   * enrolled a factor pass one.
   */
  staffMfa?: 'required' | 'optional';
  /**
   * The AES-256-GCM key (32 bytes) that encrypts TOTP secrets at rest
   * (FIELD_ENCRYPTION_KEY_FILE): kept outside the database, as the audit signing key.
   */
  fieldKey: Buffer;
  /**
   * The WebAuthn relying party: id (a host name, never an IP address) and the origin browsers
   * sign for. Absent: both from consoleUrl.
   */
  webauthn?: { rpId: string; origin: string };
}
