import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhraseMatcher } from '../../src/core/phrase-matcher.js';
import { tokenize } from '../../src/core/text.js';
import { langData } from '../../src/core/data.js';
import type { SegmentData } from '../../src/stages/segment/index.js';

const fr = langData<SegmentData>('fr', 'segment');

function matcher(): PhraseMatcher<string> {
  const m = new PhraseMatcher<string>(fr);
  m.add('Nations unies', 'un');
  m.add('UN', 'un');
  m.add('Bureau de la coordination des affaires humanitaires des Nations unies', 'ocha');
  m.add('se sont empar*', 'capture');
  m.add('Alep', 'aleppo');
  return m;
}

test('longest match wins and matching is accent- and case-insensitive', () => {
  const text = 'Le Bureau de la coordination des affaires humanitaires des Nations Unies déclare';
  const hits = matcher().findAll(tokenize(text, fr));
  assert.deepEqual(hits.map((h) => h.entry), ['ocha']);
  assert.equal(text.slice(hits[0]?.start, hits[0]?.end), 'Bureau de la coordination des affaires humanitaires des Nations Unies');
});

test('short capitalised forms match case-sensitively', () => {
  const m = matcher();
  assert.deepEqual(m.findAll(tokenize("l'UN a dit", fr)).map((h) => h.entry), ['un']);
  assert.deepEqual(m.findAll(tokenize('un homme a dit', fr)).map((h) => h.entry), []);
});

test('prefix wildcard matches conjugated forms; elided articles do not block', () => {
  const m = matcher();
  const rows: [string, string[]][] = [
    ["Les rebelles se sont emparés d'Alep", ['capture', 'aleppo']],
    ['ils se sont emparées de la ville', ['capture']],
    ['ils se sont retirés', []],
  ];
  for (const [text, want] of rows) assert.deepEqual(m.findAll(tokenize(text, fr)).map((h) => h.entry), want, text);
});

test('matches do not cross sentence boundaries', () => {
  const m = matcher();
  const toks = [...tokenize('Nations', fr, 0, 0, 0), ...tokenize('unies', fr, 8, 1, 1)];
  assert.deepEqual(m.findAll(toks), []);
});

test('a form ending in an elided article matches before a word', () => {
  const m = new PhraseMatcher<string>(fr);
  m.add("avant l'", 'before');
  assert.deepEqual(m.findAll(tokenize("Avant l'offensive, rien.", fr)).map((h) => h.entry), ['before']);
});
