import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import { findTriggers, triggersStage, expandForm, compiledTriggers, resolveAcled, headTrigger, ploverHead } from '../../../src/stages/mentions/triggers/index.js';
import { assemblePipeline } from '../../../src/core/pipeline.js';
import { commonData } from '../../../src/core/data.js';
import type { LangCode, TriggerMention } from '../../../src/core/types.js';

function triggers(text: string, lang: LangCode): TriggerMention[] {
  return findTriggers(prepare(text, lang).doc);
}

/** [lang, sentence, trigger text, PLOVER type, ACLED sub-event type or null, passive] */
type Row = [LangCode, string, string, string, string | null, boolean];

const FAMILIES: Row[] = [
  ['fr', "Les rebelles ont lancé une offensive contre l'armée.", 'offensive', 'ASSAULT', 'Armed clash', false],
  ['fr', 'Des combats ont éclaté près de Goma.', 'combats', 'ASSAULT', 'Armed clash', false],
  ['fr', "Les jihadistes ont attaqué un poste de l'armée.", 'attaqué', 'ASSAULT', 'Armed clash', false],
  ['fr', 'Une frappe aérienne a visé le dépôt.', 'frappe aérienne', 'ASSAULT', 'Air/drone strike', false],
  ['fr', "L'armée a pilonné les faubourgs de la ville.", 'pilonné', 'ASSAULT', 'Shelling/artillery/missile attack', false],
  ['fr', 'Un engin explosif improvisé a touché le convoi.', 'engin explosif improvisé', 'ASSAULT', 'Remote explosive/landmine/IED', false],
  ['fr', 'Un kamikaze a frappé le marché.', 'kamikaze', 'ASSAULT', 'Suicide bomb', false],
  ['fr', "Les insurgés se sont emparés de l'aéroport.", 'se sont emparés', 'ASSAULT', 'Non-state actor overtakes territory', false],
  ['fr', 'Le M23 a pris le contrôle de Bunagana.', 'pris le contrôle', 'ASSAULT', 'Non-state actor overtakes territory', false],
  ['fr', "L'armée a repris le contrôle de la localité.", 'repris le contrôle', 'ASSAULT', 'Government regains territory', false],
  ['fr', 'Trois civils ont été tués samedi.', 'tués', 'ASSAULT', 'Attack', true],
  ['fr', "Des hommes armés ont enlevé un chef de village.", 'enlevé', 'ASSAULT', 'Abduction/forced disappearance', false],
  ['fr', 'Plusieurs femmes ont été violées.', 'violées', 'ASSAULT', 'Sexual violence', true],
  ['fr', 'La police a arrêté deux opposants.', 'arrêté', 'COERCE', 'Arrests', false],
  ['fr', 'Des milliers de manifestants ont défilé.', 'manifestants', 'PROTEST', 'Peaceful protest', false],
  ['fr', 'La police a dispersé la foule au gaz lacrymogène.', 'dispersé', 'COERCE', 'Protest with intervention', false],
  ['fr', 'Des émeutes ont éclaté dans la capitale.', 'émeutes', 'PROTEST', 'Violent demonstration', false],
  ['fr', "L'armée a redéployé des troupes dans le nord.", 'redéployé des troupes', 'MOBILIZE', 'Change to group/activity', false],
  ['fr', 'Les milices ont formé une coalition.', 'formé une coalition', 'COOPERATE', 'Change to group/activity', false],
  ['fr', 'Les rebelles ont établi des bases dans la forêt.', 'établi des bases', 'MOBILIZE', 'Headquarters or base established', false],
  ['fr', "Les deux camps ont conclu un accord de cessez-le-feu.", 'conclu un accord', 'AGREE', 'Agreement', false],
  ['fr', "L'ONU a appelé à la désescalade.", 'appelé à', 'REQUEST', null, false],
  ['fr', 'Le gouvernement a menacé les rebelles.', 'menacé', 'THREATEN', null, false],
  ['fr', 'Kinshasa accuse Kigali de soutenir le M23.', 'accuse', 'ACCUSE', null, false],
  ['fr', "Un juge a émis un mandat d'arrêt contre lui.", "mandat d'arrêt", 'ACCUSE', null, false],
  ['fr', "L'Union européenne a imposé des sanctions.", 'sanctions', 'SANCTION', null, false],
  ['fr', 'Les belligérants ont entamé des pourparlers.', 'pourparlers', 'CONSULT', null, false],
  ['fr', 'Les troupes se sont retirées de la ville.', 'se sont retirées', 'RETREAT', 'Non-violent transfer of territory', false],
  ['fr', 'Le pouvoir a rejeté la proposition.', 'rejeté', 'REJECT', null, false],
  ['en', 'Rebels launched an offensive on the town.', 'launched an offensive', 'ASSAULT', 'Armed clash', false],
  ['en', 'Clashes erupted between the army and militants.', 'Clashes', 'ASSAULT', 'Armed clash', false],
  ['en', 'An airstrike hit the market.', 'airstrike', 'ASSAULT', 'Air/drone strike', false],
  ['en', 'Government forces shelled the village.', 'shelled', 'ASSAULT', 'Shelling/artillery/missile attack', false],
  ['en', 'A roadside bomb struck the convoy.', 'roadside bomb', 'ASSAULT', 'Remote explosive/landmine/IED', false],
  ['en', 'A suicide bomber blew himself up at a checkpoint.', 'suicide bomber', 'ASSAULT', 'Suicide bomb', false],
  ['en', 'Militants threw a grenade at a police post.', 'threw a grenade', 'ASSAULT', 'Grenade', false],
  ['en', 'The rebels seized control of the airport.', 'seized control', 'ASSAULT', 'Non-state actor overtakes territory', false],
  ['en', 'The army recaptured the town.', 'recaptured', 'ASSAULT', 'Government regains territory', false],
  ['en', 'Two civilians were killed in the raid.', 'killed', 'ASSAULT', 'Attack', true],
  ['en', 'Gunmen kidnapped a priest.', 'kidnapped', 'ASSAULT', 'Abduction/forced disappearance', false],
  ['en', 'Soldiers raped two women.', 'raped', 'ASSAULT', 'Sexual violence', false],
  ['en', 'Police arrested 30 people.', 'arrested', 'COERCE', 'Arrests', false],
  ['en', 'Hundreds of teachers protested outside the ministry.', 'protested', 'PROTEST', 'Peaceful protest', false],
  ['en', 'Police fired tear gas to break up the crowd.', 'tear gas', 'COERCE', 'Protest with intervention', false],
  ['en', 'Rioters threw stones at police.', 'Rioters', 'PROTEST', 'Violent demonstration', false],
  ['en', 'Looters ransacked the shops.', 'Looters', 'COERCE', 'Looting/property destruction', false],
  ['en', 'Turkey deployed troops to the border.', 'deployed', 'MOBILIZE', 'Change to group/activity', false],
  ['en', 'US forces established a new base in the province.', 'established a new base', 'MOBILIZE', 'Headquarters or base established', false],
  ['en', 'The two sides reached an agreement.', 'reached an agreement', 'AGREE', 'Agreement', false],
  ['en', 'The UN urged restraint.', 'urged', 'REQUEST', null, false],
  ['en', 'The minister threatened to retaliate.', 'threatened', 'THREATEN', null, false],
  ['en', 'The court issued an arrest warrant for him.', 'arrest warrant', 'ACCUSE', null, false],
  ['en', 'Washington imposed sanctions on the generals.', 'sanctions', 'SANCTION', null, false],
  ['en', 'The agency delivered humanitarian aid to Gaza.', 'delivered', 'AID', null, false],
  ['en', 'The rebels withdrew from the city.', 'withdrew', 'RETREAT', 'Non-violent transfer of territory', false],
  ['en', 'The government rejected the proposal.', 'rejected', 'REJECT', null, false],
];

