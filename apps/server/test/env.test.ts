import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consoleUrlOf,
  EnvError,
  loadEnv,
  ssoSettingsOf,
  staffMfaOf,
  webauthnOf,
  webhookLinksOf,
  webhookPolicyOf,
} from '../src/env.ts';
import { loadFieldKey } from '../src/field-key.ts';

describe('TRUST_PROXY', () => {
  it('is a count of proxy hops: none by default, true for one, a number for more', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    // `true` is one hop, not "believe every address in X-Forwarded-For".
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['yes', '-1', '1.5', '11', 'loopback']) {
      expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(EnvError);
      expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be false, true/);
    }
  });
});

describe('single sign-on settings', () => {
  const SSO = {
    OIDC_ISSUER_URL: 'https://id.example.com',
    OIDC_CLIENT_ID: 'lifeline',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_REDIRECT_URL: 'https://lifeline.example.com/auth/oidc/callback',
    OIDC_ROLE_MAP: 'support-agents=agent,support-leads=lead,it-admins=admin',
  };

  it('is off without settings, on with all of them, with defaults for the rest', () => {
    expect(ssoSettingsOf(loadEnv({}))).toBeUndefined();
    expect(loadEnv({}).STAFF_PASSWORD_SIGN_IN).toBe(true);
    expect(ssoSettingsOf(loadEnv(SSO))).toEqual({
      issuerUrl: 'https://id.example.com',
      clientId: 'lifeline',
      clientSecret: 'secret',
      redirectUrl: 'https://lifeline.example.com/auth/oidc/callback',
      providerName: 'SSO',
      roleClaim: 'groups',
      roleMap: { 'support-agents': 'agent', 'support-leads': 'lead', 'it-admins': 'admin' },
      scopes: 'openid email profile',
    });
  });

  it('names each missing setting when only some are given', () => {
    expect(() => loadEnv({ OIDC_ISSUER_URL: SSO.OIDC_ISSUER_URL })).toThrow(
      /OIDC_CLIENT_ID: is required for single sign-on[\s\S]*OIDC_ROLE_MAP: is required/,
    );
  });

  it('refuses a bad role map, plain http to another machine, a wrong callback path', () => {
    expect(() => loadEnv({ ...SSO, OIDC_ROLE_MAP: 'a=root' })).toThrow(
      /OIDC_ROLE_MAP: "a=root": the role must be one of agent, lead, admin/,
    );
    expect(() => loadEnv({ ...SSO, OIDC_ISSUER_URL: 'http://id.example.com' })).toThrow(
      /OIDC_ISSUER_URL: must be an https:\/\/ URL/,
    );
    expect(loadEnv({ ...SSO, OIDC_ISSUER_URL: 'http://127.0.0.1:4000' }).OIDC_ISSUER_URL).toBe(
      'http://127.0.0.1:4000',
    );
    expect(() =>
      loadEnv({ ...SSO, OIDC_REDIRECT_URL: 'https://lifeline.example.com/callback' }),
    ).toThrow(/OIDC_REDIRECT_URL: must end in \/auth\/oidc\/callback/);
    expect(() => loadEnv({ ...SSO, OIDC_SCOPES: 'email profile' })).toThrow(
      /OIDC_SCOPES: must include openid/,
    );
  });

  it('lets password sign-in be turned off only with single sign-on configured', () => {
    expect(() => loadEnv({ STAFF_PASSWORD_SIGN_IN: 'false' })).toThrow(
      /STAFF_PASSWORD_SIGN_IN: may be false only with single sign-on configured/,
    );
    expect(loadEnv({ ...SSO, STAFF_PASSWORD_SIGN_IN: 'false' }).STAFF_PASSWORD_SIGN_IN).toBe(false);
  });
});

describe('help-desk settings (SPEC §16)', () => {
  it('takes a ticket URL template holding {ticket}, and refuses one without it or not http(s)', () => {
    const template = 'https://acme.zendesk.com/agent/tickets/{ticket}';
    expect(loadEnv({ TICKET_URL_TEMPLATE: template }).TICKET_URL_TEMPLATE).toBe(template);
    expect(loadEnv({}).TICKET_URL_TEMPLATE).toBeUndefined();
    expect(() =>
      loadEnv({ TICKET_URL_TEMPLATE: 'https://acme.zendesk.com/agent/tickets/' }),
    ).toThrow(/TICKET_URL_TEMPLATE: must contain \{ticket\}/);
    expect(() => loadEnv({ TICKET_URL_TEMPLATE: 'javascript:alert(1)//{ticket}' })).toThrow(
      /TICKET_URL_TEMPLATE/,
    );
  });

  it('links to the console at PUBLIC_URL, or where the server listens', () => {
    expect(consoleUrlOf(loadEnv({ PUBLIC_URL: 'https://lifeline.example.com/' }))).toBe(
      'https://lifeline.example.com',
    );
    expect(consoleUrlOf(loadEnv({ HOST: '127.0.0.1', PORT: '3100' }))).toBe(
      'http://127.0.0.1:3100',
    );
    expect(consoleUrlOf(loadEnv({ HOST: '::1', PORT: '3100' }))).toBe('http://[::1]:3100');
  });
});

