import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../helpers.js';
import { datesStage, findDates } from '../../../src/stages/mentions/dates/index.js';
import { assemblePipeline } from '../../../src/core/pipeline.js';
import { projectRoot } from '../../../src/core/data.js';
import type { DateMention, LangCode } from '../../../src/core/types.js';

// Reference: the seed article's publication day, Monday 2 December 2024.
interface Row {
  lang: LangCode;
  text: string;
  /** Fragment of the mention text to look for (case-insensitive). */
  find: string;
  start: string;
  end: string;
  precision: DateMention['precision'];
  rule?: string;
  published?: string | null;
}

const rows: Row[] = [
  // French: news convention for weekdays.
  { lang: 'fr', text: 'Les rebelles ont pris la ville samedi.', find: 'samedi', start: '2024-11-30', end: '2024-11-30', precision: 'day', rule: 'fr.date.weekday-past' },
  { lang: 'fr', text: 'Ils ont publié dimanche une déclaration.', find: 'dimanche', start: '2024-12-01', end: '2024-12-01', precision: 'day', rule: 'fr.date.weekday-past' },
  { lang: 'fr', text: 'Mercredi, une coalition a été formée.', find: 'mercredi', start: '2024-11-27', end: '2024-11-27', precision: 'day', rule: 'fr.date.weekday-past' },
  { lang: 'fr', text: 'Lundi, le ministre a parlé.', find: 'lundi', start: '2024-12-02', end: '2024-12-02', precision: 'day', rule: 'fr.date.weekday-past' },
  { lang: 'fr', text: 'Il est arrivé mercredi dernier.', find: 'mercredi dernier', start: '2024-11-27', end: '2024-11-27', precision: 'day', rule: 'fr.date.weekday-last' },
  { lang: 'fr', text: 'Il viendra lundi prochain.', find: 'lundi prochain', start: '2024-12-09', end: '2024-12-09', precision: 'day', rule: 'fr.date.weekday-next' },
  { lang: 'fr', text: 'Ils ont attaqué mardi soir.', find: 'mardi', start: '2024-11-26', end: '2024-11-26', precision: 'day' },
  { lang: 'fr', text: 'Des frappes dans la nuit de samedi à dimanche.', find: 'nuit de samedi à dimanche', start: '2024-11-30', end: '2024-11-30', precision: 'day', rule: 'fr.date.night' },
  // Relative periods.
  { lang: 'fr', text: "L'offensive de ce week-end a surpris.", find: 'ce week-end', start: '2024-11-30', end: '2024-12-01', precision: 'week', rule: 'fr.date.weekend' },
  { lang: 'fr', text: '255 morts depuis mercredi dernier.', find: 'depuis mercredi dernier', start: '2024-11-27', end: '2024-12-02', precision: 'day', rule: 'fr.date.depuis' },
  { lang: 'fr', text: "L'offensive de la semaine dernière.", find: 'la semaine dernière', start: '2024-11-25', end: '2024-12-01', precision: 'week', rule: 'fr.date.relative-week' },
  { lang: 'fr', text: 'Les violences de ces derniers jours.', find: 'ces derniers jours', start: '2024-11-25', end: '2024-12-02', precision: 'week', rule: 'fr.date.recent' },
  { lang: 'fr', text: "La croissance de l'an dernier.", find: "l'an dernier", start: '2023-01-01', end: '2023-12-31', precision: 'year', rule: 'fr.date.relative-year' },
  { lang: 'fr', text: 'Il a parlé hier.', find: 'hier', start: '2024-12-01', end: '2024-12-01', precision: 'day', rule: 'chrono.fr' },
  { lang: 'fr', text: "Il parle aujourd'hui.", find: "aujourd'hui", start: '2024-12-02', end: '2024-12-02', precision: 'day' },
  { lang: 'fr', text: 'Il est parti il y a trois jours.', find: 'il y a trois jours', start: '2024-11-29', end: '2024-11-29', precision: 'day' },
  // Months and years.
  { lang: 'fr', text: 'En novembre 2023, un tribunal a émis un mandat.', find: 'novembre 2023', start: '2023-11-01', end: '2023-11-30', precision: 'month', rule: 'fr.date.month' },
  { lang: 'fr', text: 'Les combats reprennent fin novembre.', find: 'fin novembre', start: '2024-11-21', end: '2024-11-30', precision: 'month', rule: 'fr.date.month-edge' },
  { lang: 'fr', text: 'Les élections de début 2024.', find: 'début 2024', start: '2024-01-01', end: '2024-04-30', precision: 'year', rule: 'fr.date.year-edge' },
  { lang: 'fr', text: 'La première fois depuis 2016, année terrible.', find: '2016', start: '2016-01-01', end: '2016-12-31', precision: 'year', rule: 'fr.date.year' },
  { lang: 'fr', text: 'Les combats de 2016 ont marqué un tournant.', find: '2016', start: '2016-01-01', end: '2016-12-31', precision: 'year' },
  { lang: 'fr', text: 'Les manifestations de 2011 contre le régime.', find: '2011', start: '2011-01-01', end: '2011-12-31', precision: 'year' },
  { lang: 'fr', text: 'Il est mort en 2016 à Alep.', find: '2016', start: '2016-01-01', end: '2016-12-31', precision: 'year' },
  // Absolute days.
  { lang: 'fr', text: 'Le 3 mai 2020, la police est intervenue.', find: '3 mai 2020', start: '2020-05-03', end: '2020-05-03', precision: 'day', rule: 'chrono.fr' },
  { lang: 'fr', text: 'Il a été arrêté le 6 mai dernier.', find: '6 mai dernier', start: '2024-05-06', end: '2024-05-06', precision: 'day' },
  { lang: 'fr', text: 'Du 3 au 5 mai 2020, des grèves.', find: '3 au 5 mai 2020', start: '2020-05-03', end: '2020-05-05', precision: 'day' },
  { lang: 'fr', text: 'Dans la nuit du 24 au 25 mars 2020, des tirs.', find: 'nuit du 24 au 25 mars 2020', start: '2020-03-24', end: '2020-03-24', precision: 'day', rule: 'fr.date.night' },
  { lang: 'fr', text: 'Entre le 3 et le 5 mai 2020, des grèves.', find: 'Entre le 3 et le 5 mai 2020', start: '2020-05-03', end: '2020-05-05', precision: 'day', rule: 'fr.date.day-range' },
  // Without a publication date, absolute dates still resolve.
  { lang: 'fr', text: 'Le 3 mai 2020, la police est intervenue.', find: '3 mai 2020', start: '2020-05-03', end: '2020-05-03', precision: 'day', published: null },
  { lang: 'fr', text: 'En novembre 2023, un tribunal.', find: 'novembre 2023', start: '2023-11-01', end: '2023-11-30', precision: 'month', published: null },

  // English.
  { lang: 'en', text: 'On 5 May 2020, police dispersed protesters.', find: '5 May 2020', start: '2020-05-05', end: '2020-05-05', precision: 'day', rule: 'chrono.en' },
  { lang: 'en', text: 'Clashes were reported 3 May 2020 in the north.', find: '3 May 2020', start: '2020-05-03', end: '2020-05-03', precision: 'day' },
  { lang: 'en', text: 'Rebels took the city on Saturday.', find: 'Saturday', start: '2024-11-30', end: '2024-11-30', precision: 'day', rule: 'en.date.weekday-past' },
  { lang: 'en', text: 'He arrived last Wednesday.', find: 'Wednesday', start: '2024-11-27', end: '2024-11-27', precision: 'day', rule: 'en.date.weekday-last' },
  { lang: 'en', text: 'Talks resume next Monday.', find: 'Monday', start: '2024-12-09', end: '2024-12-09', precision: 'day', rule: 'en.date.weekday-next' },
  { lang: 'en', text: 'Since Wednesday, 255 people have died.', find: 'Since Wednesday', start: '2024-11-27', end: '2024-12-02', precision: 'day', rule: 'en.date.since' },
  { lang: 'en', text: 'The offensive this weekend surprised everyone.', find: 'this weekend', start: '2024-11-30', end: '2024-12-01', precision: 'week', rule: 'en.date.weekend' },
  { lang: 'en', text: 'The attack last week killed many.', find: 'last week', start: '2024-11-25', end: '2024-12-01', precision: 'week', rule: 'en.date.relative-week' },
  { lang: 'en', text: 'A court issued a warrant in November 2023.', find: 'November 2023', start: '2023-11-01', end: '2023-11-30', precision: 'month' },
  { lang: 'en', text: 'It was the first time since 2016.', find: '2016', start: '2016-01-01', end: '2016-12-31', precision: 'year', rule: 'en.date.year' },
  { lang: 'en', text: 'He spoke yesterday.', find: 'yesterday', start: '2024-12-01', end: '2024-12-01', precision: 'day' },
  { lang: 'en', text: 'He speaks today.', find: 'today', start: '2024-12-02', end: '2024-12-02', precision: 'day' },
  { lang: 'en', text: 'Shelling resumed Tuesday night.', find: 'Tuesday', start: '2024-11-26', end: '2024-11-26', precision: 'day' },
  { lang: 'en', text: 'Airstrikes overnight Saturday hit the city.', find: 'overnight Saturday', start: '2024-11-30', end: '2024-11-30', precision: 'day', rule: 'en.date.night' },
  { lang: 'en', text: 'The truce agreed in mid-September held.', find: 'mid-September', start: '2024-09-11', end: '2024-09-20', precision: 'month', rule: 'en.date.month-edge' },
  { lang: 'fr', text: 'La trêve conclue à la mi-septembre a tenu.', find: 'mi-septembre', start: '2024-09-11', end: '2024-09-20', precision: 'month' },
  { lang: 'en', text: 'Fighting flared in late November.', find: 'late November', start: '2024-11-21', end: '2024-11-30', precision: 'month', rule: 'en.date.month-edge' },
  { lang: 'en', text: 'The vote of early 2024 was disputed.', find: 'early 2024', start: '2024-01-01', end: '2024-04-30', precision: 'year' },
  { lang: 'en', text: 'Violence increased in recent days.', find: 'in recent days', start: '2024-11-25', end: '2024-12-02', precision: 'week', rule: 'en.date.recent' },
  { lang: 'en', text: 'Overnight between 24 and 25 March 2020, militants pillaged a shop.', find: 'Overnight between 24 and 25 March 2020', start: '2020-03-24', end: '2020-03-24', precision: 'day', rule: 'en.date.night' },
  { lang: 'en', text: 'Between 3 and 5 May 2020, strikes spread.', find: 'Between 3 and 5 May 2020', start: '2020-05-03', end: '2020-05-05', precision: 'day', rule: 'en.date.day-range' },
  { lang: 'en', text: 'On 3 May 2020, police fired.', find: '3 May 2020', start: '2020-05-03', end: '2020-05-03', precision: 'day', published: null },
];

