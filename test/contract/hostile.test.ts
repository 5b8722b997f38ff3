import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/extract.js';

/**
 * Hostile input must neither crash nor hang: every pattern in the pipeline has to stay linear. A
 * catastrophic backtracking pattern takes minutes on these inputs; the bound below is generous so the
 * test is about complexity, not machine speed (speed is measured by `npm run bench`).
 */
const base = "Les rebelles ont attaqué Alep samedi, selon l'OSDH. ";
const rows: [string, string][] = [
  ['punctuation run', base + '!?.,;:«»"()-'.repeat(20_000)],
  ['digit run', base + '1 000 '.repeat(20_000) + '9'.repeat(50_000)],
  ['capitals run', base + 'ALEP '.repeat(20_000) + 'A'.repeat(100_000)],
  ['apostrophes and hyphens', base + "l'd'l'd'-".repeat(20_000)],
  ['one giant sentence', base.replace('. ', ' ').repeat(3_000)],
  ['no spaces', 'rebellesattaquent'.repeat(20_000) + ' et les rebelles ont attaqué la ville de Homs.'],
];

for (const [name, text] of rows) {
  test(`hostile input stays linear: ${name}`, () => {
    const t0 = process.hrtime.bigint();
    const doc = extract({ id: name, text, published: '2024-12-02', language: 'fr' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 30_000, `${name}: ${text.length} chars took ${ms.toFixed(0)} ms`);
    assert.ok(Array.isArray(doc.events));
    for (const e of doc.errors) assert.match(e.code, /^E_[A-Z_]+$/);
  });
}

test('words that name JavaScript object members are ordinary words', () => {
  const words = 'constructor toString valueOf __proto__ hasOwnProperty isPrototypeOf prototype';
  for (const [lang, text] of [
    ['en', `${words}. Rebels attacked the village of constructor on Monday, killing constructor people and __proto__ soldiers.`],
    ['fr', `${words}. Les rebelles ont tué constructor personnes à __proto__ lundi, selon toString.`],
  ] as const) {
    const doc = extract({ id: lang, text, published: '2024-05-06', language: lang });
    assert.deepEqual(doc.errors, []);
    for (const e of doc.events) for (const c of e.counts) assert.equal(typeof c.value, 'number', `${lang}: ${c.text}`);
    assert.ok(!doc.events.some((e) => e.counts.some((c) => /constructor|__proto__/.test(c.text))), `${lang}: no figure read from a member name`);
  }
});
