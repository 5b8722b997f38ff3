/** Input readers: web pages, feeds, charsets, JSONL and folders. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHtmlPage, isoDay, langOf, htmlFragmentToText } from '../../src/ingest/html.js';
import { parseFeed, looksLikeFeed } from '../../src/ingest/feed.js';
import { decodeMarkup, declaredCharset } from '../../src/ingest/charset.js';
import { expandInputs, readInput } from '../../src/ingest/sources.js';
import type { ReadResult, ReaderOptions } from '../../src/ingest/types.js';
import { SitrepError } from '../../src/core/errors.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'ingest');
const OPTS: ReaderOptions = { published: null, language: null, source: null, timeoutMs: 2000, maxBytes: 1 << 20 };

async function collect(input: string, opts = OPTS): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  for await (const r of readInput(input, opts)) out.push(r);
  return out;
}

describe('HTML pages', () => {
  it('extracts main text and metadata with Readability (FR page)', () => {
    const html = readFileSync(join(FIX, 'folder/html/fr-article.html'), 'utf8');
    const item = readHtmlPage(html, 'fr-article.html', OPTS);
    assert.match(item.text, /\n\nDes avions russes ont bombardé mercredi/);
    assert.ok(!/Accueil|tracker|©/.test(item.text), 'navigation, scripts and footer left out');
    assert.equal(item.text.split('\n\n').length >= 3, true, 'one paragraph per block');
    assert.deepEqual(
      { title: item.title, byline: item.byline, site: item.siteName, lang: item.language, published: item.published, url: item.url, source: item.source },
      { title: 'Frappes aériennes sur Idleb - Le Quotidien du Levant', byline: 'Claire Martin', site: 'Le Quotidien du Levant', lang: 'fr', published: '2024-03-14', url: 'https://levant.example/2024/03/14/idleb', source: 'Le Quotidien du Levant' },
    );
    assert.equal(item.raw, html);
  });

  it('reads a broken page (unclosed tags, no head end) as text (EN)', () => {
    const item = readHtmlPage(readFileSync(join(FIX, 'folder/html/en-broken.html'), 'utf8'), 'broken.html', OPTS);
    assert.match(item.text, /Fighting between the Sudanese army and the Rapid Support Forces/);
    assert.match(item.text, /At least 15 civilians were killed/);
    assert.equal(item.title, 'Clashes in Khartoum');
  });

  it('refuses a page without text', () => {
    assert.throws(() => readHtmlPage(readFileSync(join(FIX, 'bad/no-text.html'), 'utf8'), 'no-text.html', OPTS), (e: unknown) => e instanceof SitrepError && e.code === 'E_EMPTY');
  });

  it('lets --lang, --published and --source override or fill page metadata', () => {
    const item = readHtmlPage('<html><body><p>Shelling hit the town of Kharkiv overnight, the governor said.</p></body></html>', 'p.html', { ...OPTS, published: '2024-01-02', language: 'en', source: 'Wire' });
    assert.deepEqual([item.published, item.language, item.source], ['2024-01-02', 'en', 'Wire']);
  });

  const days: [string, string | null][] = [
    ['2024-03-14T09:30:00+01:00', '2024-03-14'],
    ['Thu, 02 May 2024 08:15:00 GMT', '2024-05-02'],
    ['not a date', null],
  ];
  for (const [s, want] of days) it(`dates: ${s}`, () => assert.equal(isoDay(s), want));
  it('languages: only fr and en are taken from markup', () => assert.deepEqual(['fr-FR', 'en_GB', 'de', ''].map(langOf), ['fr', 'en', null, null]));
  it('fragments: entities and blocks', () => assert.equal(htmlFragmentToText('<p>A &amp; B</p><p>C<br>D</p>'), 'A & B\n\nC\n\nD'));
});

describe('charsets', () => {
  it('decodes a page declared windows-1252 (FR accents kept)', () => {
    const bytes = readFileSync(join(FIX, 'folder/html/fr-cp1252.html'));
    assert.equal(declaredCharset(bytes), 'windows-1252');
    const { text, charset } = decodeMarkup(bytes, 'x');
    assert.equal(charset, 'windows-1252');
    assert.match(text, /Des combats ont éclaté à Hama/);
  });
  it('guesses windows-1252 for undeclared invalid UTF-8 HTML, but not for plain text', async () => {
    const bytes = Buffer.from('<p>Frappes à Deraa, après une journée de combats meurtriers dans la région.</p>', 'latin1');
    assert.equal(decodeMarkup(bytes, 'x', { fallback1252: true }).charset, 'windows-1252 (guessed)');
    const res = await collect(join(FIX, 'bad/latin1.txt'));
    assert.equal(res.length, 1);
    const f = res[0] as ReadResult;
    assert.ok('failure' in f && f.failure.code === 'E_ENCODING' && /byte 16/.test(f.failure.reason));
  });
  it('honours an HTTP charset', () => assert.equal(declaredCharset(Buffer.from('<p>x</p>'), 'text/html; charset=ISO-8859-1'), 'iso-8859-1'));
});

describe('feeds', () => {
  it('parses RSS 2.0 with content:encoded and description (FR)', () => {
    const feed = parseFeed(readFileSync(join(FIX, 'feeds/rss.xml'), 'utf8'), 'rss.xml', OPTS);
    assert.equal(feed.title, 'Sahel Monitor');
    assert.deepEqual(
      feed.items.map((i) => [i.id, i.title, i.published, i.language, i.source, i.url]),
      [
        ['https://sahel.example/2024/05/02/djibo', 'Attaque contre un poste militaire au Burkina Faso', '2024-05-02', 'fr', 'Sahel Monitor', 'https://sahel.example/2024/05/02/djibo'],
        ['https://sahel.example/2024/05/03/niamey', 'Manifestation à Niamey', '2024-05-03', 'fr', 'Sahel Monitor', 'https://sahel.example/2024/05/03/niamey'],
      ],
    );
    assert.equal(feed.items[0]?.text, "Des hommes armés ont attaqué un poste de l'armée burkinabè à Djibo jeudi, tuant au moins vingt soldats, selon des sources sécuritaires.\n\nL'attaque n'a pas été revendiquée.");
  });
  it('parses Atom with escaped HTML content and summary (EN)', () => {
    const feed = parseFeed(readFileSync(join(FIX, 'feeds/atom.xml'), 'utf8'), 'atom.xml', OPTS);
    assert.deepEqual(
      feed.items.map((i) => [i.id, i.url, i.published, i.language, i.text]),
      [
        ['urn:example:horn:1', 'https://horn.example/2024/06/09/mogadishu', '2024-06-09', 'en', 'Al-Shabaab militants stormed a hotel in Mogadishu on Sunday, killing at least six people, police said.'],
        ['urn:example:horn:2', 'https://horn.example/2024/06/10/addis', '2024-06-10', 'en', 'Hundreds of students protested in Addis Ababa on Monday against rising prices.'],
      ],
    );
  });
  const malformed: [string, string][] = [
    ['truncated feed', '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><itm><title>Not closed'],
    ['plain text', 'This is not XML.'],
    ['HTML page', '<!doctype html><html><body><p>hi</p></body></html>'],
    ['empty channel', '<rss version="2.0"><channel><title>Empty</title></channel></rss>'],
  ];
  for (const [name, xml] of malformed) {
    it(`refuses a malformed feed: ${name}`, () => {
      assert.throws(() => parseFeed(xml, 'bad.xml', OPTS), (e: unknown) => e instanceof SitrepError && e.code === 'E_BAD_RECORD' && e.stage === 'feed');
    });
  }
  it('refuses an item with neither text nor title, keeps the others', () => {
    const feed = parseFeed('<rss version="2.0"><channel><item><link>http://a</link></item><item><title>Clashes reported in Tripoli</title></item></channel></rss>', 'f.xml', OPTS);
    assert.equal(feed.failures.length, 1);
    assert.deepEqual(feed.items.map((i) => i.text), ['Clashes reported in Tripoli']);
  });
  it('reads the complete items of a feed cut short and refuses the cut one, with where it was cut', () => {
    const feed = parseFeed(readFileSync(join(FIX, 'bad/truncated-feed.xml'), 'utf8'), 'cut.xml', OPTS);
    assert.deepEqual(
      feed.items.map((i) => [i.id, i.text]),
      [['veille-1', 'Des hommes armés ont attaqué un convoi près de Dori mardi, tuant trois gendarmes.']],
    );
    assert.deepEqual(
      feed.failures.map((f) => [f.input, f.stage, f.code]),
      [['cut.xml#2', 'feed', 'E_BAD_RECORD']],
    );
    assert.match(feed.failures[0]?.reason ?? '', /^cut\.xml#2: the feed ends early, inside <description> \(line 13, column 1\); this <item> \(opened at line 10, column 1\) is incomplete and was not read\. The 1 complete item\(s\) before it were read/);
  });
  it('reads every item of a feed cut between items, and says it was cut', () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><guid>1</guid><title>Clashes in Tripoli</title></item>\n<item><guid>2</guid><title>Protest in Benghazi</title></item>';
    const feed = parseFeed(xml, 'cut.xml', OPTS);
    assert.deepEqual(
      feed.items.map((i) => i.id),
      ['1', '2'],
    );
    assert.deepEqual(
      feed.failures.map((f) => [f.input, f.code]),
      [['cut.xml', 'E_BAD_RECORD']],
    );
    assert.match(feed.failures[0]?.reason ?? '', /the feed ends early, inside <channel> \(line 1, column 20\); its 2 complete item\(s\) were read, later ones may be missing/);
  });
  it('refuses a feed cut inside its first item as a whole', () => {
    assert.throws(
      () => parseFeed('<rss version="2.0"><channel><title>T</title><item><title>Clashes in Trip', 'cut.xml', OPTS),
      (e: unknown) => e instanceof SitrepError && e.code === 'E_BAD_RECORD' && /ends early, inside <title> \(line 1, column 51\), before any complete <item>/.test(e.message),
    );
  });
  it('reads a "<" that starts no tag as text, and notes where in the item\'s metadata', () => {
    const feed = parseFeed('<rss version="2.0"><channel><item><guid>1</guid><description>Prices rose 3<4 times; x < y</description></item><item><guid>2</guid><title>Calm in Sirte</title></item></channel></rss>', 'lt.xml', OPTS);
    assert.deepEqual(
      feed.items.map((i) => [i.text, i.meta.xmlNotes ?? null]),
      [
        ['Prices rose 3<4 times; x < y', ['"<" at line 1, column 75 starts no tag: read as text', '"<" at line 1, column 87 starts no tag: read as text']],
        ['Calm in Sirte', null],
      ],
    );
    assert.deepEqual(feed.failures, []);
  });
  it('sniffs feeds behind a prolog and comments', () => assert.ok(looksLikeFeed('\uFEFF<?xml version="1.0"?>\n<!-- hi -->\n<feed xmlns="x">')));
});

describe('files, JSONL and folders', () => {
  it('walks a folder recursively in a stable order, skipping unknown files', async () => {
    const { files, failures } = await expandInputs([join(FIX, 'folder'), join(FIX, 'missing-dir')]);
    assert.deepEqual(files.map((f) => f.slice(FIX.length + 1)), ['folder/batch.jsonl', 'folder/html/en-broken.html', 'folder/html/fr-article.html', 'folder/html/fr-cp1252.html', 'folder/text/en-goma.txt', 'folder/text/fr-kidal.txt']);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.code, 'E_IO');
  });
  it('reads JSONL records, turning bad lines into failures', async () => {
    const res = await collect(join(FIX, 'folder/batch.jsonl'), { ...OPTS, source: 'Batch' });
    assert.deepEqual(
      res.map((r) => ('item' in r ? `${r.item.id}:${r.item.language}:${r.item.source}` : r.failure.code)),
      ['j1:en:Batch', 'j2:fr:Batch', 'E_BAD_JSON', 'j3:null:Batch'],
    );
  });
  it('refuses a JSONL line that is not UTF-8 with E_ENCODING, and reads the lines around it intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-readers-'));
    try {
      const file = join(dir, 'mixed.jsonl');
      const good = (id: string): Buffer => Buffer.from(JSON.stringify({ id, text: "Les rebelles se sont emparés d'Alep samedi." }) + '\r\n');
      // "Armée" saved as latin-1: 0xE9 is not a UTF-8 sequence; readline would have read it as U+FFFD.
      const bad = Buffer.concat([Buffer.from('{"id": "bad", "text": "Arm'), Buffer.from([0xe9]), Buffer.from('e syrienne"}\n')]);
      writeFileSync(file, Buffer.concat([good('before'), bad, good('after')]));
      const res = await collect(file);
      assert.equal(res.length, 3);
      const [before, failed, after] = res;
      assert.ok(failed && 'failure' in failed);
      assert.deepEqual([failed.failure.code, failed.failure.input, failed.failure.stage], ['E_ENCODING', `${file}:2`, 'jsonl']);
      assert.match(failed.failure.reason, /mixed\.jsonl:2: invalid UTF-8 at byte 26 of the line/);
      for (const [r, id] of [[before, 'before'], [after, 'after']] as const) {
        assert.ok(r && 'item' in r);
        assert.equal(r.item.id, id);
        assert.equal(r.item.text, "Les rebelles se sont emparés d'Alep samedi.", 'no replacement character, no CR');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('reads a text file with the default date and language', async () => {
    const [r] = await collect(join(FIX, 'folder/text/fr-kidal.txt'), { ...OPTS, published: '2024-02-20', language: 'fr' });
    assert.ok(r && 'item' in r);
    assert.deepEqual([r.item.kind, r.item.published, r.item.language, r.item.raw], ['text', '2024-02-20', 'fr', null]);
  });
});
