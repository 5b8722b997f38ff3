import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../helpers.js';
import { figuresStage, findCounts, findNumbers, isCountable } from '../../../src/stages/mentions/figures/index.js';
import { datesStage } from '../../../src/stages/mentions/dates/index.js';
import { assemblePipeline } from '../../../src/core/pipeline.js';
import { projectRoot } from '../../../src/core/data.js';
import type { CountKind, CountQualifier, LangCode } from '../../../src/core/types.js';

interface NumRow {
  lang: LangCode;
  text: string;
  /** Expected mention text. */
  find: string;
  value: number;
  qualifier?: CountQualifier;
  low?: number | null;
  high?: number | null;
  /** Expected last part of the rule id: digits, words, approx, vague, range or a role. */
  form?: string;
}

const numberRows: NumRow[] = [
  { lang: 'fr', text: '14 000 personnes ont fui.', find: '14 000', value: 14000, form: 'digits' },
  { lang: 'fr', text: 'Un budget de 1,5 million.', find: '1,5 million', value: 1_500_000 },
  { lang: 'fr', text: 'Il y avait vingt-trois soldats.', find: 'vingt-trois', value: 23, form: 'words' },
  { lang: 'fr', text: 'Trois cents familles sont parties.', find: 'Trois cents', value: 300 },
  { lang: 'fr', text: 'On compte quatre-vingt-dix-sept blessés.', find: 'quatre-vingt-dix-sept', value: 97 },
  { lang: 'fr', text: 'Deux mille cinq cents réfugiés.', find: 'Deux mille cinq cents', value: 2500 },
  { lang: 'fr', text: 'Vingt et un otages.', find: 'Vingt et un', value: 21 },
  { lang: 'fr', text: 'Une dizaine de blessés.', find: 'Une dizaine', value: 10, qualifier: 'approx', form: 'approx' },
  { lang: 'fr', text: 'Des dizaines de morts.', find: 'Des dizaines', value: 20, qualifier: 'approx', low: 20, high: 99, form: 'vague' },
  { lang: 'fr', text: 'Des centaines de familles.', find: 'Des centaines', value: 200, qualifier: 'approx', low: 200, high: 999, form: 'vague' },
  { lang: 'fr', text: 'Des dizaines de milliers de déplacés.', find: 'Des dizaines de milliers', value: 20000, low: 20000, high: 99999, form: 'vague' },
  { lang: 'fr', text: 'Au moins 12 morts.', find: 'Au moins 12', value: 12, qualifier: 'at_least' },
  { lang: 'fr', text: 'Plus de 14 000 déplacés.', find: 'Plus de 14 000', value: 14000, qualifier: 'at_least' },
  { lang: 'fr', text: 'Près de 30 blessés.', find: 'Près de 30', value: 30, qualifier: 'at_most' },
  { lang: 'fr', text: "Jusqu'à 40 personnes.", find: "Jusqu'à 40", value: 40, qualifier: 'at_most' },
  { lang: 'fr', text: 'Environ 50 civils.', find: 'Environ 50', value: 50, qualifier: 'approx' },
  { lang: 'fr', text: 'Quelque 60 combattants.', find: 'Quelque 60', value: 60, qualifier: 'approx' },
  { lang: 'fr', text: 'Entre 10 et 15 morts.', find: 'Entre 10 et 15', value: 10, low: 10, high: 15, form: 'range' },
  { lang: 'fr', text: 'Il y a eu 20-30 blessés.', find: '20-30', value: 20, low: 20, high: 30, form: 'range' },
  { lang: 'fr', text: 'Un homme âgé de 25 ans.', find: '25', value: 25, form: 'duration' },
  { lang: 'fr', text: 'Après 5 ans de trêve.', find: '5', value: 5, form: 'duration' },
  { lang: 'fr', text: 'Une hausse de 30 % des prix.', find: '30', value: 30, form: 'percent' },
  { lang: 'fr', text: 'Une amende de 100 euros.', find: '100', value: 100, form: 'money' },
  { lang: 'fr', text: 'Le 3 mai, la ville est tombée.', find: '3', value: 3, form: 'date' },
  { lang: 'fr', text: 'Depuis 2016, la ville est calme.', find: '2016', value: 2016, form: 'year' },
  { lang: 'en', text: 'Some 1,200 people fled.', find: 'Some 1,200', value: 1200, qualifier: 'approx' },
  { lang: 'en', text: 'A budget of 1.5 million.', find: '1.5 million', value: 1_500_000 },
  { lang: 'en', text: 'Twenty-three soldiers died.', find: 'Twenty-three', value: 23, form: 'words' },
  { lang: 'en', text: 'Two hundred and fifty families.', find: 'Two hundred and fifty', value: 250 },
  { lang: 'en', text: 'A dozen houses burned.', find: 'A dozen', value: 12, qualifier: 'approx', form: 'approx' },
  { lang: 'en', text: 'Dozens of people fled.', find: 'Dozens', value: 24, qualifier: 'approx', low: 24, high: 119, form: 'vague' },
  { lang: 'en', text: 'Hundreds of thousands fled.', find: 'Hundreds of thousands', value: 200_000, low: 200_000, high: 999_999, form: 'vague' },
  { lang: 'en', text: 'Several hundred protesters marched.', find: 'Several hundred', value: 200, form: 'vague' },
  { lang: 'en', text: 'At least 3 were killed.', find: 'At least 3', value: 3, qualifier: 'at_least' },
  { lang: 'en', text: 'More than 40 were hurt.', find: 'More than 40', value: 40, qualifier: 'at_least' },
  { lang: 'en', text: 'Over 50 were hurt.', find: 'Over 50', value: 50, qualifier: 'at_least' },
  { lang: 'en', text: 'Nearly 6 died.', find: 'Nearly 6', value: 6, qualifier: 'at_most' },
  { lang: 'en', text: 'Almost 7 died.', find: 'Almost 7', value: 7, qualifier: 'at_most' },
  { lang: 'en', text: 'Up to 8 died.', find: 'Up to 8', value: 8, qualifier: 'at_most' },
  { lang: 'en', text: 'About 9 died.', find: 'About 9', value: 9, qualifier: 'approx' },
  { lang: 'en', text: 'Around 10 died.', find: 'Around 10', value: 10, qualifier: 'approx' },
  { lang: 'en', text: 'Between five and 23 drowned.', find: 'Between five and 23', value: 5, low: 5, high: 23, form: 'range' },
  { lang: 'en', text: 'Some 10 to 15 people.', find: 'Some 10 to 15', value: 10, low: 10, high: 15, qualifier: 'approx', form: 'range' },
  { lang: 'en', text: 'A 48-year-old man.', find: '48', value: 48, form: 'duration' },
  { lang: 'en', text: 'They fired 82mm mortars.', find: '82', value: 82, form: 'measure' },
  { lang: 'en', text: 'A fine of $5 was paid.', find: '5', value: 5, form: 'money' },
  { lang: 'en', text: 'Prices rose 10 percent.', find: '10', value: 10, form: 'percent' },
  { lang: 'en', text: 'On 3 May 2020, police fired.', find: '3', value: 3, form: 'date' },
];

