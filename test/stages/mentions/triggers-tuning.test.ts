import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import { findTriggers } from '../../../src/stages/mentions/triggers/index.js';
import type { LangCode, TriggerMention } from '../../../src/core/types.js';

function triggers(text: string, lang: LangCode): TriggerMention[] {
  return findTriggers(prepare(text, lang).doc);
}

/** [lang, sentence, trigger text, entry id, ACLED sub-event type] — vocabulary tuned on the dev splits. */
type Row = [LangCode, string, string, string, string];

const ROWS: Row[] = [
  // Heavy weapons fired together with small arms, or in both directions, are an armed clash (ACLED battles).
  ['en', 'The rebels fired heavy machine guns, grenade launchers and small arms at army positions.', 'heavy machine guns', 'en.trigger.clash-mixed-fire', 'Armed clash'],
  ['en', 'Monitors counted 40 projectiles in both directions of the frontline near the village.', 'projectiles', 'en.trigger.clash-mixed-fire', 'Armed clash'],
  ['en', 'The two sides exchanged artillery on the southern front.', 'exchanged artillery', 'en.trigger.clash-direct', 'Armed clash'],
  ['en', 'Militiamen abducted and executed two herders near the well.', 'abducted and executed', 'en.trigger.abduct-kill', 'Attack'],
  ['en', 'Soldiers arrested and killed three traders at the market.', 'arrested and killed', 'en.trigger.abduct-kill', 'Attack'],
  ['en', 'Police seized guns and ammunition in a raid on two flats.', 'seized', 'en.trigger.seize-weapons', 'Disrupted weapons use'],
  ['en', 'The army has set up two military bases near the border.', 'set up two military bases', 'en.trigger.base', 'Headquarters or base established'],
  ['en', 'The group relocated its headquarters to the hills.', 'relocated its headquarters', 'en.trigger.base', 'Headquarters or base established'],
  ['en', 'Five people were hurt in a grenade blast at the bus stop.', 'grenade blast', 'en.trigger.grenade', 'Grenade'],
  ['en', 'Protesters pelted stones at the police demanding the release of a student.', 'pelted stones', 'en.trigger.stones-protest', 'Violent demonstration'],
  ['en', 'Villagers pelted stones at a health team near the clinic.', 'pelted stones', 'en.trigger.stones', 'Mob violence'],
  ['en', 'Two drug dealers were killed after exchanging fire with police.', 'killed after exchanging fire', 'en.trigger.clash-direct', 'Armed clash'],
  ['en', 'Armed men clashed with police officers near the market.', 'Armed men clashed with police officers', 'en.trigger.clash-direct', 'Armed clash'],
  ['en', 'The air force targeted rebel positions near the airport.', 'air force targeted', 'en.trigger.airstrike', 'Air/drone strike'],
  ['en', 'Ten fighters surrendered to the army on Sunday.', 'surrendered to the army', 'en.trigger.surrender', 'Agreement'],
  ['en', 'Four activists were detained during unsanctioned protests in the capital.', 'detained during unsanctioned protests', 'en.trigger.disperse', 'Protest with intervention'],
  ['en', 'Residents fell ill after a poisonous gas attack on the suburb.', 'poisonous gas', 'en.trigger.chemical', 'Chemical weapon'],
  ['en', 'Three soldiers were killed by the explosion of an IED on the road.', 'killed by the explosion of an IED', 'en.trigger.ied', 'Remote explosive/landmine/IED'],
  ['en', 'Gunmen made an incursion into the village and looted the shops.', 'made an incursion', 'en.trigger.incursion-loot', 'Looting/property destruction'],
  ['en', 'Bandits stripped passengers of their phones on the highway.', 'stripped passengers of', 'en.trigger.loot', 'Looting/property destruction'],
  ['en', 'Workers marched on the streets of the capital.', 'marched on the streets', 'en.trigger.protest', 'Peaceful protest'],
  ['fr', 'Les miliciens ont enlevé puis exécuté deux bergers près du puits.', 'enlevé puis exécuté', 'fr.trigger.enlever-tuer', 'Attack'],
  ['fr', 'Les gendarmes ont saisi plusieurs fusils dans une maison.', 'saisi', 'fr.trigger.saisir-armes', 'Disrupted weapons use'],
  ['fr', "L'armée a installé un nouveau poste d'observation près de la frontière.", "installé un nouveau poste d'observation", 'fr.trigger.base', 'Headquarters or base established'],
  ['fr', 'Une attaque à la grenade a blessé trois passants.', 'attaque à la grenade', 'fr.trigger.grenade', 'Grenade'],
  ['fr', "Deux soldats ont été tués par l'explosion d'un engin explosif improvisé.", "tués par l'explosion d'un engin explosif improvisé", 'fr.trigger.engin-explosif', 'Remote explosive/landmine/IED'],
  ['fr', 'Dix combattants se sont rendus aux forces de sécurité.', 'se sont rendus aux', 'fr.trigger.reddition', 'Agreement'],
  ['fr', 'Des étudiants ont été interpellés lors de la marche de samedi.', 'interpellés lors de la marche', 'fr.trigger.disperser', 'Protest with intervention'],
  ['fr', 'Des hommes armés ont fait une incursion dans le village et ont pillé les boutiques.', 'fait une incursion', 'fr.trigger.incursion-pillage', 'Looting/property destruction'],
  ['fr', 'Des soldats mutins ont tiré en l\'air dans le camp.', 'soldats mutins', 'fr.trigger.emeute', 'Violent demonstration'],
];

