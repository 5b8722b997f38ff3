/**
 * `npm run bench:store`: what storage costs on top of extraction, how big the database gets, and how
 * fast `sitrep events` filters answer on a large store. Prints figures; asserts nothing.
 *
 *   node --import tsx scripts/bench-store.ts [--data DIR] [--reports N] [--rounds 3] [--pg URL] [--skip-ingest] [--skip-query] [--keep] [--help]
 *
 * 1. Ingest throughput on the news-en-guardian-syria and news-fr-bbcafrique-conflict articles, in one
 *    warm process: extraction alone (what `extract --jsonl` does: extract + serialise) versus
 *    `ingest` (read JSONL, dedupe, extract, store in SQLite; PostgreSQL too with --pg), each back-end
 *    with its writer thread (the default) and in place on the main thread, alternating for --rounds
 *    rounds (fastest of each kept). These open a new store per round (new writer thread, new server
 *    backends); the "kept open" rows reuse one store across rounds, as `watch` does, its tables
 *    emptied between rounds: what storage costs once its start-up is behind it.
 *    1b. The same as whole cold `sitrep` commands: `extract --jsonl` against `ingest` (and with --pg
 *    into PostgreSQL), alternating.
 * 2. Database size per 1,000 documents (SQLite file after a WAL checkpoint).
 * 3. p50/p99 latency of the `events` query (limit 50, newest first) per filter, on a store filled with
 *    N generated event reports (default 1,000,000); with --pg, the same on a PostgreSQL schema.
 * 4. `sitrep export` of all N reports in each format from those stores: time, output size, peak memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../src/core/data.js';
import { parseCsv, recordsOf } from '../src/eval/loaders/text-formats.js';
import { extract } from '../src/extract.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { EventFilter, Store } from '../src/store/types.js';
import { pgDriver } from '../src/store/pg-driver.js';
import { ingestInputs } from '../src/cli/commands/ingest.js';
import { foldName } from '../src/store/rows.js';
import { seededRandom } from './seeded-random.js';

interface Article {
  id: string;
  text: string;
  published: string | null;
}

function guardian(dir: string): Article[] {
  const { records } = recordsOf(parseCsv(readFileSync(join(dir, 'news-en-guardian-syria', 'Guardian_SDF_sample.csv'), 'utf8')));
  return records.map((r, i) => ({ id: `guardian-${i}`, text: r.fields.text ?? '', published: /^\d{4}-\d{2}-\d{2}/.exec(r.fields.date ?? '')?.[0] ?? null }));
}

function bbc(dir: string): Article[] {
  return readFileSync(join(dir, 'news-fr-bbcafrique-conflict', 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { id: string; text: string };
      return { id: r.id, text: r.text, published: null };
    });
}

async function writeJsonl(path: string, articles: Article[]): Promise<void> {
  const out = createWriteStream(path);
  for (const a of articles) if (!out.write(JSON.stringify(a) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/**
 * Starts a store's write path (writer thread, or writer connection) and lets it come up, as `sitrep
 * ingest` does right after opening the store: there the start-up overlaps the pipeline's load at the
 * first extraction, which this warm process has already paid. Its cost shows in the whole-command
 * timings below.
 */
async function prepared(store: { prepareWrites?(): void }): Promise<void> {
  store.prepareWrites?.();
  await new Promise((r) => setTimeout(r, 250));
}

/** One way of storing: a back-end, whether its writes go through the writer thread, whether one store serves every round. */
interface Variant {
  name: string;
  backend: 'sqlite' | 'postgres';
  thread: boolean;
  keep?: boolean;
}

/**
 * The tables emptied between the rounds of a store kept open. Actors and places stay, as they stay in
 * a store that `watch` feeds (sitrep never deletes them, and the SQLite store caches their ids).
 */
const ROUND_TABLES = ['report_actors', 'reports', 'events', 'ingest_log', 'error_log', 'documents'];

function emptySqlite(store: SqliteStore): void {
  const db = store.raw();
  db.transaction(() => {
    for (const t of ROUND_TABLES) db.prepare(`DELETE FROM ${t}`).run();
    db.prepare('DELETE FROM reports_geo').run();
    // A contentless FTS5 table is emptied with its 'delete-all' command.
    db.prepare("INSERT INTO documents_fts(documents_fts) VALUES('delete-all')").run();
  })();
}