test('trigger families, FR and EN: text, type, ACLED default and passive', () => {
  for (const [lang, text, want, type, sub, passive] of FAMILIES) {
    const got = triggers(text, lang);
    const hit = got.find((t) => t.text === want);
    assert.ok(hit, `${lang}: "${want}" not found in "${text}"; got ${JSON.stringify(got.map((t) => t.text))}`);
    assert.equal(hit.type, type, text);
    assert.equal(hit.acled?.subEventType ?? null, sub, text);
    assert.equal(hit.passive, passive, `passive of "${want}" in "${text}"`);
    assert.equal(hit.rule, hit.id);
    assert.equal(text.slice(hit.start, hit.end), hit.text);
    assert.ok(hit.rule.startsWith(`${lang}.trigger.`));
  }
});

/** Sentences holding a trigger-looking word that is no event. */
const NEGATIVES: [LangCode, string, string][] = [
  ['fr', 'Le marché central est ouvert le dimanche.', 'marché'],
  ['fr', 'La prise en charge des blessés est assurée par MSF.', 'prise'],
  ['fr', 'Les forces de sécurité sont présentes dans la ville.', 'forces'],
  ['fr', 'Il a été victime d\'une attaque cardiaque.', 'attaque'],
  ['fr', 'Un arrêté préfectoral interdit la circulation.', 'arrêté'],
  ['fr', "Ils n'ont rencontré que peu de résistance.", 'rencontré'],
  ['fr', 'La France rejette les informations de la presse.', 'rejette'],
  ['fr', "Le ministre a déclaré que la situation était calme.", 'déclaré'],
  ['fr', 'Le Commandement des opérations militaires a été créé.', 'opérations militaires'],
  ['fr', 'La liberté de la presse est menacée.', 'liberté'],
  ['fr', "Il s'est rendu en Grenade pour ses vacances.", 'Grenade'],
  ['fr', '255 personnes ont trouvé la mort depuis mercredi.', 'trouvé la mort'],
  ['en', 'The minister said the situation was calm.', 'said'],
  ['en', 'In March, the parliament passed the budget.', 'March'],
  ['en', 'He died of a heart attack.', 'attack'],
  ['en', 'The deal strikes a balance between the parties.', 'strikes'],
  ['en', 'Officials are fighting the coronavirus outbreak.', 'fighting'],
  ['en', 'The Popular Mobilization Forces held a parade.', 'Mobilization'],
  ['en', 'Aid workers visited the clinic.', 'Aid'],
];

