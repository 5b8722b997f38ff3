import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import { findActors } from '../../../src/stages/mentions/actors/index.js';
import { findPersons, personId } from '../../../src/stages/mentions/actors/persons.js';
import type { ActorMention, LangCode } from '../../../src/core/types.js';

/** Person mentions this unit adds (rule `<lang>.person.*`), through the actors unit as the pipeline runs it. */
function persons(text: string, lang: LangCode): ActorMention[] {
  const { doc } = prepare(text, lang);
  return findActors(doc).filter((a) => a.rule.startsWith(`${lang}.person.`));
}

interface Row {
  lang: LangCode;
  text: string;
  /** Expected names as written, in text order; empty: no person at all. */
  names: string[];
  rule?: string;
  country?: string | null;
  sector?: string | null;
}

const ROWS: Row[] = [
  // French: titles and roles
  { lang: 'fr', text: 'Le ministre français des Affaires étrangères Jean-Noël Barrot a démenti.', names: ['Jean-Noël Barrot'], rule: 'fr.person.title', country: 'FRA', sector: 'GOV' },
  { lang: 'fr', text: 'Hier, M. Dupont a été reçu à la mairie.', names: ['Dupont'], rule: 'fr.person.title', sector: null },
  { lang: 'fr', text: 'Le général Boulanger est arrivé à la gare.', names: ['Boulanger'], rule: 'fr.person.title', sector: 'MIL' },
  { lang: 'fr', text: 'On se souvenait du temps où le général de Gaulle gouvernait.', names: ['de Gaulle'], rule: 'fr.person.title', sector: 'MIL' },
  { lang: 'fr', text: 'Le chef rebelle Jean Dupont a été tué.', names: ['Jean Dupont'], sector: 'REB' },
  { lang: 'fr', text: 'Le bureau se compose de MM. Basly et Lamendin.', names: ['Basly', 'Lamendin'], rule: 'fr.person.title' },
  { lang: 'fr', text: 'Le maire de Lyon Grégory Doucet a été réélu.', names: ['Grégory Doucet'], sector: 'GOV' },
  { lang: 'fr', text: 'La juge Marie Lefort a ouvert une enquête.', names: ['Marie Lefort'], sector: 'JUD' },
  { lang: 'fr', text: 'Le député Paul Martin a voté contre.', names: ['Paul Martin'], sector: 'LEG' },
  // apposition, reporting, shape, list, repeat
  { lang: 'fr', text: 'Ahmed Ali, porte-parole de l\'armée, a démenti les faits.', names: ['Ahmed Ali'], rule: 'fr.person.apposition', sector: 'MIL' },
  { lang: 'fr', text: 'Selon Karim Benali Haddad, les combats ont repris.', names: ['Karim Benali Haddad'], rule: 'fr.person.reporting' },
  { lang: 'fr', text: 'La réunion était présidée par Louis Thorens.', names: ['Louis Thorens'], rule: 'fr.person.shape' },
  { lang: 'fr', text: 'Ont été élus MM. Charles Coulet, Oscar Despland et Jean Roulet.', names: ['Charles Coulet', 'Oscar Despland', 'Jean Roulet'] },
  { lang: 'fr', text: 'Le colonel Picard a été blessé. Plus tard, Picard a été évacué.', names: ['Picard', 'Picard'] },
  // French negatives
  { lang: 'fr', text: 'Lundi, Paris a connu de violents orages.', names: [] },
  { lang: 'fr', text: 'Le préfet de la Haute-Marne est arrivé.', names: [] },
  { lang: 'fr', text: "L'avocat à Vannes a plaidé longtemps.", names: [] },
  { lang: 'fr', text: 'Ensuite, le président a parlé devant le Conseil général.', names: [] },
  { lang: 'fr', text: 'Il habite rue de la Paix, près de Notre-Dame.', names: [] },
  // English: titles and roles
  { lang: 'en', text: 'France will send troops, Defence Minister Pierre Joxe said on Monday.', names: ['Pierre Joxe'], rule: 'en.person.title', sector: 'GOV' },
  { lang: 'en', text: 'Mr. Smith met Gen. John R. Allen in Kabul.', names: ['Smith', 'John R. Allen'] },
  { lang: 'en', text: 'Rebel commander Abu Mohammed al-Julani was killed.', names: ['Abu Mohammed al-Julani'], sector: 'REB' },
  { lang: 'en', text: 'The President of Kenya, William Ruto, said the talks failed.', names: ['William Ruto'], country: 'KEN', sector: 'GOV' },
  { lang: 'en', text: 'John Smith, the army spokesman, said three soldiers died.', names: ['John Smith'], rule: 'en.person.apposition', sector: 'MIL' },
  { lang: 'en', text: 'According to Ahmed Hassan Ali, the attack began at dawn.', names: ['Ahmed Hassan Ali'], rule: 'en.person.reporting' },
  { lang: 'en', text: 'The strike was condemned by George W. Bush on Friday.', names: ['George W. Bush'], rule: 'en.person.shape' },
  { lang: 'en', text: 'Opposition leader Maria Lopez was arrested. Lopez denied the charges.', names: ['Maria Lopez', 'Lopez'], sector: 'OPP' },
  { lang: 'en', text: 'Speaking to reporters, Hamas official Basem Naim said the group would not disarm.', names: ['Basem Naim'], rule: 'en.person.title', country: 'PSE', sector: 'REB' },
  { lang: 'en', text: 'A senior Israeli official, Amos Gilad, said the talks had stalled.', names: ['Amos Gilad'], rule: 'en.person.title', country: 'ISR', sector: 'GOV' },
  { lang: 'fr', text: "Le ministre de l'Intérieur, Gérald Darmanin, a réagi.", names: ['Gérald Darmanin'], rule: 'fr.person.title', sector: 'GOV' },
  { lang: 'fr', text: 'Le bureau comprend MM. Emile Schaeffer, président, Louis Thorens, vice-président.', names: ['Emile Schaeffer', 'Louis Thorens'] },
  // English negatives
  { lang: 'en', text: 'On Tuesday, Human Rights Watch said the report was accurate.', names: [] },
  { lang: 'en', text: 'Major Syrian cities were shelled overnight.', names: [] },
  // The actors unit's own title rule already names Mario Soares; no apposition reads the word before the comma as a name.
  { lang: 'en', text: 'Portugal will support Turkey, Portuguese President Mario Soares said.', names: [] },
  { lang: 'en', text: 'The official Czechoslovak news agency said talks went well.', names: [] },
  { lang: 'en', text: 'Troops arrived in Bosnia, Defense Secretary William Perry said.', names: ['William Perry'], rule: 'en.person.title' },
];

