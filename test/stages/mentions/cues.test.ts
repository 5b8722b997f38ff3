import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../helpers.js';
import { findCues, cuesStage } from '../../../src/stages/mentions/cues/index.js';
import { assemblePipeline } from '../../../src/core/pipeline.js';
import { projectRoot } from '../../../src/core/data.js';
import type { ActorMention, AttributionCue, Doc, LangCode } from '../../../src/core/types.js';

/** Hand-made actor mentions: every occurrence of each name, so the tests do not depend on the actors stage. */
function withActors(doc: Doc, names: string[]): Doc {
  const actors: ActorMention[] = [];
  for (const name of names) {
    for (let i = doc.text.indexOf(name); i >= 0; i = doc.text.indexOf(name, i + 1)) {
      const tok = doc.tokens.find((t) => t.start >= i);
      actors.push({
        start: i, end: i + name.length, text: name, rule: 'test.actor', sentence: tok?.sentence ?? 0,
        name, country: null, sector: null, id: `test.${name}`, kind: 'entity', plural: false,
      });
    }
  }
  actors.sort((a, b) => a.start - b.start);
  return { ...doc, actors };
}

function cues(text: string, lang: LangCode, actors: string[] = []): AttributionCue[] {
  return findCues(withActors(prepare(text, lang).doc, actors));
}

/** [lang, sentence, actors, cue text, kind, by] */
type Row = [LangCode, string, string[], string, AttributionCue['kind'], string | null];

const ROWS: Row[] = [
  ['fr', "Dix civils ont été tués, selon l'OSDH.", ['OSDH'], 'selon', 'source', 'OSDH'],
  ['fr', "D'après l'ONU, les combats ont repris.", ['ONU'], "D'après", 'source', 'ONU'],
  ['fr', "L'armée a déclaré avoir repoussé l'attaque.", ['armée'], 'a déclaré', 'source', 'armée'],
  ['fr', 'Le ministre affirme que la ville est calme.', ['ministre'], 'affirme', 'source', 'ministre'],
  ['fr', "« La ville est tombée », a déclaré le gouverneur.", ['gouverneur'], 'a déclaré', 'source', 'gouverneur'],
  ['fr', "Il a parlé par l'intermédiaire de l'agence SANA.", ['agence SANA'], "par l'intermédiaire de", 'source', 'agence SANA'],
  ['fr', 'Le gouvernement dément toute implication.', ['gouvernement'], 'dément', 'denial', 'gouvernement'],
  ['fr', "L'armée a démenti la prise de la ville.", ['armée'], 'a démenti', 'denial', 'armée'],
  ['fr', "Les rebelles rejettent les informations de l'armée.", ['rebelles'], 'rejettent les informations', 'denial', 'rebelles'],
  ['fr', 'Selon des informations non confirmées, le chef a fui.', [], 'Selon des informations non confirmées', 'hearsay', null],
  ['fr', "Le chef rebelle aurait été tué dans la frappe.", [], 'aurait été tué', 'conditional', null],
  ['fr', 'Les insurgés seraient entrés dans la ville.', [], 'seraient entrés', 'conditional', null],
  ['fr', 'Une frappe tuerait dix civils chaque jour.', [], 'tuerait', 'conditional', null],
  ['en', 'Ten civilians were killed, according to the Syrian Observatory.', ['Syrian Observatory'], 'according to', 'source', 'Syrian Observatory'],
  ['en', 'The army said it had repelled the attack.', ['army'], 'said', 'source', 'army'],
  ['en', '"We hold the town," said the governor.', ['governor'], 'said', 'source', 'governor'],
  ['en', 'Police told reporters that two men were arrested.', ['Police'], 'told reporters', 'source', 'Police'],
  ['en', 'The ministry denied the reports.', ['ministry'], 'denied', 'denial', 'ministry'],
  ['en', 'Rebels rejected reports of a massacre.', ['Rebels'], 'rejected reports', 'denial', 'Rebels'],
  ['en', 'The commander was reportedly killed.', [], 'reportedly', 'hearsay', null],
  ['en', 'Militants allegedly abducted two girls.', [], 'allegedly', 'hearsay', null],
  ['en', 'Unconfirmed reports said the bridge fell.', [], 'Unconfirmed reports', 'hearsay', null],
];

test('attribution cues, FR and EN: kind, span and attributed actor', () => {
  for (const [lang, text, actors, want, kind, by] of ROWS) {
    const got = cues(text, lang, actors);
    const hit = got.find((c) => c.text === want);
    assert.ok(hit, `${lang}: cue "${want}" not found in "${text}"; got ${JSON.stringify(got.map((c) => [c.text, c.kind]))}`);
    assert.equal(hit.kind, kind, text);
    assert.equal(hit.by?.text ?? null, by, `by of "${want}" in "${text}"`);
    assert.equal(text.slice(hit.start, hit.end), hit.text);
    assert.ok(hit.rule.startsWith(`${lang}.cue.`), hit.rule);
  }
});

