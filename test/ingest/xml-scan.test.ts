/** The feed reader's XML pass: items, where a feed was cut short, and "<" that are text. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lineColumns, scanFeedXml } from '../../src/ingest/xml-scan.js';

const RSS_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel</title>';
const ITEM_A = '<item><title>A</title><description>Des combats à Djibo.</description></item>';
const ITEM_B = '<item><title>B</title><description>Des frappes à Gao.</description></item>';

/** Each row: name, XML, then what the scan must report (items as [start, closed], cut offset, names open at the end, bare "<"). */
const rows: [string, string, { items: [number, boolean][]; truncatedAt: number | null; openAtEnd: string[]; bareLt: number[] }][] = [
  ['a whole RSS feed', `${RSS_HEAD}${ITEM_A}${ITEM_B}</channel></rss>`, { items: [[RSS_HEAD.length, true], [RSS_HEAD.length + ITEM_A.length, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  [
    'cut inside the second item',
    `${RSS_HEAD}${ITEM_A}<item><title>B</title><description>Des frappes à G`,
    { items: [[RSS_HEAD.length, true], [RSS_HEAD.length + ITEM_A.length, false]], truncatedAt: RSS_HEAD.length + ITEM_A.length + '<item><title>B</title>'.length, openAtEnd: ['rss', 'channel', 'item', 'description'], bareLt: [] },
  ],
  ['cut between items', `${RSS_HEAD}${ITEM_A}`, { items: [[RSS_HEAD.length, true]], truncatedAt: RSS_HEAD.indexOf('<channel>'), openAtEnd: ['rss', 'channel'], bareLt: [] }],
  ['cut inside a tag', `${RSS_HEAD}${ITEM_A}<item><title lang="fr`, { items: [[RSS_HEAD.length, true], [RSS_HEAD.length + ITEM_A.length, false]], truncatedAt: RSS_HEAD.length + ITEM_A.length + 6, openAtEnd: ['rss', 'channel', 'item'], bareLt: [] }],
  ['cut inside CDATA', `${RSS_HEAD}<item><description><![CDATA[<p>Des combats`, { items: [[RSS_HEAD.length, false]], truncatedAt: RSS_HEAD.length + 19, openAtEnd: ['rss', 'channel', 'item', 'description'], bareLt: [] }],
  ['cut inside a comment', `${RSS_HEAD}<!-- generated`, { items: [], truncatedAt: RSS_HEAD.length, openAtEnd: ['rss', 'channel'], bareLt: [] }],
  ['cut after a lone "<"', `${RSS_HEAD}${ITEM_A}<`, { items: [[RSS_HEAD.length, true]], truncatedAt: RSS_HEAD.length + ITEM_A.length, openAtEnd: ['rss', 'channel'], bareLt: [] }],
  [
    '"<" as text, CDATA and a comment holding "<" and ">"',
    '<rss><channel><item><description>x < y, 3<4 <![CDATA[a<b>]]> <!-- <item> --></description></item></channel></rss>',
    { items: [[14, true]], truncatedAt: null, openAtEnd: [], bareLt: [35, 41] },
  ],
  ['">" inside a quoted attribute', '<rss><channel><item><link href="a>b" rel=\'x>y\'/><title>T</title></item></channel></rss>', { items: [[14, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['a DOCTYPE with an internal subset', '<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss><channel><item/></channel></rss>', { items: [[54, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['an end tag closes what was left open inside it', '<rss><channel><item><description>Des <b>frappes</description></item></channel></rss>', { items: [[14, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['an end tag that matches nothing is ignored', '<rss><channel><item><title>T</title></p></item></channel></rss>', { items: [[14, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['RSS 1.0 items under the root', '<rdf:RDF><channel><title>T</title></channel><item><title>A</title></item></rdf:RDF>', { items: [['<rdf:RDF><channel><title>T</title></channel>'.length, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['Atom entries; an entry nested deeper is not an item', '<feed><entry><title>A</title><x><entry/></x></entry></feed>', { items: [[6, true]], truncatedAt: null, openAtEnd: [], bareLt: [] }],
  ['no markup at all', 'plain text', { items: [], truncatedAt: null, openAtEnd: [], bareLt: [] }],
];

describe('scanFeedXml', () => {
  for (const [name, xml, want] of rows) {
    it(name, () => {
      const got = scanFeedXml(xml);
      assert.deepEqual(
        {
          items: got.items.map((i) => [i.start, i.closed]),
          truncatedAt: got.truncatedAt,
          openAtEnd: got.openAtEnd,
          bareLt: got.bareLt,
        },
        want,
      );
      for (const [start] of want.items) assert.equal(xml.slice(start, start + 1), '<');
      for (const o of want.bareLt) assert.equal(xml[o], '<');
    });
  }

  // Hostile nesting and runs of markup: a quadratic pass takes minutes on these; the bound is about
  // complexity, not machine speed.
  const hostile: [string, string][] = [
    ['deep nesting, then end tags that match nothing', `<rss><channel>${'<a>'.repeat(200_000)}${'</b>'.repeat(200_000)}`],
    ['a run of "<"', `<rss><channel><item><description>${'<'.repeat(400_000)}</description></item></channel></rss>`],
    ['unclosed quotes and comments', `<rss><channel>${'<item x="'.repeat(100_000)}`],
    ['many items', `<rss><channel>${'<item><title>T</title></item>'.repeat(50_000)}</channel></rss>`],
    ['a run of declarations', `<rss><channel>${'<!x>'.repeat(2_000_000)}</channel></rss>`],
  ];
  for (const [name, xml] of hostile) {
    it(`stays linear on hostile input: ${name}`, () => {
      const t0 = process.hrtime.bigint();
      const scan = scanFeedXml(xml);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 20_000, `${xml.length} chars took ${ms.toFixed(0)} ms`);
      assert.ok(scan.items.length <= xml.length);
    });
  }
});

describe('lineColumns', () => {
  const text = 'ab\ncd\n\nef';
  const at = lineColumns(text);
  const cases: [number, number, number][] = [
    [0, 1, 1],
    [2, 1, 3],
    [3, 2, 1],
    [6, 3, 1],
    [7, 4, 1],
    [8, 4, 2],
  ];
  for (const [offset, line, column] of cases) it(`offset ${offset} is line ${line}, column ${column}`, () => assert.deepEqual(at(offset), { line, column }));
});
