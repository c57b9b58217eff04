import { randomUUID } from 'node:crypto';
import { refusalResponse } from '@lifeline/api';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { parseHostName } from './env.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A request id from the proxy when it looks sane, else a new one; echoed in the response. */
export function requestId(req: Request, res: Response, next: NextFunction) {
  const given = req.get('x-request-id');
  const id = given && REQUEST_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/** CSP without inline script, no framing, no sniffing, no referrer (SPEC §13). */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Mantine writes its CSS variables in a <style> element; scripts stay strict.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
});

/** The tRPC-shaped refusal the console understands, for requests refused before tRPC. */
export function refuseRequest(
  res: Response,
  reason: Parameters<typeof refusalResponse>[0],
  message: string,
  status?: number,
) {
  const refusal = refusalResponse(reason, message, res.locals.requestId, status);
  res.status(refusal.status).json(refusal.body);
}

/**
 * CSRF: a state-changing request must say it comes from this origin, and must be JSON — a
 * cross-site form can send neither `Origin: <us>` nor `application/json` without a preflight,
 * and `multipart/form-data` or `text/plain` skip the preflight, so they are refused outright.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.get('origin');
  const expected = `${req.protocol}://${req.get('host')}`;
  if (!origin || origin !== expected) {
    return refuseRequest(
      res,
      'UNAUTHENTICATED',
      'Cross-site request refused: it must come from the console itself.',
      403,
    );
  }
  if (!req.is('application/json')) {
    return refuseRequest(
      res,
      'INVALID_INPUT',
      'Requests that change anything must be sent as application/json.',
      415,
    );
  }
  next();
}

/**
 * DNS rebinding: a page on an attacker's name, re-pointed at this server's address, would be
 * "same origin" to the browser and could read the console's answers. Its requests carry the
 * attacker's name in `Host`, so only the names we serve are answered (`*` turns this off).
 * An entry without a port allows its name on any port.
 */
export function hostAllowList(allowed: readonly string[] | '*') {
  if (allowed === '*') return (_req: Request, _res: Response, next: NextFunction) => next();
  const entries = allowed.map((entry) => {
    const parsed = parseHostName(entry);
    if (!parsed) throw new Error(`not a host[:port] name: ${JSON.stringify(entry)}`);
    return parsed;
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const host = parseHostName(req.headers.host ?? '');
    if (
      host &&
      entries.some((e) => e.name === host.name && (e.port === null || e.port === host.port))
    ) {
      return next();
    }
    refuseRequest(
      res,
      'INVALID_INPUT',
      'This server does not answer to that host name (see ALLOWED_HOSTS).',
      421,
    );
  };
}

/** Responses that may hold customer data are never kept by a browser or a proxy. */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
