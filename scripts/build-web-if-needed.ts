// `pnpm start` builds the console only when its sources are newer than the last build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'apps/web');
const built = join(web, 'dist/index.html');
const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(web, 'package.json'),
  join(root, 'packages/api/src/schemas.ts'),
  join(root, 'packages/domain/src'),
];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
if (sources.some((source) => existsSync(source) && newest(source) > builtAt)) {
  console.log('Building the console (apps/web)…');
  execFileSync('pnpm', ['--filter', '@lifeline/web', 'build'], { stdio: 'inherit', cwd: root });
}
