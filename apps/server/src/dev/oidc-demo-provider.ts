import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

// A real OpenID provider (`oidc-provider`, certified) on a loopback port, for the API tests and
// `pnpm dev:sso`: its own login page (any password; the login is a demo user's id), users whose
// claims carry groups, and clients registered up front. Development and tests only: it keeps
// everything in memory and its sign-in page accepts any password.

export interface DemoUser {
  /** The login typed on the provider's page, and the ID token's `sub`. */
  sub: string;
  email: string;
  name: string;
  groups: string[];
  /** The `email_verified` claim; true when not given. */
  emailVerified?: boolean;
}

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface DemoProviderOptions {
  users: DemoUser[];
  clients: DemoClient[];
  host?: string;
  /** 0 (the default): any free port. */
  port?: number;
  /** Seconds an ID token is valid (oidc-provider's default: one hour). */
  idTokenTtlSeconds?: number;
}

export interface DemoProvider {
  issuer: string;
  /** The users by `sub`: change one's groups between two sign-ins to move their role. */
  users: Map<string, DemoUser>;
  close(): Promise<void>;
}

const SCOPE = 'openid email profile';

export async function startDemoProvider(options: DemoProviderOptions): Promise<DemoProvider> {
  const users = new Map(options.users.map((user) => [user.sub, { ...user }]));
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          name: user.name,
          groups: [...user.groups],
        }),
      };
    },
    // Groups come with `profile`, so Lifeline's default scopes are enough, as with a provider
    // configured to add a groups claim to the ID token.
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    // The scopes' claims in the ID token itself, as Okta, Entra and Keycloak can be set to do.
    conformIdTokenClaims: false,
    // A first-party client: consent is implied, so the only page is the sign-in.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(SCOPE);
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      IdToken: options.idTokenTtlSeconds ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'demo', alg: 'RS256', use: 'sig' }],
    },
  };
  const provider = new Provider(issuer, configuration);
  // Its development warnings (devInteractions) are for whoever runs it, not for test output.
  provider.on('server_error', () => undefined);
  handle = provider.callback();

  return {
    issuer,
    users,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