describe('findNumbers reads cardinals, qualifiers, ranges and roles', () => {
  for (const r of numberRows) {
    it(`${r.lang}: "${r.text}" → ${r.find} = ${r.value}`, () => {
      const { doc } = prepare(r.text, r.lang);
      const nums = findNumbers(doc);
      const m = nums.find((n) => n.text === r.find);
      assert.ok(m, `no number "${r.find}" in ${JSON.stringify(nums.map((n) => n.text))}`);
      assert.equal(m.value, r.value);
      assert.equal(m.qualifier, r.qualifier ?? (r.form === 'range' || r.form === 'vague' || r.form === 'approx' ? 'approx' : 'exact'));
      if (r.low !== undefined) assert.equal(m.low, r.low);
      if (r.high !== undefined) assert.equal(m.high, r.high);
      if (r.form) assert.equal(m.rule, `${r.lang}.number.${r.form}`);
      assert.equal(doc.text.slice(m.start, m.end), m.text);
    });
  }

  it('fr: ordinals ("35e", "1er") and lone articles are not cardinals', () => {
    const { doc } = prepare('Sa 35e victoire, le 1er coureur, un soldat.', 'fr');
    assert.deepEqual(findNumbers(doc).map((n) => n.text), []);
  });

  it('en: "several" alone gives no number, and years are year-like', () => {
    const { doc } = prepare('Several people were hurt in 2016.', 'en');
    const nums = findNumbers(doc);
    assert.deepEqual(nums.map((n) => [n.text, n.yearLike, isCountable(n)]), [['2016', true, false]]);
  });
});

