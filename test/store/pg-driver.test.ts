/**
 * pgDriver loads `pg` without the runtime probe that, on Node 20, pulls in Node's fetch implementation
 * (undici), and leaves the global object as it found it. Each case runs in a fresh process, because
 * what a process has loaded cannot be unloaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Runs an ES module body under tsx in a new Node process; returns its stdout parsed as JSON. */
function inFreshProcess(body: string): unknown {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as unknown;
}

const undiciLoaded = 'process.moduleLoadList.some((m) => m.includes("undici"))';

test('pgDriver gives a working pg module without loading undici, and removes its navigator again', () => {
  const out = inFreshProcess(`
    const before = typeof globalThis.navigator;
    const { pgDriver } = await import('./src/store/pg-driver.ts');
    const pg = pgDriver();
    console.log(JSON.stringify({ pool: typeof pg.Pool, client: typeof pg.Client, same: pgDriver() === pg, before, after: typeof globalThis.navigator, undici: ${undiciLoaded} }));
  `) as Record<string, unknown>;
  assert.equal(out.pool, 'function');
  assert.equal(out.client, 'function');
  assert.equal(out.same, true);
  assert.equal(out.after, out.before, 'the global navigator is as it was before the load');
  assert.equal(out.undici, false);
});

test('the probe this avoids is real: a plain require of pg loads undici where Node has no navigator', () => {
  const out = inFreshProcess(`
    const { createRequire } = await import('node:module');
    const had = typeof globalThis.navigator !== 'undefined';
    createRequire(process.cwd() + '/')('pg');
    console.log(JSON.stringify({ had, undici: ${undiciLoaded} }));
  `) as { had: boolean; undici: boolean };
  // Node 21 and later define navigator, and pg's probe stops there.
  assert.equal(out.undici, !out.had);
});
