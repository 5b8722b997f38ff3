/**
 * SQLite answers broad `--text`, `--actor` and `--bbox` listings by walking the date index instead of
 * sorting the whole match set. Both plans must list the same page: the same store is opened twice, once with
 * thresholds that force the walk and once with thresholds that forbid it. A listing by actor alone (or
 * with dates) reads report_actors' own date index instead; its pages are checked against the export
 * path, which sorts the whole match set through the general query.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../../src/store/rows.js';
import { actorPageSql } from '../../src/store/query.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { EventFilter, StoredReport } from '../../src/store/types.js';
import { actor, event, output, place } from './fake-output.js';

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-plans-'));
const path = join(tmp, 'plans.db');
after(() => rmSync(tmp, { recursive: true, force: true }));

const ACTORS = [actor('Military of Syria', 'state.SYR.mil', 'SYR', 0, 4, 'MIL'), actor('Hayat Tahrir al-Sham', 'armed.hts', 'SYR', 10, 13, 'REB'), actor('M23', 'armed.m23', 'COD', 0, 3, 'REB'), actor('Military of DR Congo', 'state.COD.mil', 'COD', 20, 25, 'MIL')];
const PLACES = [place('Alep', 'SYR', 36.2, 37.16, 170063), place('Goma', 'COD', -1.68, 29.22, 216281)];
const SENTENCES = [
  { lang: 'fr', text: 'Des frappes aériennes ont touché les faubourgs, selon des témoins.' },
  { lang: 'fr', text: 'Les négociations de cessez-le-feu ont repris à Doha.' },
  { lang: 'en', text: 'Shelling hit the outskirts overnight, residents said.' },
  { lang: 'en', text: 'Ceasefire talks resumed in Doha on Monday.' },
];

async function all(it: AsyncIterable<StoredReport>): Promise<number[]> {
  const out: number[] = [];
  for await (const r of it) out.push(r.reportId);
  return out;
}

describe('SQLite listing plans: walk and set give the same page', () => {
  before(async () => {
    const store = SqliteStore.open(path);
    for (let d = 0; d < 120; d++) {
      const s = SENTENCES[d % SENTENCES.length] as (typeof SENTENCES)[number];
      const text = `${s.text} Dépêche ${d}.`;
      // Three reports per document, spread over dates so the page order interleaves documents.
      const events = [0, 1, 2].map((k) =>
        event({
          id: `p${d}#e${k}`,
          source: [ACTORS[(d + k) % ACTORS.length] as (typeof ACTORS)[number]],
          target: d % 5 === 0 ? [ACTORS[(d + 1) % ACTORS.length] as (typeof ACTORS)[number]] : [],
          location: PLACES[d % 2] as (typeof PLACES)[number],
          date: { start: `2024-${String(1 + ((d * 7 + k) % 12)).padStart(2, '0')}-${String(1 + ((d * 3) % 28)).padStart(2, '0')}`, end: null, precision: 'day', text: 'x', charStart: 0, charEnd: 1, rule: 't' } as never,
        }),
      );
      await store.saveDocument({ inputId: `p${d}`, url: null, contentHash: contentHash(text), title: null, byline: null, siteName: null, outlet: 'Test', language: s.lang, published: '2024-12-31', kind: 'text', origin: 'test', raw: null, text, meta: {} }, output(`p${d}`, events), 'run');
    }
    await store.close();
  });

  const cases: { name: string; filter: EventFilter }[] = [
    { name: 'common French word', filter: { text: 'frappes' } },
    { name: 'common English words', filter: { text: 'ceasefire talks' } },
    { name: 'accent-insensitive', filter: { text: 'negociations' } },
    { name: 'actor name substring', filter: { actor: 'military' } },
    { name: 'actor id', filter: { actor: 'armed.hts' } },
    { name: 'actor within dates', filter: { actor: 'military', since: '2024-03-01', until: '2024-06-30' } },
    { name: 'actor with empty lists', filter: { actor: 'm23', countries: [], types: [] } },
    { name: 'actor and country', filter: { actor: 'military', countries: ['SYR'] } },
    { name: 'actor and text', filter: { actor: 'Military of Syria', text: 'shelling' } },
    { name: 'text with another filter', filter: { text: 'doha', countries: ['COD'] } },
    { name: 'nothing matches', filter: { text: 'zzzz', actor: 'nobody' } },
    // Alep lies at 37.16 E, 36.2 N and Goma at 29.22 E, 1.68 S; a box is minLon, minLat, maxLon, maxLat.
    { name: 'box around one place', filter: { bbox: [37, 36, 37.5, 36.5] } },
    { name: 'box around both places', filter: { bbox: [20, -5, 40, 40] } },
    { name: 'box holding nothing', filter: { bbox: [0, 0, 1, 1] } },
    { name: 'box and actor', filter: { bbox: [37, 36, 37.5, 36.5], actor: 'military' } },
    { name: 'box and text', filter: { bbox: [20, -5, 40, 40], text: 'frappes' } },
    { name: 'box, country and dates', filter: { bbox: [20, -5, 40, 40], countries: ['COD'], since: '2024-03-01', until: '2024-10-31' } },
    { name: 'box, actor and text', filter: { bbox: [20, -5, 40, 40], actor: 'military', text: 'ceasefire' } },
    { name: 'box and actor within dates', filter: { bbox: [20, -5, 40, 40], actor: 'military', since: '2024-04-01', until: '2024-09-30' } },
    // The R*Tree keeps 32-bit floats rounded outwards, so it finds Alep in a box that ends just west of it.
    { name: 'box ending a hair before a place, and actor', filter: { bbox: [37, 36, 37.1599999, 36.5], actor: 'military' } },
  ];
  for (const order of ['newest', 'id'] as const) {
    for (const c of cases) {
      it(`${c.name} (${order})`, async () => {
        const walk = SqliteStore.open(path, { walkMinDocs: 1, walkMinReports: 1 });
        // A window too small to fill the page makes the walk fall back to the set plan.
        const narrow = SqliteStore.open(path, { walkMinDocs: 1, walkMinReports: 1, walkWindow: 5 });
        const set = SqliteStore.open(path, { walkMinDocs: 1e9, walkMinReports: 1e9 });
        try {
          for (const limit of [7, 50]) {
            const a = await all(walk.events(c.filter, { order, limit }));
            assert.deepEqual(await all(narrow.events(c.filter, { order, limit })), a);
            const b = await all(set.events(c.filter, { order, limit }));
            assert.deepEqual(a, b);
            // The unlimited export path applies the same filter.
            const full = await all(set.events(c.filter, { order }));
            assert.deepEqual(a, full.slice(0, limit));
          }
        } finally {
          await narrow.close();
          await walk.close();
          await set.close();
        }
      });
    }
  }
});

describe('SQLite listing by actor in a box', () => {
  it('takes the candidates the R*Tree finds by overlap and drops those outside the exact box', async () => {
    const store = SqliteStore.open(path, { walkMinReports: 1 });
    try {
      const db = store.raw();
      // Alep (37.16 E) is outside a box ending at 37.1599999 E, yet within the R*Tree's rounded bounds.
      const overlap = db.prepare('SELECT count(*) FROM reports_geo WHERE max_lon >= 37 AND min_lon <= 37.1599999 AND max_lat >= 36 AND min_lat <= 36.5').pluck().get() as number;
      assert.ok(overlap > 0, 'the R*Tree finds Alep by overlap');
      for (const limit of [1, 7, 500]) assert.deepEqual(await all(store.events({ actor: 'military', bbox: [37, 36, 37.1599999, 36.5] }, { order: 'newest', limit })), []);
      const inside = await all(store.events({ actor: 'military', bbox: [37, 36, 37.2, 36.5] }, { order: 'newest', limit: 7 }));
      assert.equal(inside.length, 7);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite listing by actor: one index, each actor newest first', () => {
  it('reads report_actors through (actor_id, event_date, report_id) and never the reports table', async () => {
    const store = SqliteStore.open(path);
    try {
      for (const filter of [{ actor: 'military' }, { actor: 'armed.hts', since: '2024-02-01', until: '2024-11-30' }]) {
        const q = actorPageSql(filter, 50);
        assert.ok(q !== null);
        const plan = (store.raw().prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
        assert.ok(plan.some((d) => d.includes('USING COVERING INDEX report_actors_actor_date (actor_id=?')), plan.join('\n'));
        assert.ok(!plan.some((d) => /\breports\b|\br\b/u.test(d)), plan.join('\n'));
      }
    } finally {
      await store.close();
    }
  });

  const others: { name: string; filter: EventFilter; plan: boolean }[] = [
    { name: 'actor alone', filter: { actor: 'm23' }, plan: true },
    { name: 'actor and dates', filter: { actor: 'm23', since: '2024-01-01' }, plan: true },
    { name: 'empty lists are no filter', filter: { actor: 'm23', countries: [], acledTypes: [] }, plan: true },
    { name: 'no actor', filter: { since: '2024-01-01' }, plan: false },
    { name: 'empty actor', filter: { actor: '' }, plan: false },
    { name: 'actor and country', filter: { actor: 'm23', countries: ['COD'] }, plan: false },
    { name: 'actor and text', filter: { actor: 'm23', text: 'goma' }, plan: false },
    { name: 'actor and empty text (matches nothing)', filter: { actor: 'm23', text: '' }, plan: false },
    { name: 'actor and empty place', filter: { actor: 'm23', place: '' }, plan: false },
    { name: 'actor and bbox', filter: { actor: 'm23', bbox: [28, -2, 30, 0] }, plan: false },
  ];
  for (const c of others) {
    it(`${c.name}: ${c.plan ? 'by actor' : 'general plan'}`, () => {
      assert.equal(actorPageSql(c.filter, 10) !== null, c.plan);
    });
  }
});

describe('SQLite migration 4: report_actors gain their report event date', () => {
  it('fills the dates of a version-3 store on open, and listings by actor match the export path', async () => {
    const old = join(tmp, 'v3.db');
    const store = SqliteStore.open(old);
    for (let d = 0; d < 6; d++) {
      const text = `Dépêche de migration ${d}.`;
      const events = [event({ id: `m${d}`, source: [ACTORS[d % 2] as (typeof ACTORS)[number]], target: [], date: { start: `2024-0${1 + d}-15`, end: null, precision: 'day', text: 'x', charStart: 0, charEnd: 1, rule: 't' } as never })];
      await store.saveDocument({ inputId: `m${d}`, url: null, contentHash: contentHash(text), title: null, byline: null, siteName: null, outlet: 'Test', language: 'fr', published: '2024-12-31', kind: 'text', origin: 'test', raw: null, text, meta: {} }, output(`m${d}`, events), 'run');
    }
    // Back to version 3's shape: no date column, the old index, no record of migration 4.
    store.raw().exec(`DROP INDEX report_actors_actor_date; ALTER TABLE report_actors DROP COLUMN event_date;
      CREATE INDEX report_actors_actor ON report_actors(actor_id, report_id); DELETE FROM schema_migrations WHERE version = 4;`);
    await store.close();

    const reopened = SqliteStore.open(old);
    try {
      const db = reopened.raw();
      const missing = db.prepare('SELECT count(*) AS n FROM report_actors ra JOIN reports r ON r.id = ra.report_id WHERE ra.event_date IS NOT r.event_date').get() as { n: number };
      assert.equal(missing.n, 0);
      assert.equal((db.prepare('SELECT count(*) AS n FROM report_actors').get() as { n: number }).n, 6);
      for (const actorName of ['military', 'hayat']) {
        const page = await all(reopened.events({ actor: actorName }, { order: 'newest', limit: 2 }));
        const full = await all(reopened.events({ actor: actorName }, { order: 'newest' }));
        assert.equal(full.length, 3);
        assert.deepEqual(page, full.slice(0, 2));
      }
    } finally {
      await reopened.close();
    }
  });
});