interface CountRow {
  lang: LangCode;
  text: string;
  /** Expected counts in text order: [kind, value, qualifier]. */
  counts: [CountKind, number, CountQualifier][];
  /** Expected rule of the first count, when it matters. */
  rule?: string;
}

const countRows: CountRow[] = [
  { lang: 'fr', text: '255 personnes, pour la plupart des militants, ont trouvé la mort.', counts: [['killed', 255, 'exact']], rule: 'fr.count.killed.verb' },
  { lang: 'fr', text: 'Plus de 14 000 personnes, dont des enfants, ont été déplacées.', counts: [['displaced', 14000, 'at_least']] },
  { lang: 'fr', text: "L'attaque a fait 30 morts.", counts: [['killed', 30, 'exact']] },
  { lang: 'fr', text: 'Un civil a été tué.', counts: [['killed', 1, 'exact']], rule: 'fr.count.killed.indefinite' },
  { lang: 'fr', text: 'Les jihadistes ont abattu un soldat.', counts: [['killed', 1, 'exact']], rule: 'fr.count.killed.indefinite' },
  { lang: 'fr', text: 'Trois soldats ont été tués et cinq blessés.', counts: [['killed', 3, 'exact'], ['injured', 5, 'exact']] },
  { lang: 'fr', text: 'Le bilan s’élève à 40 morts.', counts: [['killed', 40, 'exact']] },
  { lang: 'fr', text: 'Des dizaines de personnes ont été enlevées.', counts: [['kidnapped', 20, 'approx']] },
  { lang: 'fr', text: 'Vingt personnes ont été arrêtées.', counts: [['arrested', 20, 'exact']] },
  { lang: 'fr', text: 'On dénombre une dizaine de blessés.', counts: [['injured', 10, 'approx']] },
  { lang: 'fr', text: 'Au moins 12 morts selon la police.', counts: [['killed', 12, 'at_least']] },
  { lang: 'fr', text: 'Près de 30 personnes ont péri.', counts: [['killed', 30, 'at_most']] },
  { lang: 'fr', text: 'Entre 10 et 15 morts.', counts: [['killed', 10, 'approx']] },
  { lang: 'fr', text: 'Une frappe a touché le marché, tuant trois civils.', counts: [['killed', 3, 'exact']], rule: 'fr.count.killed.before' },
  { lang: 'fr', text: "L'attaque a fait 30 morts, dont 12 civils.", counts: [['killed', 30, 'exact']] },
  { lang: 'fr', text: 'Le 3 mai, deux soldats ont été tués.', counts: [['killed', 2, 'exact']] },
  { lang: 'fr', text: 'Trois soldats ont été tués. Le bilan est passé à 7 morts.', counts: [['killed', 7, 'exact']] },
  { lang: 'fr', text: 'Un homme âgé de 25 ans a été tué.', counts: [['killed', 1, 'exact']] },
  { lang: 'fr', text: 'Une embuscade a eu lieu, tuant 3 soldats et 2 civils.', counts: [['killed', 3, 'exact'], ['killed', 2, 'exact']] },
  { lang: 'fr', text: 'Les assaillants ont abattu un gendarme et son fils.', counts: [['killed', 1, 'exact'], ['killed', 1, 'exact']] },
  { lang: 'fr', text: "Le bilan passe à 73 morts. La préfecture avait d'abord annoncé un bilan de 21 morts et de 5 blessés.", counts: [['killed', 73, 'exact'], ['injured', 5, 'exact']] },
  { lang: 'fr', text: 'Les rebelles du M23 ont déplacé plus de 80 000 personnes.', counts: [['displaced', 80000, 'at_least']] },
  { lang: 'fr', text: "Un million de personnes, deux fois plus qu'avant, ont fui.", counts: [['displaced', 1_000_000, 'exact']] },
  { lang: 'fr', text: 'Le conflit a repris après 5 ans de trêve.', counts: [] },
  { lang: 'fr', text: 'En 2016, la guerre a fait rage.', counts: [] },
  { lang: 'fr', text: '30 % des habitants ont fui.', counts: [] },
  { lang: 'fr', text: 'Une rançon de 100 euros pour les otages.', counts: [] },
  { lang: 'en', text: 'A drone struck the market, killing three civilians.', counts: [['killed', 3, 'exact']], rule: 'en.count.killed.before' },
  { lang: 'en', text: 'The death toll rose to 12.', counts: [['killed', 12, 'exact']], rule: 'en.count.killed.toll' },
  { lang: 'en', text: 'A clash broke out. 3 fatalities.', counts: [['killed', 3, 'exact']] },
  { lang: 'en', text: 'Militants killed two soldiers and injured five others.', counts: [['killed', 2, 'exact'], ['injured', 5, 'exact']] },
  { lang: 'en', text: 'One person was killed.', counts: [['killed', 1, 'exact']] },
  { lang: 'en', text: 'Gunmen killed a civilian.', counts: [['killed', 1, 'exact']], rule: 'en.count.killed.indefinite' },
  { lang: 'en', text: 'A man was shot dead.', counts: [['killed', 1, 'exact']], rule: 'en.count.killed.indefinite' },
  { lang: 'en', text: '2 soldiers and 3 civilians were killed.', counts: [['killed', 2, 'exact'], ['killed', 3, 'exact']] },
  {
    lang: 'en',
    text: 'At least 5 people (including 2 nurses) were killed and 17 (8 soldiers and 9 villagers) were wounded.',
    counts: [['killed', 5, 'at_least'], ['injured', 17, 'exact']],
  },
  { lang: 'en', text: 'Two men were killed in the attack. 2 fatalities.', counts: [['killed', 2, 'exact']] },
  { lang: 'en', text: 'More than 1,200 people were displaced.', counts: [['displaced', 1200, 'at_least']] },
  { lang: 'en', text: 'Police arrested 5 protesters.', counts: [['arrested', 5, 'exact']] },
  { lang: 'en', text: 'Gunmen abducted a teacher.', counts: [['kidnapped', 1, 'exact']] },
  { lang: 'en', text: 'Dozens of people fled.', counts: [['displaced', 24, 'approx']] },
  { lang: 'en', text: '300 people were reported injured, 1 killed and 50 were missing.', counts: [['injured', 300, 'exact'], ['killed', 1, 'exact']] },
  { lang: 'en', text: 'Militants attacked 3 villages and killed 10 people.', counts: [['killed', 10, 'exact']] },
  { lang: 'en', text: 'A man was stabbed to death by four armed men.', counts: [['killed', 1, 'exact']] },
  { lang: 'en', text: 'Three men died. One of the men who died was a leader.', counts: [['killed', 3, 'exact']] },
  { lang: 'en', text: 'A 25-year-old man was arrested in 2016.', counts: [['arrested', 1, 'exact']] },
  { lang: 'en', text: 'Militants ambushed a patrol, killing 1 soldier and 2 volunteer fighters.', counts: [['killed', 1, 'exact'], ['killed', 2, 'exact']] },
  { lang: 'en', text: 'Militants killed an imam and his son near the village.', counts: [['killed', 1, 'exact'], ['killed', 1, 'exact']] },
  { lang: 'en', text: 'A mob attacked a youth. 1 killed 3 injured.', counts: [['killed', 1, 'exact'], ['injured', 3, 'exact']] },
  { lang: 'en', text: '1 soldier was killed in the attack. Fatalities coded as 0 (one source reported 1).', counts: [['killed', 0, 'exact']] },
  { lang: 'en', text: 'Three soldiers were killed on Monday. On Tuesday the death toll rose to 7.', counts: [['killed', 7, 'exact']] },
  { lang: 'en', text: 'Gunmen killed the driver of the bus.', counts: [['killed', 1, 'exact']], rule: 'en.count.killed.definite' },
  { lang: 'en', text: 'They fired 82mm mortars; 10 percent of residents fled.', counts: [] },
  { lang: 'en', text: 'The rebels destroyed two vehicles, but the source does not mention fatalities.', counts: [] },
];

