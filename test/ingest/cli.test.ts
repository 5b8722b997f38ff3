/**
 * The store commands end to end on SQLite: ingest of every input kind, failures and exit codes,
 * duplicates and versions, URLs from a local server, watch, events, search, export round trips, reprocess.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { run } from '../store/harness.js';
import { parseCsv } from '../../src/eval/loaders/text-formats.js';
import { ACLED_COLUMNS, acledRecord, csvField } from '../../src/cli/commands/export-formats.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { StoredReport } from '../../src/store/types.js';
import { USER_AGENT } from '../../src/ingest/fetch.js';
import { PIPELINE_VERSION } from '../../src/extract.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'ingest');
const tmp = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let dbn = 0;
const freshDb = (): string => join(tmp, `t${dbn++}.db`);

function count(db: string, sql: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

describe('sitrep ingest', () => {
  const db = freshDb();
  it('stores every good input, logs every bad one, and exits 65', async () => {
    const r = await run('ingest', [join(FIX, 'folder'), join(FIX, 'feeds'), join(FIX, 'bad'), join(FIX, 'nope.txt'), '--db', db]);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, /sitrep: 12 stored, 0 duplicates skipped, 8 failed, \d+ events found, [\d.]+ s, [\d.]+ docs\/s/);
    assert.equal(count(db, 'SELECT count(*) AS n FROM documents'), 12);
    const e = await run('errors', ['--db', db, '--format', 'json']);
    const errors = (JSON.parse(e.stdout) as { input: string; stage: string; code: string }[]).map((x) => [x.input.replace(FIX + '/', ''), x.stage, x.code]).sort();
    assert.deepEqual(errors, [
      ['bad/latin1.txt', 'read', 'E_ENCODING'],
      ['bad/malformed-feed.xml', 'feed', 'E_BAD_RECORD'],
      ['bad/no-text.html', 'html', 'E_EMPTY'],
      ['bad/not-a-feed.rss', 'feed', 'E_BAD_RECORD'],
      ['bad/truncated-feed.xml#2', 'feed', 'E_BAD_RECORD'],
      ['folder/batch.jsonl:3', 'jsonl', 'E_BAD_JSON'],
      ['folder/batch.jsonl:4', 'ingest', 'E_EMPTY'],
      ['nope.txt', 'read', 'E_IO'],
    ]);
    const table = await run('errors', ['--db', db]);
    assert.match(table.stdout, /E_ENCODING\s+.*latin1\.txt\n\s+.*invalid UTF-8 at byte 16/);
  });

  it('skips everything on a rerun (idempotent)', async () => {
    const r = await run('ingest', [join(FIX, 'folder'), join(FIX, 'feeds'), '--db', db]);
    assert.match(r.stderr, /sitrep: 0 stored, 11 duplicates skipped, 2 failed/);
    // The 11 again, and the complete item of bad/truncated-feed.xml from the first run.
    assert.equal(count(db, 'SELECT count(*) AS n FROM documents'), 12);
  });

  it('stores the same article once under two names, and a changed text at one URL as a new version', async () => {
    const db2 = freshDb();
    const text = 'Des combats ont opposé l’armée tchadienne à des rebelles près de Tibesti jeudi, selon une source militaire.';
    writeFileSync(join(tmp, 'a.txt'), text);
    writeFileSync(join(tmp, 'b.txt'), `\n${text.replace(/ /g, '  ')}\n\n`);
    const lines = [
      { id: 'u1', text: 'Gunmen killed five villagers in Zamfara state on Friday, police said.', url: 'https://n.example/z', published: '2024-04-05' },
      { id: 'u1', text: 'Gunmen killed seven villagers in Zamfara state on Friday, police said on Saturday.', url: 'https://n.example/z', published: '2024-04-06' },
    ];
    writeFileSync(join(tmp, 'v.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = await run('ingest', [join(tmp, 'a.txt'), join(tmp, 'b.txt'), join(tmp, 'v.jsonl'), '--db', db2, '--lang', 'auto']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 stored \(\+1 new version\), 1 duplicate skipped, 0 failed/);
    assert.equal(count(db2, "SELECT max(version) AS n FROM documents WHERE url = 'https://n.example/z'"), 2);
  });

  it('refuses bad options with exit 64', async () => {
    assert.equal((await run('ingest', ['--db', freshDb()])).code, 64);
    assert.equal((await run('ingest', ['x.txt', '--published', '2024-13-01', '--db', freshDb()])).code, 64);
    assert.equal((await run('ingest', ['x.txt', '--lang', 'de', '--db', freshDb()])).code, 64);
    assert.equal((await run('events', ['--bbox', '1,2,3', '--db', freshDb()])).code, 64);
    assert.equal((await run('events', ['--country', 'Atlantis', '--db', freshDb()])).code, 64);
    assert.equal((await run('export', ['--format', 'xml', '--db', freshDb()])).code, 64);
    assert.equal((await run('watch', ['feeds.txt', '--every', 'soon', '--db', freshDb()])).code, 64);
  });
});

describe('URLs and watch (local HTTP server)', () => {
  let server: Server;
  let base = '';
  const agents: string[] = [];
  let feedHits = 0;
  /** The If-None-Match header of each request to /cond and /cond-cut ('-' when absent). */
  const conditional: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      agents.push(String(req.headers['user-agent']));
      if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(readFileSync(join(FIX, 'folder/html/fr-article.html')));
      } else if (req.url === '/rss') {
        feedHits++;
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(readFileSync(join(FIX, 'feeds/rss.xml')));
      } else if (req.url === '/cond' || req.url === '/cond-cut') {
        // A feed server that honours conditional requests; /cond-cut sends its feed cut short.
        conditional.push(String(req.headers['if-none-match'] ?? '-'));
        const etag = req.url === '/cond' ? '"rss-v1"' : '"cut-v1"';
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': 'Tue, 03 Dec 2024 10:00:00 GMT' });
        res.end(readFileSync(join(FIX, req.url === '/cond' ? 'feeds/rss.xml' : 'bad/truncated-feed.xml')));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('<p>late</p>'), 3000).unref();
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('fetches pages and feeds by URL with the sitrep User-Agent; 404 and timeouts are logged', async () => {
    const db = freshDb();
    const r = await run('ingest', [`${base}/page`, `${base}/rss`, `${base}/missing`, `${base}/slow`, '--db', db, '--timeout', '1']);
    assert.equal(r.code, 65);
    assert.match(r.stderr, /3 stored, 0 duplicates skipped, 2 failed/);
    assert.ok(agents.every((a) => a === USER_AGENT));
    const errs = JSON.parse((await run('errors', ['--db', db, '--format', 'json'])).stdout) as { reason: string }[];
    assert.ok(errs.some((e) => /HTTP 404/.test(e.reason)));
    assert.ok(errs.some((e) => /no answer within 1000 ms/.test(e.reason)));
    assert.equal(count(db, "SELECT count(*) AS n FROM documents WHERE url = 'https://levant.example/2024/03/14/idleb'"), 1, 'canonical URL kept');
  });

  it('watch remembers what it has seen across restarts', async () => {
    const db = freshDb();
    const hitsBefore = feedHits;
    const list = join(tmp, 'feeds.txt');
    writeFileSync(list, `# feeds\n${base}/rss\n${join(FIX, 'feeds/atom.xml')}  # local file\n`);
    const first = await run('watch', [list, '--once', '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /sitrep: 4 stored, 0 duplicates skipped, 0 failed/);
    const second = await run('watch', [list, '--once', '--db', db]);
    assert.match(second.stderr, /sitrep: 0 stored, 0 duplicates skipped, 0 failed/, 'seen items are not even re-extracted');
    assert.equal(feedHits - hitsBefore, 2, 'the feed is fetched on each pass');
    assert.equal(count(db, 'SELECT count(*) AS n FROM feed_seen'), 4);
  });

  it('watch stores the complete items of a feed cut short, and the cut one once the feed is whole', async () => {
    const db = freshDb();
    const feed = join(tmp, 'veille.xml');
    const list = join(tmp, 'veille.txt');
    writeFileSync(list, `${feed}\n`);
    const cut = readFileSync(join(FIX, 'bad/truncated-feed.xml'), 'utf8');
    writeFileSync(feed, cut);
    const first = await run('watch', [list, '--once', '--db', db]);
    assert.equal(first.code, 65, `one pass with a failed item exits as ingest does: ${first.stderr}`);
    assert.match(first.stderr, /sitrep: 1 stored, 0 duplicates skipped, 1 failed/);
    const errors = JSON.parse((await run('errors', ['--db', db, '--format', 'json'])).stdout) as { input: string; code: string; reason: string }[];
    assert.deepEqual(
      errors.map((e) => [e.input, e.code]),
      [[`${feed}#2`, 'E_BAD_RECORD']],
    );
    assert.match(errors[0]?.reason ?? '', /the feed ends early, inside <description> \(line 13, column 1\)/);
    const whole = `${cut}ao jeudi, selon l'armée.</description>\n</item>\n</channel>\n</rss>\n`;
    writeFileSync(feed, whole);
    const second = await run('watch', [list, '--once', '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /sitrep: 1 stored, 0 duplicates skipped, 0 failed/, 'the cut item was not remembered as seen');
    const d = new Database(db, { readonly: true });
    try {
      assert.deepEqual(
        d.prepare('SELECT input_id AS id, text FROM documents ORDER BY id').all(),
        [
          { id: 'veille-1', text: 'Des hommes armés ont attaqué un convoi près de Dori mardi, tuant trois gendarmes.' },
          { id: 'veille-2', text: "Des frappes de drones ont visé des positions rebelles au nord de Gao jeudi, selon l'armée." },
        ],
      );
    } finally {
      d.close();
    }
  });

  it('watch sends the validators of its last complete read, and a 304 reads nothing', async () => {
    const db = freshDb();
    const list = join(tmp, 'cond.txt');
    writeFileSync(list, `${base}/cond\n`);
    conditional.length = 0;
    const first = await run('watch', [list, '--once', '--db', db]);
    assert.match(first.stderr, /sitrep: 2 stored, 0 duplicates skipped, 0 failed/, first.stderr);
    const second = await run('watch', [list, '--once', '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /sitrep: 0 stored, 0 duplicates skipped, 0 failed/);
    assert.deepEqual(conditional, ['-', '"rss-v1"']);
    const d = new Database(db, { readonly: true });
    try {
      assert.deepEqual(d.prepare('SELECT feed, etag, last_modified AS lm FROM feed_state').all(), [{ feed: `${base}/cond`, etag: '"rss-v1"', lm: 'Tue, 03 Dec 2024 10:00:00 GMT' }]);
    } finally {
      d.close();
    }
  });

  it('watch fetches a feed that was cut short whole again, without validators', async () => {
    const db = freshDb();
    const list = join(tmp, 'cond-cut.txt');
    writeFileSync(list, `${base}/cond-cut\n`);
    conditional.length = 0;
    const first = await run('watch', [list, '--once', '--db', db]);
    assert.match(first.stderr, /sitrep: 1 stored, 0 duplicates skipped, 1 failed/, first.stderr);
    await run('watch', [list, '--once', '--db', db]);
    assert.deepEqual(conditional, ['-', '-'], 'a 304 would have hidden the item the cut left out');
    assert.equal(count(db, 'SELECT count(*) AS n FROM feed_state'), 0);
  });

  it('watch ends cleanly on SIGINT while sleeping', { timeout: 30_000 }, async () => {
    const list = join(tmp, 'feeds2.txt');
    writeFileSync(list, `${join(FIX, 'feeds/atom.xml')}\n`);
    const p = run('watch', [list, '--every', '1h', '--db', freshDb()]);
    let finished = false;
    void p.then(() => (finished = true));
    // Wait for the first pass to finish, then interrupt (repeatedly, in case the handler is not yet set).
    await new Promise((r) => setTimeout(r, 1000));
    while (!finished) {
      process.emit('SIGINT');
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = await p;
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^pass 1: \d stored/m);
    assert.match(r.stderr, /^sitrep: \d stored, \d duplicates skipped, 0 failed/m);
  });
});

describe('events, search and export', () => {
  const db = freshDb();
  const reports: StoredReport[] = [];
  before(async () => {
    const r = await run('ingest', [join(FIX, 'folder'), join(FIX, 'feeds'), '--db', db, '--source', 'Fixtures']);
    assert.equal(r.code, 65);
    const store = SqliteStore.open(db);
    for await (const x of store.events({}, { order: 'id' })) reports.push(x);
    await store.close();
    assert.ok(reports.length >= 10, `events found: ${reports.length}`);
  });

  it('lists events as a table and as JSON, with filters', async () => {
    const t = await run('events', ['--db', db, '--country', 'SYR']);
    assert.equal(t.code, 0);
    assert.match(t.stdout, /Idlib \(SYR\)/);
    assert.ok(!/Goma/.test(t.stdout));
    const j = JSON.parse((await run('events', ['--db', db, '--format', 'json', '--type', 'protest'])).stdout) as { event: { type: string } }[];
    assert.ok(j.length >= 2 && j.every((x) => x.event.type === 'PROTEST'));
    const since = JSON.parse((await run('events', ['--db', db, '--format', 'json', '--since', '2024-06-01', '--until', '2024-06-30'])).stdout) as { eventDate: string }[];
    assert.ok(since.length > 0 && since.every((x) => x.eventDate >= '2024-06-01' && x.eventDate <= '2024-06-30'));
    const acled = JSON.parse((await run('events', ['--db', db, '--format', 'json', '--acled-type', 'protests'])).stdout) as { event: { acled: { eventType: string } } }[];
    assert.ok(acled.length > 0 && acled.every((x) => x.event.acled.eventType === 'Protests'));
    const sahel = JSON.parse((await run('events', ['--db', db, '--format', 'json', '--bbox=-6,10,5,20'])).stdout) as { country: string }[];
    assert.ok(sahel.length > 0 && sahel.every((x) => ['BFA', 'NER', 'MLI'].includes(x.country)));
    const empty = await run('events', ['--db', db, '--format', 'json', '--actor', 'nobody-at-all']);
    assert.deepEqual(JSON.parse(empty.stdout), []);
  });

  const queries: [string, RegExp][] = [
    ['bombarde', /Idleb/],
    ['FRONTIERE turque', /Idleb/],
    ['manifesté Niamey', /Niamey/],
    ['Mogadishu hotel', /Mogadishu/],
  ];
  for (const [q, want] of queries) {
    it(`searches accent-insensitively: ${q}`, async () => {
      const r = await run('search', [q, '--db', db]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, want);
    });
  }

  it('exports ACLED CSV that parses back to the same events', async () => {
    const r = await run('export', ['--format', 'acled-csv', '--db', db]);
    assert.equal(r.code, 0);
    const rows = parseCsv(r.stdout.replace(/\r\n$/, ''));
    assert.deepEqual(rows[0], [...ACLED_COLUMNS]);
    assert.equal(rows.length - 1, reports.length);
    reports.forEach((rep, i) => {
      const want = acledRecord(rep);
      const got = rows[i + 1] as string[];
      ACLED_COLUMNS.forEach((c, k) => assert.equal(got[k], want[c] === null ? '' : String(want[c]), `row ${i + 1} ${c}`));
    });
    const idlib = reports.find((x) => x.event.location?.name === 'Idlib');
    assert.ok(idlib);
    const rec = acledRecord(idlib);
    assert.deepEqual([rec.country, rec.source, rec.time_precision, rec.document_url], ['Syria', 'Fixtures', 1, 'https://levant.example/2024/03/14/idleb']);
  });

  it('quotes CSV fields per RFC 4180', () => {
    assert.deepEqual([csvField('a,b'), csvField('say "hi"'), csvField('l1\nl2'), csvField(null), csvField(3)], ['"a,b"', '"say ""hi"""', '"l1\nl2"', '', '3']);
  });

  it('exports a valid GeoJSON FeatureCollection', async () => {
    const out = join(tmp, 'events.geojson');
    const r = await run('export', ['--format', 'geojson', '--out', out, '--db', db, '--country', 'SYR', '--country', 'SOM']);
    assert.equal(r.code, 0);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { type: string; features: { type: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }[] };
    assert.equal(fc.type, 'FeatureCollection');
    assert.ok(fc.features.length > 0);
    for (const f of fc.features) {
      assert.equal(f.type, 'Feature');
      assert.equal(typeof f.properties, 'object');
      if (f.geometry === null) continue;
      assert.equal(f.geometry.type, 'Point');
      assert.equal(f.geometry.coordinates.length, 2);
      const [lon, lat] = f.geometry.coordinates as [number, number];
      assert.ok(Number.isFinite(lon) && lon >= -180 && lon <= 180 && Number.isFinite(lat) && lat >= -90 && lat <= 90);
      assert.ok(['SYR', 'SOM'].includes(String(f.properties.country)));
    }
  });

  it('exports PLOVER JSON and JSONL', async () => {
    const p = JSON.parse((await run('export', ['--format', 'plover-json', '--db', db])).stdout) as Record<string, unknown>[];
    assert.equal(p.length, reports.length);
    for (const k of ['id', 'date', 'event', 'mode', 'context', 'source', 'src_actor', 'src_agent', 'target', 'tgt_actor', 'tgt_agent', 'text']) assert.ok(k in (p[0] as object), k);
    const lines = (await run('export', ['--format', 'jsonl', '--db', db])).stdout.trim().split('\n');
    assert.equal(lines.length, reports.length);
    assert.deepEqual(JSON.parse(lines[0] as string).trigger, reports[0]?.event.trigger);
  });

  it('refuses to export a stored event it cannot read, naming the report, and exits 65', async () => {
    const bad = freshDb();
    const text = join(tmp, 'kidal.txt');
    writeFileSync(text, "L'armée malienne a bombardé des positions rebelles près de Kidal mardi, tuant six combattants.");
    assert.equal((await run('ingest', [text, '--db', bad, '--published', '2024-10-01'])).code, 0);
    const d = new Database(bad);
    const id = (d.prepare('SELECT min(id) AS id FROM reports').get() as { id: number }).id;
    d.prepare(`UPDATE reports SET data = '{"id": "edited by hand"}' WHERE id = ?`).run(id);
    d.close();
    const r = await run('export', ['--format', 'acled-csv', '--db', bad]);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, new RegExp(`^sitrep: E_BAD_RECORD: report ${id} \\(document 1\\): its stored event cannot be written as acled-csv \\(.+\\); expected the event JSON sitrep stores`));
    assert.equal((await run('export', ['--format', 'jsonl', '--db', bad])).code, 0, 'jsonl writes the stored JSON as it is');
  });

  it('reprocesses documents extracted by an older pipeline only', async () => {
    const d = new Database(db);
    d.prepare("UPDATE documents SET pipeline_version = '0.0.1' WHERE id IN (1, 2)").run();
    d.close();
    const r = await run('reprocess', ['--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reprocessed 2 document\(s\) to pipeline/);
    assert.equal(count(db, `SELECT count(*) AS n FROM documents WHERE pipeline_version <> '${PIPELINE_VERSION}'`), 0);
    assert.match((await run('reprocess', ['--db', db])).stderr, /reprocessed 0 document/);
    const after: StoredReport[] = [];
    const store = SqliteStore.open(db);
    for await (const x of store.events({}, { order: 'id' })) after.push(x);
    await store.close();
    assert.deepEqual(after.map((x) => x.event).sort((a, b) => a.id.localeCompare(b.id)), reports.map((x) => x.event).sort((a, b) => a.id.localeCompare(b.id)), 'same pipeline, same events');
  });
});