async function ingestBench(data: string, tmp: string, pgUrl: string | undefined, rounds: number): Promise<void> {
  const rows: string[][] = [];
  const roundsOf = new Map<string, number>();
  // Other jobs on a shared machine move these figures more than most code changes: say how busy it was.
  const startLoad = loadavg().map((x) => x.toFixed(2)).join(' ');
  // Warm the pipeline (dictionaries, gazetteer) so neither side pays the cold start.
  extract({ id: 'warm', text: 'Des combats ont éclaté à Alep samedi.', published: '2024-01-01' });
  const variants: Variant[] = [
    { name: 'sqlite', backend: 'sqlite', thread: true },
    { name: 'sqlite, in place', backend: 'sqlite', thread: false },
    { name: 'sqlite, kept open', backend: 'sqlite', thread: true, keep: true },
    ...(pgUrl
      ? [
          { name: 'postgres', backend: 'postgres', thread: true } as const,
          { name: 'postgres, in place', backend: 'postgres', thread: false } as const,
          { name: 'postgres, kept open', backend: 'postgres', thread: true, keep: true } as const,
        ]
      : []),
  ];
  const { PostgresStore } = pgUrl ? await import('../src/store/postgres.js') : { PostgresStore: null };
  const inputs = [
    ['news-en-guardian-syria', guardian(data)],
    ['news-fr-bbcafrique-conflict', bbc(data)],
  ] as const;
  // The stores kept open across rounds, each started and settled before the first round.
  const kept = new Map<string, { store: Store; empty(): Promise<void>; close(): Promise<void> }>();
  for (const v of variants) {
    if (v.keep !== true) continue;
    if (v.backend === 'sqlite') {
      const path = join(tmp, `kept-${v.name.replace(/\W+/g, '-')}.db`);
      const store = SqliteStore.open(path, { writerThread: v.thread });
      kept.set(v.name, {
        store,
        empty: async () => emptySqlite(store),
        close: () => store.close(),
      });
    } else if (PostgresStore !== null && pgUrl !== undefined) {
      const schema = `sitrep_benchkept_${process.pid}`;
      const store = await PostgresStore.open(pgUrl, { schema, writerThread: v.thread });
      const admin = new (pgDriver().Client)({ connectionString: pgUrl, options: `-c search_path=${schema}` });
      await admin.connect();
      kept.set(v.name, {
        store,
        empty: async () => void (await admin.query(`TRUNCATE ${ROUND_TABLES.join(', ')}`)),
        close: async () => {
          await admin.end();
          await store.dropSchema();
          await store.close();
        },
      });
    }
    await prepared(kept.get(v.name)?.store as Store);
  }
  try {
    for (const [name, articles] of inputs) {
      const file = join(tmp, `${name}.jsonl`);
      await writeJsonl(file, articles);
      // Extraction alone and each way of ingesting alternate for `rounds` rounds, the fastest of each
      // kept: on a shared machine the load changes within seconds, and the first round also warms the
      // JIT and caches.
      let sink = 0;
      let extractMs = Infinity;
      const ingestMs = new Map<string, number>();
      const counts = new Map<string, { docs: number; events: number }>();
      let bytes = 0;
      const opts = { published: null, language: null, source: name, timeoutMs: 1000, maxBytes: 1 << 26 };
      // The 50 BBC articles take a sixth of the Guardian set's time, so one slow moment of the machine
      // weighs six times as much: they get three times the rounds.
      const n = articles.length < 100 ? rounds * 3 : rounds;
      roundsOf.set(name, n);
      // Each ingest also gets its own extraction-alone run just before it: the machine's speed drifts
      // within a minute, so the median of these paired ratios is steadier than fastest against fastest.
      const paired = new Map<string, number[]>();
      // Time a new SQLite store's close takes: the last connection's checkpoint, which copies the WAL
      // into the file and syncs both, the run's one point of durability against a power loss.
      const closing: number[] = [];
      for (let round = 0; round < n; round++) {
        for (const v of variants) {
          let t = performance.now();
          for (const a of articles) sink += JSON.stringify(extract(a)).length;
          const alone = performance.now() - t;
          extractMs = Math.min(extractMs, alone);
          const pair = (ingest: number): void => void paired.set(v.name, [...(paired.get(v.name) ?? []), (ingest - alone) / alone]);
          if (v.keep === true) {
            const store = kept.get(v.name);
            if (store === undefined) throw new Error(`no store kept open for ${v.name}`);
            t = performance.now();
            // Both back-ends answer a save once it has committed: the run's end is its last commit.
            const k = await ingestInputs(store.store, [file], opts, false);
            const took = performance.now() - t;
            pair(took);
            ingestMs.set(v.name, Math.min(ingestMs.get(v.name) ?? Infinity, took));
            counts.set(v.name, { docs: k.stored + k.versions, events: k.events });
            await store.empty();
            await prepared(store.store);
          } else if (v.backend === 'sqlite') {
            const dbPath = join(tmp, `${name}-${round}-${v.thread ? 't' : 'p'}.db`);
            const store = SqliteStore.open(dbPath, { writerThread: v.thread });
            await prepared(store);
            t = performance.now();
            const s = await ingestInputs(store, [file], opts, false);
            const stored = performance.now();
            // The writer thread's last commits are part of the cost: closing waits for them.
            await store.close();
            const took = performance.now() - t;
            if (v.thread) closing.push(performance.now() - stored);
            pair(took);
            ingestMs.set(v.name, Math.min(ingestMs.get(v.name) ?? Infinity, took));
            counts.set(v.name, { docs: s.stored + s.versions, events: s.events });
            const db = SqliteStore.open(dbPath, { writerThread: false });
            db.raw().pragma('wal_checkpoint(TRUNCATE)');
            await db.close();
            bytes = statSync(dbPath).size + (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);
            rmSync(dbPath, { force: true });
          } else if (PostgresStore !== null && pgUrl !== undefined) {
            const pg = await PostgresStore.open(pgUrl, { schema: `sitrep_bench_${process.pid}`, writerThread: v.thread });
            try {
              await prepared(pg);
              t = performance.now();
              const p = await ingestInputs(pg, [file], opts, false);
              const took = performance.now() - t;
              pair(took);
              ingestMs.set(v.name, Math.min(ingestMs.get(v.name) ?? Infinity, took));
              counts.set(v.name, { docs: p.stored + p.versions, events: p.events });
            } finally {
              await pg.dropSchema();
              await pg.close();
            }
          }
        }
      }
      for (const v of variants) {
        const ms = ingestMs.get(v.name) as number;
        const c = counts.get(v.name) as { docs: number; events: number };
        rows.push([name, v.name, String(articles.length), String(c.docs), String(c.events), (articles.length / (extractMs / 1000)).toFixed(1), (articles.length / (ms / 1000)).toFixed(1),
          `${(((ms - extractMs) / extractMs) * 100).toFixed(1)}%`, `${(median(paired.get(v.name) ?? []) * 100).toFixed(1)}%`, `${(((ms - extractMs) / ms) * 100).toFixed(1)}%`, v.backend === 'sqlite' && v.thread && v.keep !== true ? (bytes / c.docs / 1000).toFixed(2) + ' MB' : '-',
          v.backend === 'sqlite' && v.thread && v.keep !== true ? `${median(closing).toFixed(1)} ms` : '-']);
      }
      if (sink < 0) console.log(sink);
    }
  } finally {
    // Opened stores hold the process (threads, connections) even when a round fails.
    for (const k of kept.values()) await k.close();
  }
  console.log(`\nload average (1/5/15 min) at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; at the start: ${startLoad}`);
  console.log('\n1-2. Ingest throughput (one warm process) vs extraction alone (extract + JSON serialisation, as extract --jsonl)');
  table(['input', 'backend', 'articles', 'stored', 'events', 'extract docs/s', 'ingest docs/s', 'storage/extract', 'paired median', 'storage/ingest', 'DB per 1k docs', 'close'], rows);
  console.log(`fastest of ${[...roundsOf].map(([k, v]) => `${v} (${k})`).join(', ')} alternating rounds; storage = ingest time - extract time; target: storage < 25% of extract time`);
  console.log('paired median: median over rounds of (ingest - extraction run just before it) / that extraction');
  console.log('backend: writes from the writer thread (the default), or "in place" on the main thread (writerThread: false); a new store each round,');
  console.log('  or "kept open": one store (writer thread, server connections) for every round, emptied between rounds, as `watch` keeps it');
  console.log('close: median time of a new SQLite store\'s close (its final WAL checkpoint and syncs), part of that row\'s ingest time');
}