describe('findCounts attaches casualty kinds to figures', () => {
  for (const r of countRows) {
    it(`${r.lang}: "${r.text}"`, () => {
      const { doc } = prepare(r.text, r.lang);
      const counts = findCounts(doc);
      assert.deepEqual(
        counts.map((c) => [c.kind, c.value, c.qualifier]),
        r.counts,
      );
      if (r.rule) assert.equal(counts[0]?.rule, r.rule);
      for (const c of counts) assert.equal(doc.text.slice(c.start, c.end), c.text);
    });
  }
});

describe('findCounts reports a headline figure once', () => {
  it('fr: the body restates the headline toll', () => {
    const { doc } = prepare('Seize personnes tuées dans une attaque\nUne attaque contre une mosquée a fait au moins seize morts vendredi.', 'fr');
    assert.deepEqual(
      findCounts(doc).map((c) => [c.kind, c.value, c.qualifier, c.sentence]),
      [['killed', 16, 'at_least', 1]],
    );
  });
});

describe('figures on the seed article', () => {
  const text = readFileSync(join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.txt'), 'utf8');
  const expected = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'mentions', 'figures', 'seed', 'expected.json'), 'utf8')) as {
    numbers: unknown[];
    counts: unknown[];
  };
  const { doc, ctx } = prepare(text, 'fr', '2024-12-02');
  const numbers = findNumbers(doc);
  const counts = findCounts(doc, numbers);

  it('matches the hand-checked golden file', () => {
    assert.deepEqual(
      numbers.map((n) => ({ text: n.text, start: n.start, end: n.end, value: n.value, qualifier: n.qualifier, low: n.low, high: n.high, yearLike: n.yearLike, rule: n.rule, sentence: n.sentence })),
      expected.numbers,
    );
    assert.deepEqual(
      counts.map((c) => ({ text: c.text, start: c.start, end: c.end, kind: c.kind, value: c.value, qualifier: c.qualifier, low: c.low, high: c.high, rule: c.rule, sentence: c.sentence })),
      expected.counts,
    );
  });

  it('finds 255 killed (exact) and 14000 displaced (at least), nothing else', () => {
    assert.deepEqual(
      counts.map((c) => [c.kind, c.value, c.qualifier]),
      [
        ['killed', 255, 'exact'],
        ['displaced', 14000, 'at_least'],
      ],
    );
  });

  it('runs as a pipeline stage, after dates or without them', () => {
    const base = ['id', 'text', 'title', 'url', 'published', 'errors', 'language', 'sentences', 'tokens'] as const;
    const alone = assemblePipeline([figuresStage], base).run(doc, ctx);
    const after = assemblePipeline([datesStage, figuresStage], base).run(doc, ctx);
    assert.deepEqual(alone.counts, counts);
    assert.deepEqual(after.counts, counts);
    assert.equal(after.numbers.length, numbers.length);
  });
});
