import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';

export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Serves the built console from the same origin as the API (so cookies stay SameSite=Strict
 * and CSP can be 'self'). Hashed assets are cached for a year; index.html never is.
 */
export function serveWebApp(app: Express, distDir = WEB_DIST): boolean {
  const indexHtml = join(distDir, 'index.html');
  if (!existsSync(indexHtml)) return false;
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
