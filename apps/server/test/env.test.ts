import { describe, expect, it } from 'vitest';
import {
  consoleUrlOf,
  EnvError,
  loadEnv,
  ssoSettingsOf,
  webhookLinksOf,
  webhookPolicyOf,
} from '../src/env.ts';

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