for (const row of ROWS) {
  test(`persons [${row.lang}] ${row.text}`, () => {
    const got = persons(row.text, row.lang);
    assert.deepEqual(
      got.map((p) => p.name),
      row.names,
    );
    const first = got[0];
    if (first === undefined) return;
    if (row.rule !== undefined) assert.equal(first.rule, row.rule);
    if (row.country !== undefined) assert.equal(first.country, row.country);
    if (row.sector !== undefined) assert.equal(first.sector, row.sector);
  });
}

test('person mentions cover the name, not the title, and carry a folded id', () => {
  const text = 'Le ministre français des Affaires étrangères Jean-Noël Barrot a démenti.';
  const [p] = persons(text, 'fr');
  assert.ok(p);
  assert.equal(text.slice(p.start, p.end), 'Jean-Noël Barrot');
  assert.equal(p.text, 'Jean-Noël Barrot');
  assert.equal(p.kind, 'person');
  assert.equal(p.plural, false);
  assert.equal(p.id, 'person.jean-noel-barrot');
  assert.equal(personId('Couve de  Murville'), 'person.couve-de-murville');
});

test('a repeated surname takes the id of the full name found earlier', () => {
  const got = persons('Ahmed Ali, porte-parole de l\'armée, a démenti. Plus tard, Ali a confirmé.', 'fr');
  assert.deepEqual(
    got.map((p) => [p.name, p.id, p.rule]),
    [
      ['Ahmed Ali', 'person.ahmed-ali', 'fr.person.apposition'],
      ['Ali', 'person.ahmed-ali', 'fr.person.repeat'],
    ],
  );
});

test('a bare surname with its own cue takes the id and country of the full name', () => {
  const got = persons('Le député Jean-Marc Le Bihan est arrivé. M. Le Bihan a rencontré la presse.', 'fr');
  assert.deepEqual(
    got.map((p) => [p.name, p.id, p.sector]),
    [
      ['Jean-Marc Le Bihan', 'person.jean-marc-le-bihan', 'LEG'],
      ['Le Bihan', 'person.jean-marc-le-bihan', 'LEG'],
    ],
  );
});

test('dictionary actors win: no person overlaps an existing actor mention', () => {
  for (const [text, lang] of [
    ['Le président syrien Bachar al-Assad a fui vers Moscou.', 'fr'],
    ['Hamas leader Yahya Sinwar was killed, the Israeli army said.', 'en'],
  ] as const) {
    const { doc } = prepare(text, lang);
    const all = findActors(doc);
    const mine = all.filter((a) => a.rule.includes('.person.'));
    const others = all.filter((a) => !a.rule.includes('.person.'));
    for (const p of mine) for (const o of others) assert.ok(p.end <= o.start || p.start >= o.end, `${p.text} overlaps ${o.text}`);
    assert.ok(others.some((o) => o.kind === 'person'));
  }
});

test('findPersons on its own leaves out names inside the given mentions', () => {
  const { doc } = prepare('Selon Jean Dupont, la ville est calme.', 'fr');
  const alone = findPersons(doc);
  assert.deepEqual(
    alone.map((p) => p.name),
    ['Jean Dupont'],
  );
  const blocked = findPersons(doc, [{ ...(alone[0] as ActorMention), kind: 'entity', rule: 'fr.actor.entity' }]);
  assert.deepEqual(blocked, []);
});

test('a long hostile run of capitalised words stays fast and bounded', () => {
  const text = `${'Jean Dupont Martin, '.repeat(3000)}a déclaré M. ${'Xx '.repeat(2000)}.`;
  const { doc } = prepare(text, 'fr');
  const t0 = performance.now();
  const got = findPersons(doc);
  const ms = performance.now() - t0;
  assert.ok(ms < 2000, `took ${ms} ms`);
  for (const p of got) assert.ok(p.text.split(/\s+/).length <= 6);
});
