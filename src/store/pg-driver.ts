/**
 * Loads the `pg` driver without its runtime probe's cost. When `pg` loads, it asks whether it runs on
 * Cloudflare Workers: first through `navigator.userAgent`, which Node defines from version 21, and
 * failing that by constructing a `Response`. On Node 20 there is no `navigator`, and touching the
 * global `Response` loads Node's bundled fetch implementation (undici): 40-60 ms of one core, measured
 * with `--cpu-prof` in each thread that loads `pg` (the main thread and the writer thread), at the
 * start of every `sitrep` command on PostgreSQL. A `navigator` with Node's own user agent, present
 * only while `pg` loads, answers the probe the way Node 21 and later do.
 */
import { createRequire } from 'node:module';

type Pg = typeof import('pg');

let loaded: Pg | null = null;

/** The `pg` module, loaded on first call. */
export function pgDriver(): Pg {
  if (loaded !== null) return loaded;
  const g = globalThis as { navigator?: unknown };
  const shim = g.navigator === undefined;
  if (shim) Object.defineProperty(g, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0] ?? ''}` }, configurable: true, writable: true });
  try {
    loaded = createRequire(import.meta.url)('pg') as Pg;
  } finally {
    if (shim) delete g.navigator;
  }
  return loaded;
}
