import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/extract.js';
import { seedArticle } from '../../src/cli/seed.js';
import { outputValidator } from './schema.js';

const validate = outputValidator();

function check(doc: unknown, label: string): void {
  const ok = validate(doc);
  assert.ok(ok, `${label}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

test('the seed article output validates against docs/OUTPUT.md', () => {
  const seed = seedArticle();
  const doc = extract({ id: seed.id, text: seed.text, published: seed.published });
  check(doc, 'seed');
  assert.equal(doc.language, 'fr');
  assert.equal(doc.errors.length, 0);
  // Every span-bearing field must point at the text it claims.
  for (const e of doc.events) {
    for (const ev of e.evidence) assert.equal(seed.text.slice(ev.start, ev.end), ev.text);
    for (const a of [...e.source, ...e.target]) assert.ok(a.end > a.start && a.end <= seed.text.length);
    for (const c of e.counts) assert.equal(seed.text.slice(c.start, c.end), c.text);
    if (e.date) assert.equal(seed.text.slice(e.date.charStart, e.date.charEnd), e.date.text);
  }
  for (const p of doc.places) assert.equal(seed.text.slice(p.start, p.end), p.text);
  for (const d of doc.dates) assert.equal(seed.text.slice(d.charStart, d.charEnd), d.text);
});

test('English articles and error records validate too', () => {
  const rows = [
    { id: 'en1', text: 'Rebels seized the town of Djibo on Saturday, killing at least 12 soldiers, the army said.', published: '2024-05-06' },
    { id: 'empty', text: '   ' },
    { id: 'de', text: 'Die Rebellen haben am Samstag die Stadt eingenommen, nachdem die Armee sich zurückgezogen hatte.' },
    { id: 'baddate', text: 'Les rebelles ont pris la ville.', published: '2024-13-45' },
  ];
  for (const r of rows) check(extract(r), r.id);
  assert.equal(extract(rows[1] as (typeof rows)[number]).errors[0]?.code, 'E_EMPTY');
  assert.equal(extract(rows[2] as (typeof rows)[number]).errors[0]?.code, 'E_LANGUAGE');
  assert.equal(extract(rows[3] as (typeof rows)[number]).errors[0]?.code, 'E_BAD_DATE');
});