describe('findDates resolves date expressions against the publication day', () => {
  for (const r of rows) {
    it(`${r.lang}: "${r.text}" → ${r.find} = ${r.start}..${r.end}${r.published === null ? ' (no publication date)' : ''}`, () => {
      const { doc } = prepare(r.text, r.lang, r.published === undefined ? '2024-12-02' : r.published);
      const dates = findDates(doc);
      const m = dates.find((d) => d.text.toLowerCase().includes(r.find.toLowerCase()));
      assert.ok(m, `no date containing "${r.find}" in ${JSON.stringify(dates.map((d) => d.text))}`);
      assert.equal(m.startDate, r.start);
      assert.equal(m.endDate, r.end);
      assert.equal(m.precision, r.precision);
      if (r.rule) assert.equal(m.rule, r.rule);
      assert.equal(doc.text.slice(m.start, m.end), m.text, 'offsets point at the mention text');
    });
  }
});

const negatives: { lang: LangCode; text: string; published?: string | null }[] = [
  { lang: 'fr', text: 'Le conflit a repris après 5 ans de trêve.' },
  { lang: 'fr', text: 'On compte 2016 morts au total.' },
  { lang: 'fr', text: 'Plus de 2000 personnes ont fui.' },
  { lang: 'fr', text: 'Le projet sera achevé en 5 ans.' },
  { lang: 'fr', text: 'Les navires croisent en mer Méditerranée.' },
  { lang: 'fr', text: "Pages spécifiques à l'édition de Lunéville." },
  { lang: 'fr', text: 'Rebelles et soldats se sont affrontés samedi.', published: null },
  { lang: 'fr', text: 'Il a parlé hier.', published: null },
  { lang: 'en', text: 'The war resumed after 5 years of truce.' },
  { lang: 'en', text: 'They may leave the city soon.' },
  { lang: 'en', text: 'About 2016 people fled the area.' },
  { lang: 'en', text: 'The siege lasted for 5 years.' },
  // "lasts" once came out as a Saturday: no calendar word, so the sentence never reaches chrono.
  { lang: 'en', text: 'Nobody knows when the offensive starts and how long it lasts.' },
  { lang: 'en', text: 'Rebels took the city on Saturday.', published: null },
];