/** Fills a fresh SQLite store with `n` generated reports in bulk (same schema the CLI uses). */
function generate(path: string, n: number): SqliteStore {
  const store = SqliteStore.open(path);
  const db = store.raw();
  db.pragma('synchronous = OFF');
  const reportsPerDoc = 5;
  const nDocs = Math.ceil(n / reportsPerDoc);
  const nActors = 3000;
  const nPlaces = 8000;
  const countries = ['SYR', 'IRQ', 'YEM', 'SDN', 'SSD', 'MLI', 'BFA', 'NER', 'NGA', 'COD', 'SOM', 'ETH', 'UKR', 'AFG', 'MMR', 'LBY', 'CAF', 'MOZ', 'CMR', 'TCD'];
  const types = ['ASSAULT', 'ASSAULT', 'ASSAULT', 'COERCE', 'PROTEST', 'ACCUSE', 'THREATEN', 'MOBILIZE', 'REQUEST', 'AID', 'CONSULT', 'AGREE', 'SANCTION', 'REJECT', 'RETREAT', 'SUPPORT'];
  const acled: [string, string][] = [['Battles', 'Armed clash'], ['Explosions/Remote violence', 'Air/drone strike'], ['Explosions/Remote violence', 'Shelling/artillery/missile attack'], ['Violence against civilians', 'Attack'], ['Protests', 'Peaceful protest'], ['Riots', 'Mob violence'], ['Strategic developments', 'Arrests']];
  // Deterministic pseudo-random numbers, so runs are comparable.
  const rnd = seededRandom(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const day = (i: number): string => new Date(Date.UTC(2015, 0, 1) + Math.floor(i) * 86400000).toISOString().slice(0, 10);
  db.transaction(() => {
    const ia = db.prepare('INSERT INTO actors (id, key, dict_id, name, name_folded, country, sector) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 1; i <= nActors; i++) {
      const name = `Actor ${i} ${pick(['Brigade', 'Front', 'Army', 'Police', 'Movement', 'Militia'])}`;
      ia.run(i, `gen.${i}|${name}`, `gen.${i}`, name, foldName(name), pick(countries), pick(['MIL', 'REB', 'GOV', 'CVL', 'COP']));
    }
    const ip = db.prepare('INSERT INTO places (id, key, name, name_folded, country, admin1, lat, lon, geonameid, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const placeCoords: [number, number, string][] = [];
    for (let i = 1; i <= nPlaces; i++) {
      const lat = -30 + rnd() * 80;
      const lon = -20 + rnd() * 120;
      const c = pick(countries);
      placeCoords.push([lat, lon, c]);
      ip.run(i, `gn:${i}`, `Place ${i}`, `place ${i}`, c, null, lat, lon, i, 1);
    }
    const id = db.prepare("INSERT INTO documents (id, input_id, url, content_hash, title, outlet, language, published, kind, origin, text, pipeline_version, ingested_at) VALUES (?, ?, ?, ?, ?, 'Gen', ?, ?, 'jsonl', 'gen', ?, '0.1.0', '2025-01-01')");
    const ifts = db.prepare('INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)');
    const ie = db.prepare("INSERT INTO events (id, created_at) VALUES (?, '2025-01-01')");
    const ir = db.prepare(`INSERT INTO reports (id, document_id, event_id, ordinal, local_id, plover_type, mode, acled_event_type, acled_sub_event_type, event_date, date_end, date_precision, country, admin1, place_id, lat, lon, geo_precision, fatalities, stance, historical, trigger_start, trigger_end, trigger_text, data, pipeline_version)
      VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'day', ?, NULL, ?, ?, ?, 1, ?, 'asserted', 0, 0, 6, 'attack', ?, '0.1.0')`);
    const ig = db.prepare('INSERT INTO reports_geo (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
    const ira = db.prepare('INSERT INTO report_actors (report_id, actor_id, role, ordinal, span_start, span_end, text, rule, event_date) VALUES (?, ?, ?, 0, 0, 5, ?, ?, ?)');
    const words = ['attaque', 'frappe', 'bombardement', 'manifestation', 'clashes', 'airstrike', 'shelling', 'protest', 'ambush', 'offensive', 'négociations', 'ceasefire'];
    let r = 0;
    for (let d = 1; d <= nDocs && r < n; d++) {
      const pub = day(rnd() * 3650);
      const text = `Generated report ${d}: ${pick(words)} ${pick(words)} near Place ${1 + Math.floor(rnd() * nPlaces)}, ${pick(words)}.`;
      id.run(d, `gen-${d}`, `https://gen.example/${d}`, `hash-${d}`, `Generated ${d}`, rnd() < 0.5 ? 'fr' : 'en', pub, text);
      ifts.run(d, `generated ${d}`, foldName(text));
      for (let k = 0; k < reportsPerDoc && r < n; k++) {
        r++;
        const t = pick(types);
        const a = t === 'ASSAULT' || t === 'PROTEST' ? pick(acled) : null;
        const placeId = 1 + Math.floor(rnd() * nPlaces);
        const [lat, lon, c] = placeCoords[placeId - 1] as [number, number, string];
        const src = 1 + Math.floor(rnd() * nActors);
        const tgt = 1 + Math.floor(rnd() * nActors);
        const ev = { id: `gen-${d}#e${k + 1}`, type: t, mode: null, acled: a ? { eventType: a[0], subEventType: a[1] } : null, trigger: { start: 0, end: 6, text: 'attack' }, source: [{ name: `Actor ${src}`, id: `gen.${src}` }], target: [{ name: `Actor ${tgt}`, id: `gen.${tgt}` }], location: { name: `Place ${placeId}`, lat, lon, country: c }, evidence: [{ start: 0, end: 60 }] };
        ie.run(r);
        ir.run(r, d, r, k, ev.id, t, a?.[0] ?? null, a?.[1] ?? null, pub, pub, c, placeId, lat, lon, rnd() < 0.3 ? Math.floor(rnd() * 50) : null, JSON.stringify(ev));
        ig.run(r, lon, lon, lat, lat);
        ira.run(r, src, 'source', 'Actor', 'gen', pub);
        ira.run(r, tgt, 'target', 'Actor', 'gen', pub);
      }
    }
  })();
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
  return store;
}

async function queryBench(tmp: string, n: number, pgUrl: string | undefined, keep: boolean): Promise<void> {
  const path = join(tmp, 'million.db');
  let t = performance.now();
  const store = generate(path, n);
  const genS = (performance.now() - t) / 1000;
  store.raw().pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(path).size;
  console.log(`\n3. events query latency on ${n.toLocaleString('en')} generated reports (SQLite, ${(size / 1e6).toFixed(0)} MB, generated in ${genS.toFixed(0)} s); limit 50, newest first`);
  try {
    await latencyTable(store, n);
  } finally {
    await store.close();
  }
  await exportTable(`SQLite, ${n.toLocaleString('en')} reports`, path, n);
  if (pgUrl === undefined) return;
  const { PostgresStore } = await import('../src/store/postgres.js');
  const schema = `sitrep_benchquery_${process.pid}`;
  const pg = await PostgresStore.open(pgUrl, { schema, writerThread: false });
  try {
    t = performance.now();
    const bytes = await generatePostgres(pgUrl, schema, n);
    console.log(`\n3b. The same on PostgreSQL (${(bytes / 1e6).toFixed(0)} MB, generated in ${((performance.now() - t) / 1000).toFixed(0)} s with the same shape, not the same values); no target`);
    await latencyTable(pg, n);
    await exportTable(`PostgreSQL, ${n.toLocaleString('en')} reports`, schemaUrl(pgUrl, schema), n);
  } finally {
    if (keep) console.log(`kept PostgreSQL schema ${schema}`);
    else await pg.dropSchema();
    await pg.close();
  }
}

/** The `--db` URL of one schema of the PostgreSQL server at `pgUrl`, as the CLI takes it. */
function schemaUrl(pgUrl: string, schema: string): string {
  const u = new URL(pgUrl);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/**
 * Prints the process's peak resident memory on exit: loaded into the `sitrep export` child with
 * --import, so the figure is the command's own, whatever it streams.
 */
const PEAK_RSS_HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nsitrep-bench-maxrss-kb "+process.resourceUsage().maxRSS+"\\n"))';

/** Runs one `sitrep export` of every report to a pipe read here: wall time, bytes, lines, peak RSS. */
async function timeExport(db: string, format: string): Promise<{ ms: number; bytes: number; lines: number; rssKb: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, join(projectRoot(), 'bin', 'sitrep.js'), 'export', '--format', format, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let lines = 0;
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    bytes += b.length;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
  });
  child.stderr.on('data', (b: Buffer) => void (stderr += b.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number | null];
  const ms = performance.now() - t;
  if (code !== 0) throw new Error(`sitrep export --format ${format} exited with ${code}: ${stderr.slice(-400)}`);
  const rss = /sitrep-bench-maxrss-kb (\d+)/.exec(stderr);
  return { ms, bytes, lines, rssKb: rss ? Number(rss[1]) : NaN };
}

/**
 * 4. Exports of every report in each format, as whole `sitrep export` commands: they stream, so peak
 * memory must not grow with the store (the JSON-lines export has one line per report).
 */
async function exportTable(label: string, db: string, n: number): Promise<void> {
  const rows: string[][] = [];
  for (const format of ['jsonl', 'acled-csv', 'geojson', 'plover-json']) {
    const r = await timeExport(db, format);
    rows.push([format, (r.ms / 1000).toFixed(1), Math.round(n / (r.ms / 1000)).toLocaleString('en'), (r.bytes / 1e6).toFixed(0), r.lines.toLocaleString('en'), (r.rssKb / 1024).toFixed(0)]);
  }
  console.log(`\n4. sitrep export of every report (${label}), a cold command each, output read through a pipe`);
  table(['format', 'wall s', 'reports/s', 'output MB', 'lines', 'peak RSS MB'], rows);
}

/** The `events` filters timed by {@link latencyTable}; `rnd` draws the values, so every back-end gets the same ones. */
function latencyFilters(n: number, rnd: () => number): [string, () => EventFilter][] {
  const year = (): string => String(2015 + Math.floor(rnd() * 10));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const countries = ['SYR', 'MLI', 'COD', 'UKR'];
  // A `size`° box whose south-west corner is drawn over [-20, -20 + lonSpan) x [-30, -30 + latSpan).
  const box = (size: number, lonSpan: number, latSpan: number): [number, number, number, number] => {
    const lon = -20 + rnd() * lonSpan;
    const lat = -30 + rnd() * latSpan;
    return [lon, lat, lon + size, lat + size];
  };
  return [
    ['none', () => ({})],
    // One year drawn for both ends: drawn apart, half the windows ran backwards (empty) and the rest spanned years.
    ['--since/--until (1 month)', () => {
      const y = year();
      return { since: `${y}-03-01`, until: `${y}-03-31` };
    }],
    ['--country', () => ({ countries: [pick(countries)] })],
    ['--type (rare: SANCTION)', () => ({ types: ['SANCTION'] })],
    ['--type ASSAULT --since', () => ({ types: ['ASSAULT'], since: `${year()}-06-01` })],
    ['--acled-type', () => ({ acledTypes: [pick(['Battles', 'Riots', 'Air/drone strike'])] })],
    ['--actor (name)', () => ({ actor: `Actor ${1 + Math.floor(rnd() * 3000)} ` })],
    ['--actor (id)', () => ({ actor: `gen.${1 + Math.floor(rnd() * 3000)}` })],
    ['--place', () => ({ place: `Place ${1 + Math.floor(rnd() * 8000)}` })],
    ['--bbox (5°x5°)', () => ({ bbox: box(5, 110, 70) })],
    // A box over a busy region holds a large share of the store (every place here is in 120°x80°).
    ['--bbox (20°x20°)', () => ({ bbox: box(20, 100, 60) })],
    ['--bbox (every place)', () => ({ bbox: [-20, -30, 100, 50] as [number, number, number, number] })],
    // "Actor 26" names about 110 actors (26, 260-269, 2600-2699): a broad name beside another filter.
    ['--actor (2 digits) --bbox 10°', () => ({ bbox: box(10, 110, 70), actor: `Actor ${10 + Math.floor(rnd() * 90)}` })],
    ['--actor (2 digits) --country', () => ({ actor: `Actor ${10 + Math.floor(rnd() * 90)}`, countries: [pick(countries)] })],
    ['--text (common words)', () => ({ text: pick(['ambush', 'frappe', 'ceasefire negociations']) })],
    ['--text (rare: one document)', () => ({ text: `report ${1 + Math.floor(rnd() * (n / 5))}` })],
    ['--country --type --since', () => ({ countries: ['SYR'], types: ['ASSAULT'], since: `${year()}-01-01` })],
  ];
}

/** Times 60 listings per filter (the first 5 warm the caches) and prints p50/p99. */
async function latencyTable(store: Store, n: number): Promise<void> {
  const rnd = seededRandom(7);
  const rows: string[][] = [];
  const allTimes: number[] = [];
  for (const [name, make] of latencyFilters(n, rnd)) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < 60; i++) {
      const f = make();
      const t = performance.now();
      let k = 0;
      for await (const _r of store.events(f, { order: 'newest', limit: 50 })) k++;
      const ms = performance.now() - t;
      if (i >= 5) times.push(ms); // the first runs warm the page cache
      found += k;
    }
    times.sort((a, b) => a - b);
    allTimes.push(...times);
    rows.push([name, (found / 60).toFixed(0), pct(times, 0.5).toFixed(2), pct(times, 0.99).toFixed(2)]);
  }
  allTimes.sort((a, b) => a - b);
  rows.push(['all filters', '', pct(allTimes, 0.5).toFixed(2), pct(allTimes, 0.99).toFixed(2)]);
  table(['filter', 'rows', 'p50 ms', 'p99 ms'], rows);
  console.log(store.backend === 'sqlite' ? 'target: p99 < 50 ms on SQLite' : `no target on ${store.backend}; the SQLite target is p99 < 50 ms`);
}

/**
 * Fills a migrated, empty PostgreSQL schema with `n` generated reports in set-based SQL: the shape of
 * {@link generate} (3,000 actors, 8,000 places, five reports a document, two actors a report, dates
 * over ten years, the same countries, types and words), drawn by the server's seeded random(). Returns
 * the schema's size in bytes.
 */
async function generatePostgres(pgUrl: string, schema: string, n: number): Promise<number> {
  const c = new (pgDriver().Client)({ connectionString: pgUrl, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    const arr = (xs: readonly string[]): string => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;
    const pick = (xs: readonly string[]): string => `(${arr(xs)})[1 + floor(random() * ${xs.length})::int]`;
    const countries = ['SYR', 'IRQ', 'YEM', 'SDN', 'SSD', 'MLI', 'BFA', 'NER', 'NGA', 'COD', 'SOM', 'ETH', 'UKR', 'AFG', 'MMR', 'LBY', 'CAF', 'MOZ', 'CMR', 'TCD'];
    const types = ['ASSAULT', 'ASSAULT', 'ASSAULT', 'COERCE', 'PROTEST', 'ACCUSE', 'THREATEN', 'MOBILIZE', 'REQUEST', 'AID', 'CONSULT', 'AGREE', 'SANCTION', 'REJECT', 'RETREAT', 'SUPPORT'];
    const acled = ['Battles|Armed clash', 'Explosions/Remote violence|Air/drone strike', 'Explosions/Remote violence|Shelling/artillery/missile attack', 'Violence against civilians|Attack', 'Protests|Peaceful protest', 'Riots|Mob violence', 'Strategic developments|Arrests'];
    const words = ['attaque', 'frappe', 'bombardement', 'manifestation', 'clashes', 'airstrike', 'shelling', 'protest', 'ambush', 'offensive', 'négociations', 'ceasefire'];
    const docs = Math.ceil(n / 5);
    const steps = [
      'SELECT setseed(0.42)',
      `INSERT INTO actors (id, key, dict_id, name, name_folded, country, sector)
        SELECT i, 'gen.' || i || '|' || name, 'gen.' || i, name, lower(name), ${pick(countries)}, ${pick(['MIL', 'REB', 'GOV', 'CVL', 'COP'])}
        FROM (SELECT i, 'Actor ' || i || ' ' || ${pick(['Brigade', 'Front', 'Army', 'Police', 'Movement', 'Militia'])} AS name FROM generate_series(1, 3000) i) a`,
      `INSERT INTO places (id, key, name, name_folded, country, lat, lon, geonameid, precision)
        SELECT i, 'gn:' || i, 'Place ' || i, 'place ' || i, ${pick(countries)}, -30 + random() * 80, -20 + random() * 120, i, 1 FROM generate_series(1, 8000) i`,
      `INSERT INTO documents (id, input_id, url, content_hash, title, outlet, language, published, kind, origin, text, pipeline_version, ingested_at, search)
        SELECT d, 'gen-' || d, 'https://gen.example/' || d, 'hash-' || d, 'Generated ' || d, 'Gen', ${pick(['fr', 'en'])}, published, 'jsonl', 'gen', text, '0.1.0', '2025-01-01',
          setweight(to_tsvector('simple', 'generated ' || d), 'A') || to_tsvector('simple', translate(lower(text), 'é', 'e'))
        FROM (SELECT d, to_char(date '2015-01-01' + floor(random() * 3650)::int, 'YYYY-MM-DD') AS published,
          'Generated report ' || d || ': ' || ${pick(words)} || ' ' || ${pick(words)} || ' near Place ' || (1 + floor(random() * 8000)::int) || ', ' || ${pick(words)} || '.' AS text
          FROM generate_series(1, ${docs}) d) g`,
      `INSERT INTO events (id, created_at) SELECT i, '2025-01-01' FROM generate_series(1, ${n}) i`,
      `INSERT INTO reports (id, document_id, event_id, ordinal, local_id, plover_type, acled_event_type, acled_sub_event_type, event_date, date_end, date_precision, country, place_id, lat, lon,
          geo_precision, fatalities, stance, historical, trigger_start, trigger_end, trigger_text, data, pipeline_version)
        SELECT r, d.id, r, (r - 1) % 5, 'gen-' || d.id || '#e' || ((r - 1) % 5 + 1), g.t, split_part(g.a, '|', 1), split_part(g.a, '|', 2), d.published, d.published, 'day', p.country, p.id, p.lat, p.lon,
          1, g.f, 'asserted', false, 0, 6, 'attack',
          jsonb_build_object('id', 'gen-' || d.id || '#e' || ((r - 1) % 5 + 1), 'type', g.t, 'mode', NULL,
            'acled', CASE WHEN g.a IS NULL THEN NULL ELSE jsonb_build_object('eventType', split_part(g.a, '|', 1), 'subEventType', split_part(g.a, '|', 2)) END,
            'trigger', jsonb_build_object('start', 0, 'end', 6, 'text', 'attack'),
            'source', jsonb_build_array(jsonb_build_object('name', 'Actor ' || g0.src, 'id', 'gen.' || g0.src)),
            'target', jsonb_build_array(jsonb_build_object('name', 'Actor ' || g0.tgt, 'id', 'gen.' || g0.tgt)),
            'location', jsonb_build_object('name', p.name, 'lat', p.lat, 'lon', p.lon, 'country', p.country), 'evidence', jsonb_build_array(jsonb_build_object('start', 0, 'end', 60))),
          '0.1.0'
        FROM (SELECT r, ${pick(types)} AS t, 1 + floor(random() * 8000)::int AS place, random() AS u, floor(random() * 50)::int AS k, ${pick(acled)} AS a0,
          1 + floor(random() * 3000)::int AS src, 1 + floor(random() * 3000)::int AS tgt FROM generate_series(1, ${n}) r) g0
        CROSS JOIN LATERAL (SELECT g0.t AS t, CASE WHEN g0.t IN ('ASSAULT', 'PROTEST') THEN g0.a0 END AS a, CASE WHEN g0.u < 0.3 THEN g0.k END AS f) g
        JOIN documents d ON d.id = (g0.r - 1) / 5 + 1
        JOIN places p ON p.id = g0.place`,
      // The links name the actors the event names, as the SQLite generator's do.
      `INSERT INTO report_actors (report_id, actor_id, role, ordinal, span_start, span_end, text, rule, event_date)
        SELECT r.id, substr(r.data -> v.role -> 0 ->> 'id', 5)::int, v.role, 0, 0, 5, 'Actor', 'gen', r.event_date FROM reports r, (VALUES ('source'), ('target')) v(role)`,
      // As autovacuum leaves a store that has stopped growing: statistics and a visibility map, so
      // index-only scans need not visit the table.
      'VACUUM ANALYZE',
    ];
    for (const sql of steps) await c.query(sql);
    const size = await c.query<{ b: string }>(`SELECT sum(pg_total_relation_size(c.oid))::bigint AS b FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind IN ('r', 'm')`, [schema]);
    return Number(size.rows[0]?.b ?? 0);
  } finally {
    await c.end();
  }
}

/**
 * The same comparison as the user makes it: whole `sitrep` processes, cold, on the same JSONL file.
 * `extract --jsonl FILE` (output to /dev/null) against `ingest FILE` into a new SQLite file (and a
 * new PostgreSQL schema with --pg), alternating, fastest of `rounds` kept. Both pay Node's start and
 * the pipeline's load; ingest also loads the store, opens the database (created empty beforehand, as
 * a new database's schema is made once), starts its writer thread and commits the last documents
 * before it exits.
 */
async function commandBench(tmp: string, pgUrl: string | undefined, rounds: number): Promise<void> {
  const cli = join(projectRoot(), 'bin', 'sitrep.js');
  const run = (args: string[]): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`sitrep ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-400)}`);
    return ms;
  };
  const rows: string[][] = [];
  for (const name of ['news-en-guardian-syria', 'news-fr-bbcafrique-conflict']) {
    const file = join(tmp, `${name}.jsonl`);
    const best = new Map<string, number>();
    const paired = new Map<string, number[]>();
    let alone = 0;
    const keep = (k: string, ms: number): void => {
      best.set(k, Math.min(best.get(k) ?? Infinity, ms));
      if (k.startsWith('extract')) alone = ms;
      else paired.set(k, [...(paired.get(k) ?? []), (ms - alone) / alone]);
    };
    for (let round = 0; round < rounds; round++) {
      keep('extract --jsonl', run(['extract', '--jsonl', file]));
      // Each ingest goes into an empty database whose schema exists already: creating the schema is
      // a one-time cost of a new database, not of storing a run's documents.
      const db = join(tmp, `cmd-${round}.db`);
      await SqliteStore.open(db, { writerThread: false }).close();
      keep('ingest, sqlite', run(['ingest', file, '--db', db, '--source', name]));
      for (const x of ['', '-wal', '-shm']) rmSync(db + x, { force: true });
      if (pgUrl !== undefined) {
        const schema = `sitrep_benchcmd_${process.pid}`;
        const u = schemaUrl(pgUrl, schema);
        const { PostgresStore } = await import('../src/store/postgres.js');
        await (await PostgresStore.open(pgUrl, { schema, writerThread: false })).close();
        try {
          keep('extract --jsonl', run(['extract', '--jsonl', file]));
          keep('ingest, postgres', run(['ingest', file, '--db', u, '--source', name]));
        } finally {
          const pg = await PostgresStore.open(pgUrl, { schema, writerThread: false });
          await pg.dropSchema();
          await pg.close();
        }
      }
    }
    const ex = best.get('extract --jsonl') as number;
    for (const [k, ms] of best) rows.push([name, k, (ms / 1000).toFixed(2), k.startsWith('extract') ? '-' : `${(((ms - ex) / ex) * 100).toFixed(1)}%`, k.startsWith('extract') ? '-' : `${(median(paired.get(k) ?? []) * 100).toFixed(1)}%`]);
  }
  console.log(`\n1b. Whole commands, cold processes (fastest of ${rounds} alternating rounds)`);
  table(['input', 'command', 'wall s', 'storage/extract', 'paired median'], rows);
}

