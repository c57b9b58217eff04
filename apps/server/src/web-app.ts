import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { refuseRequest } from './http-guards.ts';

export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Serves the built console from the same origin as the API (so cookies stay SameSite=Strict
 * and CSP can be 'self'). Hashed assets are cached for a year; index.html never is. Source
 * maps (the console's sources, the shared domain code with them) only when asked: in
 * development.
 */
export function serveWebApp(
  app: Express,
  distDir = WEB_DIST,
  options: { sourceMaps?: boolean } = {},
): boolean {
  const indexHtml = join(distDir, 'index.html');
  if (!existsSync(indexHtml)) return false;
  if (!options.sourceMaps) {
    app.use((req, res, next) =>
      isSourceMap(req.path) ? refuseRequest(res, 'NOT_FOUND', 'Not found.') : next(),
    );
  }
  app.use(
    '/assets',
    express.static(join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(express.static(distDir, { index: false, maxAge: 0 }));
  // Client-side routes: any other GET that is not the API gets the app.
  app.get(/^\/(?!trpc\/|api\/|healthz$|readyz$|metrics$).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(indexHtml);
  });
  return true;
}

/** The path as the static handler reads it: decoded, so `%2Emap` is caught too. */
function isSourceMap(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not decodable: the static handler refuses it as well.
  }
  return /\.map$/i.test(decoded);
}
