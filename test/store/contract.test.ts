/**
 * The storage contract: one suite, run against SQLite and PostgreSQL. Whatever one back-end answers,
 * the other must answer the same.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../../src/store/rows.js';
import type { DocumentInput, EventFilter, Store, StoredReport } from '../../src/store/types.js';
import { postgresBackend, postgresUrl, sqliteBackend, type Backend } from './backends.js';
import { actor, event, output, place } from './fake-output.js';
import type { SitrepEvent } from '../../src/core/types.js';
import { extract } from '../../src/extract.js';
import { run } from './harness.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'ingest');

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-contract-'));
const pgUrl = await postgresUrl();
const backends: Backend[] = [sqliteBackend(() => tmp), ...(pgUrl ? [postgresBackend(pgUrl)] : [])];
after(() => rmSync(tmp, { recursive: true, force: true }));

function docInput(text: string, over: Partial<DocumentInput> = {}): DocumentInput {
  return { inputId: over.inputId ?? text.slice(0, 12), url: null, contentHash: contentHash(text), title: null, byline: null, siteName: null, outlet: 'Test Wire', language: 'en', published: null, kind: 'text', origin: 'test', raw: null, text, meta: {}, ...over };
}

async function all(it: AsyncIterable<StoredReport>): Promise<StoredReport[]> {
  const out: StoredReport[] = [];
  for await (const r of it) out.push(r);
  return out;
}

// Four documents whose events differ along every filter dimension.
const ALEPPO = place('Aleppo', 'SYR', 36.2, 37.16, 170063);
const GOMA = place('Goma', 'COD', -1.68, 29.22, 216281);
const KIDAL = place('Kidal', 'MLI', 18.44, 1.41, 2455290);
const SYR_ARMY = actor('Military of Syria', 'state.SYR.mil', 'SYR', 0, 4, 'MIL');
const HTS = actor('Hayat Tahrir al-Sham', 'armed.hts', 'SYR', 10, 13, 'REB');
const M23 = actor('M23', 'armed.m23', 'COD', 0, 3, 'REB');
const FARDC = actor('Military of DR Congo', 'state.COD.mil', 'COD', 20, 25, 'MIL');
const PROTESTERS = actor('Protesters (Mali)', 'generic.protesters', 'MLI', 0, 10, 'CVL');

const DOCS = [
  {
    text: 'Les rebelles de HTS sont entrés dans Alep après des combats avec l’armée syrienne, le 30 novembre.',
    lang: 'fr',
    published: '2024-12-01',
    events: [
      event({ id: 'd1#e1', source: [HTS], target: [SYR_ARMY], location: ALEPPO, date: { start: '2024-11-30', end: '2024-11-30', precision: 'day', text: 'le 30 novembre', charStart: 80, charEnd: 94, rule: 't' }, counts: [{ kind: 'killed', value: 12, qualifier: 'exact', low: null, high: null, by: null, text: '12', start: 1, end: 3, rule: 't' }, { kind: 'killed', value: 20, qualifier: 'at_least', low: null, high: null, by: null, text: '20', start: 5, end: 7, rule: 't' }] }),
    ],
  },
  {
    text: 'M23 rebels attacked army positions near Goma on 5 February, killing soldiers.',
    lang: 'en',
    published: '2024-02-06',
    events: [
      event({ id: 'd2#e1', source: [M23], target: [FARDC], location: GOMA, date: { start: '2024-02-05', end: '2024-02-05', precision: 'day', text: '5 February', charStart: 48, charEnd: 58, rule: 't' } }),
      event({ id: 'd2#e2', type: 'COERCE', acled: null, source: [FARDC], target: [], location: GOMA, date: null }),
    ],
  },
  {
    text: 'Des manifestants ont défilé à Kidal pour réclamer la paix; la police a dispersé la foule.',
    lang: 'fr',
    published: '2023-07-14',
    events: [event({ id: 'd3#e1', type: 'PROTEST', acled: { eventType: 'Protests', subEventType: 'Peaceful protest' }, source: [PROTESTERS], location: KIDAL, date: { start: '2023-07-13', end: '2023-07-13', precision: 'day', text: 'x', charStart: 0, charEnd: 1, rule: 't' }, attribution: { by: 'AFP', stance: 'reported', text: 'selon', start: 0, end: 5, rule: 't' } })],
  },
  { text: 'A quiet day with no events at all in the capital, officials said on Monday.', lang: 'en', published: '2024-03-04', events: [] },
];

for (const backend of backends) {
  describe(`store contract: ${backend.name}`, () => {
    let store: Store;
    let spec = '';
    let dispose: () => Promise<void>;
    const ids: number[] = [];

    before(async () => {
      const opened = await backend.open();
      store = opened.store;
      spec = opened.spec;
      dispose = opened.dispose;
      for (const [i, d] of DOCS.entries()) {
        const res = await store.saveDocument(docInput(d.text, { inputId: `d${i + 1}`, language: d.lang, published: d.published, title: `Doc ${i + 1}` }), output(`d${i + 1}`, d.events, { published: d.published, language: d.lang }), 'run-1');
        assert.equal(res.status, 'stored');
        assert.equal(res.reports, d.events.length);
        ids.push(res.documentId);
      }
    });
    after(async () => dispose?.());

    it('stores documents, reports, events and normalised actors and places', async () => {
      const c = await store.counts();
      assert.deepEqual({ ...c, errors: 0 }, { documents: 4, reports: 4, events: 4, actors: 5, places: 3, errors: 0 });
    });

    it('keeps every field and span of the extraction in a report', async () => {
      const [r] = await all(store.events({ place: 'Aleppo' }, { order: 'id' }));
      assert.ok(r);
      assert.deepEqual(r.event, DOCS[0]?.events[0]);
      assert.equal(r.eventDate, '2024-11-30');
      assert.equal(r.fatalities, 20, 'competing tolls: the highest');
      assert.equal(r.country, 'SYR');
      assert.equal(r.document.outlet, 'Test Wire');
      assert.equal(r.document.published, '2024-12-01');
      assert.equal(r.document.title, 'Doc 1');
    });

    it('applies overlapping saves in call order, and rolls back a failing document alone', async () => {
      const fresh = await backend.open();
      try {
        const texts = ['Shelling hit Idlib on Monday.', 'Clashes erupted near Homs on Tuesday.', 'Protesters gathered in Hama on Friday.', 'Troops withdrew from Deraa on Sunday.'];
        // The third document breaks a NOT NULL column in its second report, after its first report
        // and its document row were written: all of it must go, and nothing else.
        const broken = event({ id: 'x3#e2', type: null as unknown as SitrepEvent['type'] });
        const outputs = [
          output('x1', [event({ id: 'x1#e1', location: ALEPPO })]),
          output('x2', [event({ id: 'x2#e1', source: [HTS] })]),
          output('x3', [event({ id: 'x3#e1', source: [M23] }), broken]),
          output('x4', [event({ id: 'x4#e1', location: GOMA })]),
        ];
        // Handed over without waiting, as the ingest loop does.
        const saving = texts.map((t, i) => fresh.store.saveDocument(docInput(t, { inputId: `x${i + 1}` }), outputs[i] as ReturnType<typeof output>, 'run-x'));
        const settled = await Promise.allSettled(saving);
        assert.deepEqual(settled.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        const ok = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value.documentId] : []));
        assert.ok((ok[0] as number) < (ok[1] as number) && (ok[1] as number) < (ok[2] as number), `document ids follow call order: ${ok.join(', ')}`);
        assert.deepEqual(await fresh.store.counts(), { documents: 3, reports: 3, events: 3, actors: 1, places: 2, errors: 0 });
        assert.deepEqual(await fresh.store.checkDuplicates([contentHash(texts[2] as string)]), new Map(), 'nothing of the failed document is stored');
        // The failed text can be stored afterwards.
        const retry = await fresh.store.saveDocument(docInput(texts[2] as string, { inputId: 'x3' }), output('x3', [event({ id: 'x3#e1', source: [M23] })]), 'run-x');
        assert.equal(retry.status, 'stored');
        assert.deepEqual((await fresh.store.counts()).actors, 2, 'an actor first seen in a rolled-back document is inserted again');
      } finally {
        await fresh.dispose();
      }
    });

    it('stores the same text once, whatever its id or whitespace', async () => {
      const again = await store.saveDocument(docInput(`  ${DOCS[1]?.text.replace(/ /g, '\n')}\n`, { inputId: 'other-id' }), output('x', []), 'run-2');
      assert.equal(again.status, 'duplicate');
      assert.equal(again.documentId, ids[1]);
      const unknown = contentHash('A text this store has never seen.');
      assert.deepEqual(await store.checkDuplicates([contentHash(DOCS[1]?.text ?? ''), unknown, contentHash(DOCS[2]?.text ?? '')]), new Map([[contentHash(DOCS[1]?.text ?? ''), ids[1]], [contentHash(DOCS[2]?.text ?? ''), ids[2]]]));
      assert.deepEqual(await store.checkDuplicates([]), new Map());
      assert.equal((await store.counts()).documents, 4);
    });

    it('stores a changed text at the same URL as a new version', async () => {
      const url = 'https://news.example/story';
      const v1 = await store.saveDocument(docInput('First version of the story about shelling in Homs.', { url }), output('v1', []), 'run-3');
      const v2 = await store.saveDocument(docInput('Updated version of the story about shelling in Homs, with a toll.', { url }), output('v2', []), 'run-3');
      const v2again = await store.saveDocument(docInput('Updated version of the story about shelling in Homs, with a toll.', { url }), output('v2', []), 'run-3');
      assert.deepEqual([v1.status, v1.version, v2.status, v2.version, v2again.status], ['stored', 1, 'version', 2, 'duplicate']);
    });

    const cases: { name: string; filter: EventFilter; expect: string[] }[] = [
      { name: 'no filter', filter: {}, expect: ['d1#e1', 'd2#e1', 'd2#e2', 'd3#e1'] },
      { name: 'since', filter: { since: '2024-01-01' }, expect: ['d1#e1', 'd2#e1', 'd2#e2'] },
      { name: 'until (inclusive)', filter: { until: '2024-02-05' }, expect: ['d2#e1', 'd3#e1'] },
      { name: 'date without an event date falls back to publication', filter: { since: '2024-02-06', until: '2024-02-06' }, expect: ['d2#e2'] },
      { name: 'country', filter: { countries: ['COD'] }, expect: ['d2#e1', 'd2#e2'] },
      { name: 'two countries', filter: { countries: ['SYR', 'MLI'] }, expect: ['d1#e1', 'd3#e1'] },
      { name: 'PLOVER type', filter: { types: ['PROTEST'] }, expect: ['d3#e1'] },
      { name: 'ACLED event type', filter: { acledTypes: ['Battles'] }, expect: ['d1#e1', 'd2#e1'] },
      { name: 'ACLED sub-event type', filter: { acledTypes: ['Peaceful protest'] }, expect: ['d3#e1'] },
      { name: 'actor by name, any case and accents', filter: { actor: 'hayat tahrir' }, expect: ['d1#e1'] },
      { name: 'actor as source or target', filter: { actor: 'Military of DR Congo' }, expect: ['d2#e1', 'd2#e2'] },
      { name: 'actor by dictionary id', filter: { actor: 'armed.m23' }, expect: ['d2#e1'] },
      { name: 'place', filter: { place: 'goma' }, expect: ['d2#e1', 'd2#e2'] },
      { name: 'bbox around the Levant', filter: { bbox: [35, 32, 43, 38] }, expect: ['d1#e1'] },
      { name: 'bbox around the Sahel', filter: { bbox: [-5, 10, 5, 20] }, expect: ['d3#e1'] },
      { name: 'text, accent-insensitive (FR)', filter: { text: 'defile' }, expect: ['d3#e1'] },
      { name: 'text (EN)', filter: { text: 'ARMY positions' }, expect: ['d2#e1', 'd2#e2'] },
      { name: 'filters combine', filter: { countries: ['COD'], types: ['ASSAULT'], since: '2024-01-01' }, expect: ['d2#e1'] },
      { name: 'actor within dates', filter: { actor: 'military', since: '2024-02-06' }, expect: ['d1#e1', 'd2#e2'] },
      { name: 'actor and country', filter: { actor: 'military', countries: ['COD'] }, expect: ['d2#e1', 'd2#e2'] },
      { name: 'actor and text', filter: { actor: 'm23', text: 'goma' }, expect: ['d2#e1'] },
      { name: 'text and country', filter: { text: 'alep', countries: ['COD'] }, expect: [] },
      { name: 'nothing matches', filter: { actor: 'nobody at all' }, expect: [] },
    ];
    for (const c of cases) {
      it(`filters events: ${c.name}`, async () => {
        const got = (await all(store.events(c.filter, { order: 'id' }))).map((r) => r.event.id);
        assert.deepEqual(got, c.expect);
        // A listing chooses its page by other plans than an export: same reports, newest first.
        const newest = (await all(store.events(c.filter, { order: 'newest' }))).map((r) => r.event.id);
        assert.deepEqual([...newest].sort(), c.expect);
        for (const limit of [1, 10]) assert.deepEqual((await all(store.events(c.filter, { order: 'newest', limit }))).map((r) => r.event.id), newest.slice(0, limit));
      });
    }

    it('lists newest first with a limit, and can stop a stream early', async () => {
      const got = (await all(store.events({}, { order: 'newest', limit: 2 }))).map((r) => r.eventDate);
      assert.deepEqual(got, ['2024-11-30', '2024-02-06']);
      for await (const r of store.events({}, { order: 'id' })) {
        assert.ok(r);
        break;
      }
      assert.equal((await all(store.events({}, { order: 'id' }))).length, 4, 'the store still answers after an abandoned stream');
    });

    it('lists reports without any date after the dated ones, by every plan', async () => {
      // No event date and no publication date: "newest first" cannot place them, so they come last,
      // as SQLite sorts NULL; PostgreSQL sorts NULL above every value unless told otherwise.
      const fresh = await backend.open();
      try {
        const docs = [
          { text: 'HTS fighters shelled Aleppo, a monitor said.', date: null },
          { text: 'HTS fighters clashed with the army near Aleppo on 2 December.', date: '2024-12-02' },
          { text: 'HTS fighters entered Aleppo on 29 November.', date: '2024-11-29' },
          { text: 'HTS fighters attacked Aleppo again, residents said.', date: null },
        ];
        for (const [i, d] of docs.entries()) {
          const when = d.date === null ? null : { start: d.date, end: d.date, precision: 'day' as const, text: 'x', charStart: 0, charEnd: 1, rule: 't' };
          const res = await fresh.store.saveDocument(docInput(d.text, { inputId: `n${i + 1}` }), output(`n${i + 1}`, [event({ id: `n${i + 1}#e1`, source: [HTS], location: ALEPPO, date: when })]), 'run-n');
          assert.equal(res.status, 'stored');
        }
        const filters: EventFilter[] = [{}, { actor: 'hayat' }, { actor: 'hayat', countries: ['SYR'] }, { text: 'aleppo' }, { countries: ['SYR'] }, { place: 'aleppo' }];
        for (const filter of filters) {
          const got = (await all(fresh.store.events(filter, { order: 'newest' }))).map((r) => r.event.id);
          assert.deepEqual(got, ['n2#e1', 'n3#e1', 'n4#e1', 'n1#e1'], JSON.stringify(filter));
          const first = (await all(fresh.store.events(filter, { order: 'newest', limit: 1 }))).map((r) => r.eventDate);
          assert.deepEqual(first, ['2024-12-02'], JSON.stringify(filter));
        }
      } finally {
        await fresh.dispose();
      }
    });

    const searches: { q: string; expect: string[] }[] = [
      { q: 'Alep', expect: ['d1'] },
      { q: 'entres alep', expect: ['d1'] },
      { q: 'ÉNTRÉS', expect: ['d1'] },
      { q: 'manifestants kidal', expect: ['d3'] },
      { q: 'goma', expect: ['d2'] },
      { q: 'quiet capital', expect: ['d4'] },
      { q: 'kidal goma', expect: [] },
      { q: '" OR 1=1 --', expect: [] },
    ];
    for (const s of searches) {
      it(`searches text: ${JSON.stringify(s.q)}`, async () => {
        const hits = await store.search(s.q, 10);
        assert.deepEqual(hits.map((h) => h.inputId), s.expect);
        for (const h of hits) assert.ok(h.snippet.length > 0);
      });
    }

    it('keeps an error log and lists it newest first', async () => {
      await store.logError({ runId: 'run-e', input: 'a.html', stage: 'html', code: 'E_EMPTY', reason: 'no text' });
      await store.logError({ runId: 'run-e', input: 'b.xml', stage: 'feed', code: 'E_BAD_RECORD', reason: 'not a feed' });
      const list = await store.errors({ runId: 'run-e' });
      assert.deepEqual(list.map((e) => [e.input, e.stage, e.code]), [['b.xml', 'feed', 'E_BAD_RECORD'], ['a.html', 'html', 'E_EMPTY']]);
    });

    it('remembers seen feed items', async () => {
      assert.equal(await store.seen('feed', 'guid-1'), false);
      await store.markSeen('feed', 'guid-1', ids[0] ?? null);
      await store.markSeen('feed', 'guid-1', ids[0] ?? null);
      assert.equal(await store.seen('feed', 'guid-1'), true);
      assert.equal(await store.seen('other-feed', 'guid-1'), false);
    });

    it('keeps each feed\'s HTTP validators, replaced by the last save', async () => {
      assert.equal(await store.feedValidators('https://a.example/rss'), null);
      await store.saveFeedValidators('https://a.example/rss', { etag: '"v1"', lastModified: 'Tue, 03 Dec 2024 10:00:00 GMT' });
      await store.saveFeedValidators('https://b.example/rss', { etag: null, lastModified: 'Wed, 04 Dec 2024 10:00:00 GMT' });
      await store.saveFeedValidators('https://a.example/rss', { etag: '"v2"', lastModified: null });
      assert.deepEqual(await store.feedValidators('https://a.example/rss'), { etag: '"v2"', lastModified: null });
      assert.deepEqual(await store.feedValidators('https://b.example/rss'), { etag: null, lastModified: 'Wed, 04 Dec 2024 10:00:00 GMT' });
    });

    it('replaces reports atomically on reprocess and records the new version', async () => {
      const id = ids[1] as number;
      const stale = await store.documentsWithVersionOtherThan('99.0.0');
      assert.ok(stale.some((d) => d.id === id));
      const doc = await store.getDocument(id);
      assert.equal(doc?.text, DOCS[1]?.text);
      const n = await store.replaceReports(id, output('d2', [event({ id: 'd2#e9', location: GOMA })], { version: '99.0.0' }));
      assert.equal(n, 1);
      const rows = await all(store.events({ place: 'Goma' }, { order: 'id' }));
      assert.deepEqual(rows.map((r) => [r.event.id, r.pipelineVersion]), [['d2#e9', '99.0.0']]);
      assert.equal((await store.getDocument(id))?.pipelineVersion, '99.0.0');
      assert.ok(!(await store.documentsWithVersionOtherThan('99.0.0')).some((d) => d.id === id));
      const c = await store.counts();
      assert.equal(c.reports, c.events, 'events left without reports are removed');
    });

    it('stores a real extraction end to end', async () => {
      const text = 'Des affrontements ont éclaté samedi à Alep entre l’armée syrienne et des rebelles, faisant au moins 14 morts, selon l’OSDH.';
      const out = extract({ id: 'real', text, published: '2024-11-30', language: 'fr' });
      assert.ok(out.events.length > 0);
      const res = await store.saveDocument(docInput(text, { inputId: 'real', published: '2024-11-30', language: 'fr' }), out, 'run-r');
      const rows = await all(store.events({ text: 'affrontements' }, { order: 'id' }));
      assert.equal(rows.length, res.reports);
      assert.deepEqual(rows.map((r) => r.event), out.events);
    });

    it('serves the CLI commands: ingest twice, events, search, export, errors', async () => {
      const first = await run('ingest', [join(FIX, 'folder'), join(FIX, 'feeds'), '--db', spec]);
      assert.equal(first.code, 65, first.stderr);
      assert.match(first.stderr, /sitrep: 11 stored, 0 duplicates skipped, 2 failed/);
      const again = await run('ingest', [join(FIX, 'folder'), join(FIX, 'feeds'), '--db', spec]);
      assert.match(again.stderr, /sitrep: 0 stored, 11 duplicates skipped, 2 failed/);
      const syr = JSON.parse((await run('events', ['--db', spec, '--format', 'json', '--country', 'Syria', '--text', 'bombarde'])).stdout) as { document: { title: string } }[];
      assert.ok(syr.length > 0 && syr.every((x) => /Idleb/.test(x.document.title)));
      assert.match((await run('search', ['frontiere TURQUE', '--db', spec])).stdout, /Idleb/);
      const csv = await run('export', ['--format', 'acled-csv', '--db', spec, '--type', 'PROTEST']);
      assert.equal(csv.code, 0);
      assert.match(csv.stdout, /^event_id_cnty,event_date,/);
      const errs = JSON.parse((await run('errors', ['--db', spec, '--format', 'json'])).stdout) as { code: string }[];
      assert.ok(errs.some((e) => e.code === 'E_BAD_JSON'));
    });
  });
}