const USAGE = `usage: npm run bench:store -- [--data DIR] [--rounds N] [--reports N] [--pg URL] [--skip-ingest] [--skip-query] [--keep]
  --data DIR     the datasets folder (default ../shared/datasets)
  --rounds N     alternating rounds per ingest measurement (default 3; the 50 BBC articles get 3N)
  --reports N    generated event reports for the events latency table (default 1000000)
  --pg URL       also measure PostgreSQL at URL (a schema is made and dropped for each measurement)
  --skip-ingest  leave out the ingest tables (1, 1b, 2)
  --skip-query   leave out the events latency and export tables (3, 3b, 4)
  --keep         keep the generated stores and print where they are`;

/** A wrong command line: reported in one line with the usage, without a stack trace. */
class UsageError extends Error {}

function positiveInt(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name}: expected a whole number of at least 1, found ${JSON.stringify(text)}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' }, reports: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' }, pg: { type: 'string' }, 'skip-ingest': { type: 'boolean' }, 'skip-query': { type: 'boolean' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const rounds = positiveInt('--rounds', values.rounds);
  const reports = positiveInt('--reports', values.reports);
  const data = resolve(values.data ?? join(projectRoot(), '..', 'shared', 'datasets'));
  const tmp = mkdtempSync(join(tmpdir(), 'sitrep-bench-store-'));
  try {
    if (!values['skip-ingest']) {
      await ingestBench(data, tmp, values.pg, rounds);
      await commandBench(tmp, values.pg, rounds);
    }
    if (!values['skip-query']) await queryBench(tmp, reports, values.pg, values.keep === true);
  } finally {
    if (values.keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`bench:store: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
