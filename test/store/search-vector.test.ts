/**
 * The PostgreSQL search vector is built on the client (searchLexemes) and sent in binary
 * (searchVectorBinary). On plain prose it must equal what the server built before
 * (`setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', text)` over the folded
 * strings); where the server's parser also emitted compounds ("ez-zor"), the words a query can ask
 * for must still be there; and PostgreSQL's limits must not make a save fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { foldName, searchLexemes, searchTerms, searchVectorBinary, searchVectorText } from '../../src/store/rows.js';
import { tsQuery } from '../../src/store/query.js';
import { postgresUrl } from './backends.js';

const url = await postgresUrl();

const vector = (title: string, text: string): string => searchVectorText(searchLexemes(title, text));

test('searchLexemes: positions in reading order, the title first with weight A, words as searchTerms cuts them, sorted', () => {
  const cases: { title: string; text: string; expect: string }[] = [
    { title: '', text: '', expect: '' },
    { title: 'Alep', text: 'Les rebelles entrent dans Alep.', expect: "'alep':1A,6 'dans':5 'entrent':4 'les':2 'rebelles':3" },
    { title: '', text: "L'armée a bombardé Deir ez-Zor, 3 fois.", expect: "'3':8 'a':3 'armee':2 'bombarde':4 'deir':5 'ez':6 'fois':9 'l':1 'zor':7" },
    { title: 'ÉTÉ', text: 'été  Été\n\ntrès', expect: "'ete':1A,2,3 'tres':4" },
    // A letter outside the Basic Multilingual Plane (two UTF-16 units) stays inside its word.
    { title: '', text: 'a\u{20000}b, c', expect: "'a\u{20000}b':1 'c':2" },
    // Code-unit order, as PostgreSQL orders UTF-8 bytes: digits, then Latin, Greek, Cyrillic, CJK.
    { title: '', text: '9 10 b a1 a 中 я α', expect: "'10':2 '9':1 'a':5 'a1':4 'b':3 'α':8 'я':7 '中':6" },
  ];
  for (const c of cases) assert.equal(vector(c.title, c.text), c.expect, JSON.stringify(c));
});

test('searchLexemes: a word repeated past 256 positions keeps 256, positions stop at 16383 (kept once), over-long words are left out', () => {
  const many = searchLexemes('', 'mot '.repeat(300));
  assert.equal(many[0]?.[1].length, 256);
  const far = new Map(searchLexemes('', `${'x '.repeat(16390)}fin encore fin`));
  assert.deepEqual(far.get('fin'), [16383]);
  assert.deepEqual(far.get('encore'), [16383]);
  assert.equal(vector('', `court ${'a'.repeat(3000)} bref`), "'bref':3 'court':1");
});

test('searchVectorBinary: tsvector_recv layout (count, then each word NUL-terminated, its position count and positions, big-endian)', () => {
  const buf = searchVectorBinary(searchLexemes('É', 'é b'));
  assert.deepEqual([...buf], [0, 0, 0, 2, 0x62, 0, 0, 1, 0, 3, 0x65, 0, 0, 2, 0xc0, 1, 0, 2]);
  assert.deepEqual([...searchVectorBinary([])], [0, 0, 0, 0]);
});

test('postgres: the binary vector equals the server-built vector on prose, and every query term of a compound is found', { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
  const c = new pg.Client({ connectionString: url as string });
  await c.connect();
  const binary = (title: string, text: string): Buffer => searchVectorBinary(searchLexemes(title, text));
  try {
    const prose: [string, string][] = [
      ['Offensive sur Alep', "Les rebelles syriens sont entrés samedi dans Alep, la deuxième ville du pays, selon l'OSDH. Alep était tenue par le régime depuis 2016."],
      ['', 'Fighters of the SDF said on Tuesday that 12 civilians were killed near Raqqa; the SDF denied it.'],
      ['Ünïcödé', 'Ελληνικά, русский, العربية و 中文 mixed with naïve café.'],
    ];
    for (const [title, text] of prose) {
      const r = await c.query<{ same: boolean; text: string }>(
        "SELECT $1::tsvector = setweight(to_tsvector('simple', $2), 'A') || to_tsvector('simple', $3) AS same, $1::tsvector::text AS text",
        [binary(title, text), foldName(title), foldName(text)],
      );
      assert.equal(r.rows[0]?.same, true, title || text);
      assert.equal(r.rows[0]?.text, vector(title, text));
    }
    const text = "Des combats à Deir ez-Zor et à Ras al-Aïn, d'après l'AFP (mise à jour 2.1).";
    for (const query of ['ez-Zor', 'Deir ez Zor', 'Ras al-Ain', 'AFP', "d'après", 'mise a jour 2.1']) {
      const r = await c.query<{ hit: boolean }>('SELECT $1::tsvector @@ $2::tsquery AS hit', [binary('', text), tsQuery(query)]);
      assert.equal(r.rows[0]?.hit, true, `${query} -> ${searchTerms(query).join(' ')}`);
    }
    const miss = await c.query<{ hit: boolean }>('SELECT $1::tsvector @@ $2::tsquery AS hit', [binary('', text), tsQuery('Damas')]);
    assert.equal(miss.rows[0]?.hit, false);
    // At PostgreSQL's limits the vector is still accepted.
    const big = await c.query<{ n: number }>('SELECT length($1::tsvector) AS n', [binary('', `${'mot '.repeat(300)}${'x '.repeat(16400)}${'a'.repeat(3000)} fin`)]);
    assert.equal(big.rows[0]?.n, 3);
  } finally {
    await c.end();
  }
});