test('negatives: idioms, names, homographs and reporting verbs are not triggers', () => {
  for (const [lang, text, word] of NEGATIVES) {
    const got = triggers(text, lang);
    assert.ok(!got.some((t) => t.text.includes(word)), `${lang}: "${word}" wrongly a trigger in "${text}": ${JSON.stringify(got.map((t) => [t.text, t.rule]))}`);
  }
});

test('passive voice marks the subject as target; reflexive être is active', () => {
  const rows: [LangCode, string, string, boolean][] = [
    ['fr', 'Deux soldats ont été tués par des jihadistes.', 'tués', true],
    ['fr', 'Le village a été attaqué dans la nuit.', 'attaqué', true],
    ['fr', 'Trois enseignants ont été enlevés.', 'enlevés', true],
    ['fr', "Les jihadistes ont tué deux soldats.", 'tué', false],
    ['fr', "Les rebelles s'est emparés", 'emparés', false],
    ['en', 'Two soldiers were killed by militants.', 'killed', true],
    ['en', 'The convoy was reportedly attacked near Gao.', 'attacked', true],
    ['en', 'Militants were attacking the base.', 'attacking', false],
    ['en', 'Militants killed two soldiers.', 'killed', false],
  ];
  for (const [lang, text, word, passive] of rows) {
    const hit = triggers(text, lang).find((t) => t.text.includes(word));
    assert.ok(hit, `${word} in ${text}`);
    assert.equal(hit.passive, passive, text);
  }
});

test('noun or verb reading of homonyms follows the determiner', () => {
  const fr = triggers('Les attaques des rebelles se multiplient. Ils attaquent la ville.', 'fr');
  assert.deepEqual(fr.map((t) => [t.text, t.pos]), [['attaques', 'noun'], ['attaquent', 'verb']]);
  const en = triggers('The attack killed three. Rebels attack the town.', 'en');
  assert.deepEqual(en.filter((t) => t.text.startsWith('attack')).map((t) => [t.text, t.pos]), [['attack', 'noun'], ['attack', 'verb']]);
});

