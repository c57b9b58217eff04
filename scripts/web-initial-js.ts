// What the console's first load downloads before it can render (issue 15): the entry script of
// the built index.html, every module it imports statically (followed through the chunks, not
// only the modulepreload links Vite writes), gzipped as a server would send them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the console's initial JavaScript, gzipped (issue 15). */
export const INITIAL_JS_BUDGET_KIB = 180;

export interface InitialJsFile {
  /** Path under dist, e.g. `assets/index-abc123.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialJs {
  files: InitialJsFile[];
  bytes: number;
  gzipBytes: number;
  gzipKiB: number;
}

// Static imports and re-exports of the built chunks (minified ES modules): `import"./x.js"`,
// `import{a as b}from"./x.js"`, `export*from"./x.js"`. Dynamic `import("./x.js")` has a
// parenthesis after `import` and is left out: it is loaded on demand.
const STATIC_IMPORT =
  /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

function entryFiles(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="\/([^"]+\.js)"/g),
  ].map((match) => match[1] ?? '');
  if (entries.length === 0) throw new Error(`${dist}/index.html loads no module script`);
  return entries;
}

/** The files the entry HTML loads as modules, and what they import statically, gzipped. */
export function initialJs(dist: string): InitialJs {
  return staticClosure(dist, entryFiles(dist));
}

/**
 * What a signed-in agent's browser loads before the lookup page can show (a reload of `/`):
 * the initial JavaScript, and the shell's and lookup page's chunks with their static imports
 * (fetched on demand, beside `auth.me`). Null when the build has no such chunks.
 */
export function lookupPageJs(dist: string): InitialJs | null {
  const chunks = readdirSync(join(dist, 'assets')).filter((name) =>
    /^(Shell|LookupPage)-[\w-]+\.js$/.test(name),
  );
  if (chunks.length < 2) return null;
  return staticClosure(dist, [...entryFiles(dist), ...chunks.map((name) => `assets/${name}`)]);
}

function staticClosure(dist: string, starts: string[]): InitialJs {
  const seen = new Set<string>();
  const files: InitialJsFile[] = [];
  const queue = [...starts];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const content = readFileSync(join(dist, file));
    files.push({ file, bytes: content.length, gzipBytes: gzipSync(content).length });
    for (const match of content.toString('utf8').matchAll(STATIC_IMPORT)) {
      queue.push(posix.join(posix.dirname(file), match[1] ?? ''));
    }
  }
  const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return {
    files: files.sort((a, b) => b.gzipBytes - a.gzipBytes),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes,
    gzipKiB: Math.round((gzipBytes / 1024) * 10) / 10,
  };
}

/** One line per file, largest first: what a failed budget prints. */
export function describeInitialJs(measure: InitialJs): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return [
    `initial JS: ${kib(measure.gzipBytes)} gzipped (${kib(measure.bytes)} raw) in ${measure.files.length} files`,
    ...measure.files.map(
      (f) => `  ${kib(f.gzipBytes).padStart(10)}  ${f.file} (${kib(f.bytes)} raw)`,
    ),
  ].join('\n');
}