describe('webhook settings', () => {
  it('keeps endpoints on public addresses unless WEBHOOK_ALLOW_PRIVATE, https only in production', () => {
    expect(webhookPolicyOf(loadEnv({}))).toEqual({ allowPrivate: false, httpsOnly: false });
    expect(webhookPolicyOf(loadEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' }))).toEqual({
      allowPrivate: true,
      httpsOnly: false,
    });
    expect(webhookPolicyOf(loadEnv({ NODE_ENV: 'production' })).httpsOnly).toBe(true);
    expect(() => loadEnv({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(() => loadEnv({ WEBHOOK_INTERVAL_SECONDS: '0' })).toThrow(/WEBHOOK_INTERVAL_SECONDS/);
    expect(loadEnv({}).WEBHOOK_INTERVAL_SECONDS).toBe(5);
  });

  it('links payloads to PUBLIC_URL and the ticket template', () => {
    expect(
      webhookLinksOf(
        loadEnv({
          PUBLIC_URL: 'https://lifeline.example.com/',
          TICKET_URL_TEMPLATE: 'https://acme.zendesk.com/agent/tickets/{ticket}',
        }),
      ),
    ).toEqual({
      consoleUrl: 'https://lifeline.example.com',
      ticketUrlTemplate: 'https://acme.zendesk.com/agent/tickets/{ticket}',
    });
    expect(webhookLinksOf(loadEnv({ PORT: '3100' }))).toEqual({
      consoleUrl: 'http://127.0.0.1:3100',
      ticketUrlTemplate: null,
    });
  });
});

describe('second-factor settings (SPEC §13)', () => {
  it('requires a second factor in production unless told otherwise, and refuses other values', () => {
    expect(staffMfaOf(loadEnv({ NODE_ENV: 'production' }))).toBe('required');
    expect(staffMfaOf(loadEnv({}))).toBe('optional');
    expect(staffMfaOf(loadEnv({ NODE_ENV: 'production', STAFF_MFA: 'optional' }))).toBe('optional');
    expect(staffMfaOf(loadEnv({ STAFF_MFA: 'required' }))).toBe('required');
    expect(() => loadEnv({ STAFF_MFA: 'yes' })).toThrow(/STAFF_MFA/);
  });

  it('takes the WebAuthn relying party from PUBLIC_URL, or WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN', () => {
    expect(webauthnOf(loadEnv({ PUBLIC_URL: 'https://lifeline.example.com/' }))).toEqual({
      rpId: 'lifeline.example.com',
      origin: 'https://lifeline.example.com',
    });
    expect(
      webauthnOf(
        loadEnv({ PUBLIC_URL: 'https://console.example.com', WEBAUTHN_RP_ID: 'example.com' }),
      ),
    ).toEqual({ rpId: 'example.com', origin: 'https://console.example.com' });
    expect(() =>
      webauthnOf(
        loadEnv({ PUBLIC_URL: 'https://console.example.com', WEBAUTHN_RP_ID: 'evil.com' }),
      ),
    ).toThrow(EnvError);
    expect(() => loadEnv({ WEBAUTHN_RP_ID: '127.0.0.1' })).toThrow(/WEBAUTHN_RP_ID/);
    expect(() => loadEnv({ WEBAUTHN_ORIGIN: 'https://x.example.com/path' })).toThrow(
      /WEBAUTHN_ORIGIN/,
    );
  });

  it('keeps the field encryption key in a file: required in production, generated (0600) in development', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-field-key-'));
    try {
      const DATABASE_PATH = join(dir, 'lifeline.db');
      expect(() => loadFieldKey(loadEnv({ NODE_ENV: 'production', DATABASE_PATH }))).toThrow(
        /FIELD_ENCRYPTION_KEY_FILE is required in production/,
      );
      const made = loadFieldKey(loadEnv({ DATABASE_PATH }));
      expect(made.generated).toBe(true);
      expect(made.key).toHaveLength(32);
      expect(statSync(made.path).mode & 0o777).toBe(0o600);
      // The same key on the next start.
      expect(loadFieldKey(loadEnv({ DATABASE_PATH })).key.equals(made.key)).toBe(true);
      const bad = join(dir, 'bad-key');
      writeFileSync(bad, 'not a key', { mode: 0o600 });
      expect(() =>
        loadFieldKey(loadEnv({ NODE_ENV: 'production', FIELD_ENCRYPTION_KEY_FILE: bad })),
      ).toThrow(/does not hold a 32-byte key/);
      const open = join(dir, 'open-key');
      writeFileSync(open, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
      expect(() =>
        loadFieldKey(loadEnv({ NODE_ENV: 'production', FIELD_ENCRYPTION_KEY_FILE: open })),
      ).toThrow(/readable by others/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