test('priority ranks the ACLED-defining trigger above casualty verbs; verbs of intent govern', () => {
  const got = triggers('Clashes between the army and rebels killed 3 soldiers.', 'en');
  const clash = got.find((t) => t.text === 'Clashes');
  const kill = got.find((t) => t.text === 'killed');
  assert.ok(clash && kill && (clash.priority ?? 0) > (kill.priority ?? 0));
  const threat = triggers('Iran threatened to launch a new offensive.', 'en').find((t) => t.type === 'THREATEN');
  assert.equal(threat?.governs, true);
});

test('near constraint: "défendrait ... contre" is a threat, "défendre" alone is none', () => {
  assert.equal(triggers('La Syrie défendrait son intégrité contre les terroristes.', 'fr').find((t) => t.text === 'défendrait')?.type, 'THREATEN');
  assert.equal(triggers('Le ministre va défendre son budget.', 'fr').length, 0);
});

test('expandForm expands alternations and optional words', () => {
  assert.deepEqual(expandForm('(a|ont) marché sur'), ['a marché sur', 'ont marché sur']);
  assert.deepEqual(expandForm('formé une (nouvelle |)coalition'), ['formé une nouvelle coalition', 'formé une coalition']);
  assert.deepEqual(expandForm('empar*'), ['empar*']);
});

test('lexicon data is consistent with the common PLOVER and ACLED lists', () => {
  const plover = commonData<{ types: { type: string; modes: string[] }[] }>('plover');
  const acled = commonData<{ eventTypes: { eventType: string; subEventTypes: string[] }[] }>('acled');
  const modes = new Map(plover.types.map((t) => [t.type, new Set(t.modes)]));
  const subs = new Map(acled.eventTypes.map((e) => [e.eventType, new Set(e.subEventTypes)]));
  assert.equal(plover.types.length, 16);
  for (const lang of ['fr', 'en'] as const) {
    for (const e of compiledTriggers(lang).lexicon.entries) {
      assert.ok(modes.has(e.type), `${e.id}: type ${e.type}`);
      if (e.mode !== null) assert.ok(modes.get(e.type)?.has(e.mode), `${e.id}: mode ${e.mode} is not a ${e.type} mode`);
      if (e.acled !== null) assert.ok(subs.get(e.acled.eventType)?.has(e.acled.subEventType), `${e.id}: ACLED ${e.acled.eventType}/${e.acled.subEventType}`);
      assert.ok(e.priority >= 0 && e.priority <= 100, e.id);
      assert.ok(e.source.length > 0, e.id);
    }
  }
});

test('triggers stage contract: needs tokens and language, provides triggers', () => {
  assert.equal(triggersStage.name, 'triggers');
  assert.throws(() => assemblePipeline([triggersStage]), /requires/);
  const { doc, ctx } = prepare('Des combats ont éclaté.', 'fr');
  const out = triggersStage.run(doc, ctx);
  assert.equal(out.triggers.length, 1);
  assert.equal(out.triggers[0]?.sentence, 0);
});

test('resolveAcled: head by priority, refined by the combination rules of lang/common/acled.json', () => {
  const rows: [LangCode, string, string, string][] = [
    ['en', 'Clashes between the army and rebels killed 3 soldiers.', 'Armed clash', 'en.trigger.clash'],
    ['en', 'Students protested and set fire to the town hall.', 'Violent demonstration', 'acled.combine.protest-destruction'],
    ['en', 'Militants abducted a teacher and executed him.', 'Attack', 'acled.combine.abduction-killed'],
    ['fr', 'Des manifestants ont incendié la mairie.', 'Violent demonstration', 'acled.combine.protest-destruction'],
    ['fr', 'Des hommes armés ont enlevé un chef de village.', 'Abduction/forced disappearance', 'fr.trigger.enlever'],
  ];
  for (const [lang, text, sub, rule] of rows) {
    const got = resolveAcled(triggers(text, lang));
    assert.equal(got?.acled.subEventType, sub, text);
    assert.equal(got?.rule, rule, text);
  }
  assert.equal(resolveAcled(triggers('The UN urged restraint.', 'en')), null);
});

test('headTrigger and ploverHead', () => {
  const ts = triggers('Iran threatened to launch a new offensive.', 'en');
  assert.equal(headTrigger(ts)?.text, 'offensive');
  assert.equal(ploverHead(ts)?.type, 'THREATEN');
  assert.equal(headTrigger([]), null);
});