test('without actor mentions, by is null', () => {
  const got = cues("Dix civils ont été tués, selon l'OSDH.", 'fr');
  assert.equal(got[0]?.kind, 'source');
  assert.equal(got[0]?.by, null);
});

const NEGATIVES: [LangCode, string][] = [
  ['fr', "Ils nient les informations selon lesquelles ils auraient fui."],
  ['fr', "L'annonce du retrait a surpris."],
  ['fr', 'Le retrait des troupes est prévu.'],
  ['fr', 'Le ministre pourrait démissionner.'],
  ['fr', "L'attaque aurait pu causer une catastrophe."],
  ['fr', 'Le danger apparait clairement.'],
  ['fr', "Il a déclaré qu'il défendrait la ville."],
  ['en', 'The report covers the year.'],
  ['en', 'Fighting continued overnight.'],
];

test('negatives: "selon lesquelles", nouns, modals and future-in-the-past are no source or conditional cue', () => {
  for (const [lang, text] of NEGATIVES) {
    const got = cues(text, lang, []);
    const bad = got.filter((c) => (c.kind === 'source' && /selon/i.test(c.text)) || c.kind === 'conditional' && !/auraient/.test(c.text) || /annonce|report\b|retrait/i.test(c.text));
    assert.deepEqual(bad, [], `${lang}: ${text}: ${JSON.stringify(got.map((c) => [c.text, c.kind]))}`);
  }
  const denial = cues("Ils nient les informations selon lesquelles ils auraient fui.", 'fr');
  assert.deepEqual(denial.map((c) => c.kind), ['denial', 'conditional']);
});

test('participle clauses report to the main-clause subject ("..., niant")', () => {
  const text = "Les forces armées syriennes ont déclaré que les insurgés étaient entrés dans la ville, mais niant qu'ils auraient établi des bases.";
  const got = cues(text, 'fr', ['forces armées syriennes', 'insurgés']);
  const niant = got.find((c) => c.text === 'niant');
  assert.equal(niant?.kind, 'denial');
  assert.equal(niant?.by?.text, 'forces armées syriennes');
});

const fixture = join(projectRoot(), 'test', 'fixtures', 'mentions', 'cues', 'seed-expected.json');

test('seed article: cues match the hand-checked golden file', () => {
  const text = readFileSync(join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.txt'), 'utf8');
  const actors = [
    "l'Observatoire syrien des droits de l'homme (OSDH)",
    'Les forces armées syriennes',
    "gouvernement d'Al-Assad",
    "l'agence de presse officielle du pays",
    'Le Bureau de la coordination des affaires humanitaires des Nations Unies',
    "Les pays de l'OTAN",
    'les insurgés',
  ];
  const got = cues(text, 'fr', actors).map((c) => ({ sentence: c.sentence, text: c.text, start: c.start, end: c.end, kind: c.kind, by: c.by?.text ?? null, rule: c.rule }));
  if (process.env.SITREP_UPDATE_GOLDEN === '1') writeFileSync(fixture, JSON.stringify({ actors, cues: got }, null, 2) + '\n');
  assert.deepEqual(got, (JSON.parse(readFileSync(fixture, 'utf8')) as { cues: unknown[] }).cues);
  // The facts the gold annotation relies on.
  assert.ok(got.some((c) => c.kind === 'source' && c.by === "l'Observatoire syrien des droits de l'homme (OSDH)"));
  assert.ok(got.some((c) => c.kind === 'source' && c.by === 'Les forces armées syriennes'));
  assert.ok(got.some((c) => c.kind === 'denial' && c.text === 'niant' && c.by === 'Les forces armées syriennes'));
  assert.ok(got.some((c) => c.kind === 'conditional' && c.text === 'auraient établi'));
  assert.ok(!got.some((c) => c.kind === 'conditional' && c.text.startsWith('défendrait')));
});

test('cues stage contract: needs tokens, language and actors', () => {
  assert.equal(cuesStage.name, 'cues');
  assert.deepEqual([...cuesStage.requires], ['tokens', 'language', 'actors']);
  assert.throws(() => assemblePipeline([cuesStage]), /requires/);
  const { doc, ctx } = prepare("Selon l'ONU, dix civils ont été tués.", 'fr');
  assert.equal(cuesStage.run(doc, ctx).cues.length, 1);
});
