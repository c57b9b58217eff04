import {
  type ApiDeps,
  finishSsoSignIn,
  SESSION_ABSOLUTE_TIMEOUT,
  type SessionCookieJar,
  SSO_PENDING_TTL,
  SsoRefused,
  startSsoSignIn,
} from '@lifeline/api';
import type { SsoRefusal } from '@lifeline/domain';
import { parseCookie, stringifySetCookie } from 'cookie';
import { type Express, type Request, type Response, Router } from 'express';

/** The browser's half of a started sign-in: a random id whose hash names the pending row. */
export const SSO_PENDING_COOKIE = 'lifeline_sso';
const PENDING_COOKIE_PATH = '/auth/oidc';

/** Where a refused sign-in lands: the console's sign-in page, which says why in EN or FR. */
export function signInPageWith(refusal: SsoRefusal): string {
  return `/sign-in?sso_error=${refusal}`;
}

/**
 * Single sign-on (SPEC §13), Authorization Code + PKCE + state + nonce:
 * `GET /auth/oidc/start` sends the browser to the provider, `GET /auth/oidc/callback` takes it
 * back, opens a session as password sign-in does and goes to the console. Every refusal, a
 * provider that is down included, is a redirect to the sign-in page with a code, never a 500.
 *
 * The pending sign-in's cookie is SameSite=Lax: the provider's redirect back is a cross-site
 * top-level GET, which a Strict cookie would not come with. It holds only a random id; state,
 * nonce and verifier are in the database, so any server process can finish the sign-in.
 */
export function mountSsoRoutes(
  app: Express,
  deps: ApiDeps,
  sessionCookies: (req: Request, res: Response) => SessionCookieJar,
): void {
  const routes = Router();

  const pendingCookie = (req: Request, res: Response, value: string, maxAgeMs: number) => {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: SSO_PENDING_COOKIE,
        value,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: PENDING_COOKIE_PATH,
        maxAge: Math.floor(maxAgeMs / 1000),
      }),
    );
  };

  const refused = (res: Response, error: unknown) => {
    if (!(error instanceof SsoRefused)) throw error;
    deps.logger.info(
      { requestId: res.locals.requestId, refusal: error.refusal, detail: error.message },
      'single sign-on refused',
    );
    res.redirect(303, signInPageWith(error.refusal));
  };

  routes.get('/start', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    // The pending cookie must be set on the origin the provider will send the browser back to
    // (OIDC_REDIRECT_URL): a console opened as localhost while registered as 127.0.0.1, or by
    // another name, starts over there first. Once only, should a proxy hide the real host.
    const home = deps.sso ? new URL(deps.sso.redirectUrl).origin : null;
    if (home && `${req.protocol}://${req.get('host')}` !== home && req.query.moved === undefined) {
      res.redirect(303, `${home}${PENDING_COOKIE_PATH}/start?moved=1`);
      return;
    }
    try {
      const { pendingId, authorizationUrl } = await startSsoSignIn(deps, { ip: req.ip ?? '' });
      pendingCookie(req, res, pendingId, SSO_PENDING_TTL);
      res.redirect(303, authorizationUrl);
    } catch (error) {
      refused(res, error);
    }
  });

  routes.get('/callback', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    // Used once, whatever comes of it.
    pendingCookie(req, res, '', 0);
    const header = req.headers.cookie;
    const pendingId = header ? parseCookie(header)[SSO_PENDING_COOKIE] : undefined;
    // The URL the provider sent the browser to: the registered redirect URL (not the Host
    // header, which a proxy may rewrite) with the query the provider added.
    const callbackUrl = new URL(deps.sso?.redirectUrl ?? 'http://invalid/');
    const query = req.originalUrl.indexOf('?');
    callbackUrl.search = query === -1 ? '' : req.originalUrl.slice(query);
    try {
      const result = await finishSsoSignIn(deps, {
        pendingId,
        callbackUrl,
        ip: req.ip ?? '',
        userAgent: req.get('user-agent') ?? '',
      });
      sessionCookies(req, res).set(result.sessionId, SESSION_ABSOLUTE_TIMEOUT);
      res.redirect(303, '/');
    } catch (error) {
      refused(res, error);
    }
  });

  app.use(PENDING_COOKIE_PATH, routes);
}
