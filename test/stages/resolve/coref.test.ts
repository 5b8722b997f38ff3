import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import { findActors } from '../../../src/stages/mentions/actors/index.js';
import { corefStage, resolveCoreference } from '../../../src/stages/resolve/coref.js';
import type { ActorMention, LangCode } from '../../../src/core/types.js';

interface Row {
  lang: LangCode;
  text: string;
  /** [anaphor text, occurrence (0-based), texts of the mentions it refers to]; [] means unresolved. */
  expect: [string, number, string[]][];
}

const ROWS: Row[] = [
  { lang: 'fr', text: 'Les rebelles ont pris la ville. Ils ont ensuite avancé vers le sud.', expect: [['Ils', 0, ['Les rebelles']]] },
  { lang: 'fr', text: "Les pays de l'OTAN ont déclaré qu'ils suivaient la situation.", expect: [['ils', 0, ["Les pays de l'OTAN"]]] },
  { lang: 'fr', text: 'Les forces armées syriennes ont affirmé qu’elles avaient repoussé les insurgés, mais ils auraient établi des bases.', expect: [['elles', 0, ['Les forces armées syriennes']], ['ils', 0, ['les insurgés']]] },
  {
    lang: 'fr',
    text: "Les États-Unis, l'Allemagne, la France et le Royaume-Uni ont publié une déclaration. Dans leur texte, les quatre gouvernements appellent au calme.",
    expect: [['les quatre gouvernements', 0, ['États-Unis', 'Allemagne', 'France', 'Royaume-Uni']]],
  },
  { lang: 'fr', text: 'Le Mali et le Niger ont quitté la CEDEAO. Les deux pays ont rejoint l’AES.', expect: [['Les deux pays', 0, ['Mali', 'Niger']]] },
  { lang: 'fr', text: 'Le JNIM et l’EIGS se disputent la région. Ces groupes attaquent les civils.', expect: [['Ces groupes', 0, ['JNIM', 'EIGS']]] },
  { lang: 'fr', text: 'Le capitaine Ibrahim Traoré a reçu les émissaires. Il a dénoncé les sanctions.', expect: [['Il', 0, ['capitaine Ibrahim Traoré']]] },
  { lang: 'fr', text: "L'armée a reculé. Il y a eu des combats et il faut du temps.", expect: [['Il', 0, []], ['il', 0, []]] },
  { lang: 'fr', text: 'Les soldats ont parlé aux habitants. Ils ont tiré pour elles.', expect: [['Ils', 0, ['Les soldats']], ['elles', 0, []]] },
  { lang: 'en', text: 'Rebel fighters seized the airport. They met little resistance.', expect: [['They', 0, ['Rebel fighters']]] },
  {
    lang: 'en',
    text: 'The United States, Germany, France and the United Kingdom issued a statement. The four governments said they were watching.',
    expect: [
      ['The four governments', 0, ['United States', 'Germany', 'France', 'United Kingdom']],
      ['they', 0, ['United States', 'Germany', 'France', 'United Kingdom']],
    ],
  },
  { lang: 'en', text: 'Mali and Burkina Faso left ECOWAS. The two countries joined the AES.', expect: [['The two countries', 0, ['Mali', 'Burkina Faso']]] },
  { lang: 'en', text: 'President Vladimir Putin spoke on Friday. He said Russian troops had advanced.', expect: [['He', 0, ['President Vladimir Putin']]] },
  { lang: 'en', text: 'Hamas said its fighters had fired rockets. They said more would follow.', expect: [['They', 0, ['its fighters']]] },
  { lang: 'en', text: 'On Monday, JNIM militants attacked Djibo. They killed two soldiers.', expect: [['They', 0, ['JNIM militants']]] },
];

function occurrence(ms: ActorMention[], text: string, n: number): ActorMention | undefined {
  return ms.filter((m) => m.text === text)[n];
}

for (const row of ROWS) {
  test(`${row.lang}: ${row.text}`, () => {
    const { doc } = prepare(row.text, row.lang);
    const all = resolveCoreference({ ...doc, actors: findActors(doc) });
    for (const [text, n, refs] of row.expect) {
      const m = occurrence(all.filter((a) => a.kind === 'pronoun'), text, n);
      if (refs.length === 0) {
        assert.equal(m, undefined, `"${text}" has no referent`);
        continue;
      }
      assert.ok(m, `expected an anaphor "${text}", got: ${all.map((a) => `${a.text}(${a.kind})`).join('; ')}`);
      assert.deepEqual(m.refersTo?.map((r) => r.text), refs);
      assert.equal(doc.text.slice(m.start, m.end), m.text);
      assert.match(m.rule, new RegExp(`^${row.lang}\\.coref\\.`));
    }
  });
}

test('collective noun phrases over states are governments', () => {
  const { doc } = prepare("La Chine et l'Inde ont signé. Les deux gouvernements ont salué l'accord.", 'fr');
  const m = resolveCoreference({ ...doc, actors: findActors(doc) }).find((a) => a.text === 'Les deux gouvernements');
  assert.deepEqual([m?.id, m?.sector, m?.country, m?.plural], ['coref.group', 'GOV', null, true]);
  assert.deepEqual(m?.refersTo?.map((r) => r.country), ['CHN', 'IND']);
});

test('a number that matches no list leaves the phrase as the actors unit found it', () => {
  const { doc } = prepare('La Chine et l’Inde ont signé. Les trois gouvernements ont salué l’accord.', 'fr');
  const all = resolveCoreference({ ...doc, actors: findActors(doc) });
  const m = all.find((a) => a.text === 'Les trois gouvernements');
  assert.equal(m?.kind, 'generic');
});

test('corefStage declares its contract and is idempotent', () => {
  assert.equal(corefStage.name, 'coref');
  assert.deepEqual([...corefStage.requires], ['actors', 'tokens']);
  assert.deepEqual([...corefStage.provides], ['actors']);
  const { doc, ctx } = prepare('Les rebelles ont pris la ville. Ils avancent.', 'fr');
  const once = corefStage.run({ ...doc, actors: findActors(doc) }, ctx);
  const twice = corefStage.run(once, ctx);
  assert.deepEqual(twice.actors, once.actors);
});

test('resolveCoreference stays linear on long documents', () => {
  const text = "Les États-Unis et la France ont parlé. Les deux pays ont appelé au calme. Les rebelles ont pris la ville. Ils avancent, et il faut agir. ";
  const small = prepare(text.repeat(100), 'fr').doc;
  const large = prepare(text.repeat(1600), 'fr').doc;
  const smallActors = findActors(small);
  const largeActors = findActors(large);
  const best = (doc: typeof small, actors: ActorMention[]): number => {
    let min = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      resolveCoreference({ ...doc, actors });
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const tSmall = best(small, smallActors);
  const tLarge = best(large, largeActors);
  const nSmall = resolveCoreference({ ...small, actors: smallActors }).filter((m) => m.kind === 'pronoun').length;
  const nLarge = resolveCoreference({ ...large, actors: largeActors }).filter((m) => m.kind === 'pronoun').length;
  assert.equal(nLarge, nSmall * 16);
  // 16 times the input: linear work grows ~16x, quadratic ~256x. The floor and the 64x margin absorb a
  // loaded CI machine; a quadratic pass still fails.
  assert.ok(tLarge < Math.max(500, tSmall * 64), `100x: ${tSmall.toFixed(1)} ms, 1600x: ${tLarge.toFixed(1)} ms`);
});
