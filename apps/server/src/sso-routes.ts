import {
  type ApiDeps,
  finishSsoSignIn,
  resolveSession,
  SESSION_ABSOLUTE_TIMEOUT,
  type SessionCookieJar,
  SSO_PENDING_TTL,
  SsoRefused,
  type StaffPrincipal,
  StepUpRefused,
  startSsoSignIn,
} from '@lifeline/api';
import type { SsoRefusal } from '@lifeline/domain';
import { parseCookie, stringifySetCookie } from 'cookie';
import { type Express, type Request, type Response, Router } from 'express';

/** The browser's half of a started sign-in: a random id whose hash names the pending row. */
export const SSO_PENDING_COOKIE = 'lifeline_sso';
const PENDING_COOKIE_PATH = '/auth/oidc';
/** Where a provider step-up returns to in the console (a same-origin path), for the callback. */
const STEP_UP_RETURN_COOKIE = 'lifeline_step_up_return';

/**
 * A step-up's `returnTo`: a path on this origin (one leading `/`, no scheme, no `//`, no
 * backslash, bounded), else `/` — never an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) return '/';
  const control = [...value].some((c) => c === '\\' || (c.codePointAt(0) ?? 0) < 0x20);
  if (!value.startsWith('/') || value.startsWith('//') || control) return '/';
  try {
    const url = new URL(value, 'http://lifeline.invalid');
    if (url.origin !== 'http://lifeline.invalid') return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** The console page a refused step-up lands on, with why in `step_up_error`. */
function withStepUpError(returnTo: string, refusal: string): string {
  const url = new URL(returnTo, 'http://lifeline.invalid');
  url.searchParams.set('step_up_error', refusal);
  return `${url.pathname}${url.search}${url.hash}`;
}

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
  sessionIdOf: (req: Request) => string | undefined,
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

  const returnCookie = (req: Request, res: Response, value: string, maxAgeMs: number) => {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: STEP_UP_RETURN_COOKIE,
        value,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: PENDING_COOKIE_PATH,
        maxAge: Math.floor(maxAgeMs / 1000),
      }),
    );
  };

  routes.get('/start', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const stepUp = req.query.stepUp === '1';
    const returnTo = stepUp ? safeReturnTo(req.query.returnTo) : '/';
    // The pending cookie must be set on the origin the provider will send the browser back to
    // (OIDC_REDIRECT_URL): a console opened as localhost while registered as 127.0.0.1, or by
    // another name, starts over there first. Once only, should a proxy hide the real host.
    // (A step-up cannot move: its session cookie belongs to this origin.)
    const home = deps.sso ? new URL(deps.sso.redirectUrl).origin : null;
    if (
      !stepUp &&
      home &&
      `${req.protocol}://${req.get('host')}` !== home &&
      req.query.moved === undefined
    ) {
      res.redirect(303, `${home}${PENDING_COOKIE_PATH}/start?moved=1`);
      return;
    }
    try {
      let staff: StaffPrincipal | undefined;
      if (stepUp) {
        // A step-up is for the session this browser holds, complete (not a pending sign-in).
        const found = await resolveSession(deps, sessionIdOf(req), { ip: req.ip ?? '' });
        if (!found || found.secondFactor?.pending) {
          res.redirect(303, withStepUpError(returnTo, 'no_session'));
          return;
        }
        staff = found;
      }
      const { pendingId, authorizationUrl } = await startSsoSignIn(deps, {
        ip: req.ip ?? '',
        ...(staff ? { stepUp: staff } : {}),
      });
      pendingCookie(req, res, pendingId, SSO_PENDING_TTL);
      if (stepUp) returnCookie(req, res, encodeURIComponent(returnTo), SSO_PENDING_TTL);
      res.redirect(303, authorizationUrl);
    } catch (error) {
      if (stepUp && error instanceof SsoRefused) {
        res.redirect(303, withStepUpError(returnTo, error.refusal));
        return;
      }
      refused(res, error);
    }
  });

  routes.get('/callback', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    // Used once, whatever comes of it.
    pendingCookie(req, res, '', 0);
    const header = req.headers.cookie;
    const cookies = header ? parseCookie(header) : {};
    const pendingId = cookies[SSO_PENDING_COOKIE];
    const stepUpReturn = cookies[STEP_UP_RETURN_COOKIE];
    if (stepUpReturn !== undefined) returnCookie(req, res, '', 0);
    const returnTo = safeReturnTo(
      stepUpReturn === undefined ? undefined : decodeURIComponent(stepUpReturn),
    );
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
      if ('stepUp' in result) {
        // The same session, its step-up window started: back where the console was.
        res.redirect(303, returnTo);
        return;
      }
      sessionCookies(req, res).set(result.sessionId, SESSION_ABSOLUTE_TIMEOUT);
      res.redirect(303, '/');
    } catch (error) {
      if (error instanceof StepUpRefused) {
        deps.logger.info(
          { requestId: res.locals.requestId, refusal: error.refusal, detail: error.message },
          'step-up at the provider refused',
        );
        res.redirect(303, withStepUpError(returnTo, error.refusal));
        return;
      }
      refused(res, error);
    }
  });

  app.use(PENDING_COOKIE_PATH, routes);
}