describe('findDates gives no date for durations, counts and unanchored relatives', () => {
  for (const r of negatives) {
    it(`${r.lang}: "${r.text}"${r.published === null ? ' (no publication date)' : ''}`, () => {
      const { doc } = prepare(r.text, r.lang, r.published === undefined ? '2024-12-02' : r.published);
      assert.deepEqual(
        findDates(doc).map((d) => d.text),
        [],
      );
    });
  }
});

describe('dates on the seed article', () => {
  const text = readFileSync(join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.txt'), 'utf8');
  const expected = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'mentions', 'dates', 'seed', 'expected.json'), 'utf8')) as unknown[];
  const { doc, ctx } = prepare(text, 'fr', '2024-12-02');
  const dates = findDates(doc);

  it('matches the hand-checked golden file', () => {
    const got = dates.map((d) => ({ text: d.text, start: d.start, end: d.end, startDate: d.startDate, endDate: d.endDate, precision: d.precision, rule: d.rule, sentence: d.sentence }));
    assert.deepEqual(got, expected);
  });

  it('dates the three "samedi" on 30 November and "dimanche" on 1 December', () => {
    const sam = dates.filter((d) => /^samedi/i.test(d.text));
    assert.equal(sam.length, 3);
    for (const d of sam) assert.equal(d.startDate, '2024-11-30');
    assert.equal(dates.find((d) => /^dimanche/i.test(d.text))?.startDate, '2024-12-01');
  });

  it('does not read "5 ans" as a date', () => {
    assert.ok(!dates.some((d) => d.text.includes('5 ans')));
  });

  it('runs as a pipeline stage after segmentation', () => {
    const p = assemblePipeline([datesStage], ['id', 'text', 'title', 'url', 'published', 'errors', 'language', 'sentences', 'tokens']);
    const out = p.run(doc, ctx);
    assert.equal(out.dates.length, dates.length);
  });
});