for (const [lang, sentence, text, id, sub] of ROWS) {
  test(`${lang}: "${text}" → ${id} (${sub})`, () => {
    const hit = triggers(sentence, lang).find((t) => t.text === text);
    assert.ok(hit, `no trigger "${text}" in: ${sentence}`);
    assert.equal(hit.id, id);
    assert.equal(hit.acled?.subEventType, sub);
  });
}

/** [lang, sentence, word that must not trigger the given sub-event type, that type or null for no trigger at all] */
type Negative = [LangCode, string, string, string | null];

const NEGATIVES: Negative[] = [
  // "firefight*" must not catch firefighters.
  ['en', 'Firefighters protested against budget cuts.', 'Firefighters', null],
  // A lockdown is the backdrop of a protest, not an intervention against it.
  ['en', 'Shopkeepers protested against the lockdown.', 'lockdown', null],
  // Without weapons nearby, heavy-weapon fire stays shelling and a seizure stays looting.
  ['en', 'The army fired 120mm mortars at the rebel positions.', '120mm', 'Armed clash'],
  ['en', 'Militants seized a truck loaded with food aid.', 'seized', 'Disrupted weapons use'],
  ['fr', 'Les assaillants ont saisi le bétail du village.', 'saisi', 'Disrupted weapons use'],
  ['fr', 'Des hommes armés ont enlevé un commerçant.', 'enlevé', 'Attack'],
  // "marched on the capital" stays an advance; a road blocked "in both directions" is no battle.
  ['en', 'Rebels marched on the capital.', 'marched on', 'Peaceful protest'],
  ['en', 'Protesters blocked the highway in both directions.', 'in both directions', 'Armed clash'],
  // "se sont rendus à" is a visit, not a surrender.
  ['fr', 'Les ministres se sont rendus à Niamey.', 'se sont rendus', 'Agreement'],
];

for (const [lang, sentence, word, sub] of NEGATIVES) {
  test(`${lang}: "${word}" in "${sentence}" is not ${sub ?? 'a trigger'}`, () => {
    const hit = triggers(sentence, lang).find((t) => t.text === word);
    if (sub === null) assert.equal(hit, undefined);
    else assert.notEqual(hit?.acled?.subEventType, sub);
  });
}
