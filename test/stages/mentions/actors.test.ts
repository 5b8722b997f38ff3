import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import { actorLexicon, actorsStage, findActors, validOn } from '../../../src/stages/mentions/actors/index.js';
import { assemblePipeline, INPUT_FIELDS } from '../../../src/core/pipeline.js';
import type { ActorMention, LangCode } from '../../../src/core/types.js';

interface Row {
  lang: LangCode;
  text: string;
  published?: string;
  /** Expected mentions, matched by span text: [text, id, country, sector]. */
  expect: [string, string, string | null, string | null][];
  /** Span texts that must not be actors. */
  absent?: string[];
}

const ROWS: Row[] = [
  // French: states, demonyms, complements, named groups.
  { lang: 'fr', text: 'La Syrie a déclaré que la Russie la soutenait.', expect: [['Syrie', 'state.SYR', 'SYR', 'GOV'], ['Russie', 'state.RUS', 'RUS', 'GOV']] },
  { lang: 'fr', text: 'Le conflit en Syrie continue, aux États-Unis on s’inquiète.', expect: [], absent: ['Syrie', 'États-Unis'] },
  { lang: 'fr', text: 'Les forces armées syriennes ont reculé.', expect: [['Les forces armées syriennes', 'generic.military', 'SYR', 'MIL']] },
  { lang: 'fr', text: "L'armée burkinabè a riposté.", expect: [["L'armée burkinabè", 'generic.military', 'BFA', 'MIL']] },
  { lang: 'fr', text: "Des soldats burkinabè et l'armée du Mali patrouillent.", expect: [['Des soldats burkinabè', 'generic.military', 'BFA', 'MIL'], ["l'armée du Mali", 'generic.military', 'MLI', 'MIL']] },
  { lang: 'fr', text: 'Un tribunal français a émis un mandat.', expect: [['Un tribunal français', 'generic.court', 'FRA', 'JUD']] },
  { lang: 'fr', text: 'Le gouvernement de Bachar al-Assad a répondu.', published: '2024-12-01', expect: [['Le gouvernement de Bachar al-Assad', 'generic.government', 'SYR', 'GOV']] },
  { lang: 'fr', text: "Les syriennes et les Syriens. La police syrienne et les policières.", expect: [['La police syrienne', 'generic.police', 'SYR', 'COP']] },
  { lang: 'fr', text: 'Les autorités nigérianes et les manifestants nigériens se sont opposés.', expect: [['Les autorités nigérianes', 'generic.government', 'NGA', 'GOV'], ['les manifestants nigériens', 'generic.protesters', 'NER', 'CVL']] },
  { lang: 'fr', text: "Selon l'Observatoire syrien des droits de l'homme (OSDH), 20 civils sont morts.", expect: [["Observatoire syrien des droits de l'homme", 'ngo.sohr', null, 'NGO'], ['OSDH', 'ngo.sohr', null, 'NGO']] },
  { lang: 'fr', text: 'Le Bureau de la coordination des affaires humanitaires des Nations Unies alerte.', expect: [['Bureau de la coordination des affaires humanitaires des Nations Unies', 'igo.un.ocha', null, 'IGO']] },
  { lang: 'fr', text: "Les Nations Unies et l'ONU, pas un seul.", expect: [['Nations Unies', 'igo.un', null, 'IGO'], ['ONU', 'igo.un', null, 'IGO']], absent: ['un'] },
  { lang: 'fr', text: "L'EI a revendiqué l'attaque ; ei n'est pas un sigle.", expect: [['EI', 'reb.islamic-state', null, 'REB']], absent: ['ei'] },
  { lang: 'fr', text: 'Le HCR, le PAM et l’OMS appellent l’UE et l’UA à agir ; la CPI enquête.', expect: [['HCR', 'igo.un.unhcr', null, 'IGO'], ['PAM', 'igo.un.wfp', null, 'IGO'], ['OMS', 'igo.un.who', null, 'IGO'], ['UE', 'igo.eu', null, 'IGO'], ['UA', 'igo.au', null, 'IGO'], ['CPI', 'igo.icc', null, 'IGO']] },
  { lang: 'fr', text: "Le JNIM et l'EIGS ont attaqué des VDP près de Djibo, au Burkina Faso.", published: '2023-03-01', expect: [['JNIM', 'reb.sahel.jnim', 'BFA', 'REB'], ['EIGS', 'reb.sahel.isgs', 'BFA', 'REB'], ['VDP', 'mil.bfa.vdp', 'BFA', 'MIL']] },
  { lang: 'fr', text: "Le Burkina Faso accuse l'armée malienne. Les FAMa ont démenti.", expect: [['Burkina Faso', 'state.BFA', 'BFA', 'GOV'], ["l'armée malienne", 'generic.military', 'MLI', 'MIL'], ['FAMa', 'mil.mli.fama', 'MLI', 'MIL']] },
  { lang: 'fr', text: 'Ces jours-ci, les rebelles du M23 et les ADF menacent Goma ; les FARDC et les Wazalendo résistent.', expect: [['les rebelles du M23', 'reb.cod.m23', 'COD', 'REB'], ['ADF', 'reb.cod.adf', 'COD', 'REB'], ['FARDC', 'mil.cod.fardc', 'COD', 'MIL'], ['Wazalendo', 'mil.cod.wazalendo', 'COD', 'MIL']] },
  { lang: 'fr', text: 'Les Forces de soutien rapide (FSR) combattent les Forces armées soudanaises.', expect: [['Forces de soutien rapide', 'reb.sdn.rsf', 'SDN', 'REB'], ['FSR', 'reb.sdn.rsf', 'SDN', 'REB'], ['Forces armées soudanaises', 'mil.sdn.saf', 'SDN', 'MIL']] },
  { lang: 'fr', text: 'Tsahal a frappé le Hamas et le Hezbollah ; les Houthis ont tiré un missile.', expect: [['Tsahal', 'mil.isr.idf', 'ISR', 'MIL'], ['Hamas', 'reb.pse.hamas', 'PSE', 'REB'], ['Hezbollah', 'reb.lbn.hezbollah', 'LBN', 'REB'], ['Houthis', 'reb.yem.houthis', 'YEM', 'REB']] },
  { lang: 'fr', text: 'Les shebab ont attaqué ; Boko Haram et l’ISWAP aussi.', expect: [['shebab', 'reb.som.al-shabaab', 'SOM', 'REB'], ['Boko Haram', 'reb.nga.boko-haram', 'NGA', 'REB'], ['ISWAP', 'reb.nga.iswap', 'NGA', 'REB']] },
  { lang: 'fr', text: 'HTS et l’Armée nationale syrienne ont lancé le « Commandement des opérations militaires ».', published: '2024-11-30', expect: [['HTS', 'reb.syr.hts', 'SYR', 'REB'], ['Armée nationale syrienne', 'reb.syr.sna', 'SYR', 'REB'], ['Commandement des opérations militaires', 'reb.syr.moc', 'SYR', 'REB']] },
  { lang: 'fr', text: "Des hommes armés non identifiés ont tué trois villageois. Les manifestants ont marché vers la gendarmerie.", expect: [['Des hommes armés non identifiés', 'generic.unidentified-armed', null, 'UAF'], ['trois villageois', 'generic.civilians', null, 'CVL'], ['Les manifestants', 'generic.protesters', null, 'CVL'], ['la gendarmerie', 'generic.police', null, 'COP']] },
  { lang: 'fr', text: "Le président français Emmanuel Macron a parlé au capitaine Ibrahim Traoré.", published: '2023-01-10', expect: [['Le président français Emmanuel Macron', 'person.macron', 'FRA', 'GOV'], ['capitaine Ibrahim Traoré', 'person.ibrahim-traore', 'BFA', 'GOV']] },
  { lang: 'fr', text: "L'agence de presse officielle syrienne et l'AFP ont rapporté la nouvelle.", expect: [["L'agence de presse officielle syrienne", 'med.sana', 'SYR', 'MED'], ['AFP', 'med.afp', 'FRA', 'MED']] },
  { lang: 'fr', text: 'Les réfugiés syriens et les journalistes turcs ; ils se sont réfugiés dans la ville.', expect: [['Les réfugiés syriens', 'generic.refugees', 'SYR', 'REF'], ['les journalistes turcs', 'generic.journalists', 'TUR', 'MED']], absent: ['réfugiés dans'] },
  { lang: 'fr', text: 'Le Parlement ukrainien a voté ; une attaque terroriste a eu lieu dans une zone rebelle.', expect: [['Le Parlement ukrainien', 'generic.legislature', 'UKR', 'LEG']], absent: ['terroriste', 'rebelle'] },
  { lang: 'fr', text: 'Les groupes Ansar ont été cités.', expect: [], absent: ['Ansar'] },

  // English: ACLED-style phrasing and news prose.
  { lang: 'en', text: 'On 3 March 2020, the Burkinabe army killed 12 JNIM militants near Djibo.', expect: [['the Burkinabe army', 'generic.military', 'BFA', 'MIL'], ['12 JNIM militants', 'reb.sahel.jnim', 'BFA', 'REB']] },
  { lang: 'en', text: 'Military Forces of Burkina Faso clashed with ISGS militants; Police Forces of Burkina Faso arrested two men.', expect: [['Military Forces of Burkina Faso', 'generic.military', 'BFA', 'MIL'], ['ISGS militants', 'reb.sahel.isgs', 'BFA', 'REB'], ['Police Forces of Burkina Faso', 'generic.police', 'BFA', 'COP']] },
  { lang: 'en', text: 'Unidentified armed men attacked a village, killing four civilians.', expect: [['Unidentified armed men', 'generic.unidentified-armed', null, 'UAF'], ['four civilians', 'generic.civilians', null, 'CVL']] },
  { lang: 'en', text: 'In Lagos, protesters gathered outside parliament. Protesters (Nigeria) marched.', expect: [['protesters', 'generic.protesters', 'NGA', 'CVL'], ['Protesters (Nigeria)', 'generic.protesters', 'NGA', 'CVL'], ['parliament', 'generic.legislature', 'NGA', 'LEG']] },
  { lang: 'en', text: "Syrian government forces shelled the town, Syria's army said. Russia said the UN was wrong.", expect: [['Syrian government forces', 'generic.government-forces', 'SYR', 'MIL'], ["Syria's army", 'generic.military', 'SYR', 'MIL'], ['Russia', 'state.RUS', 'RUS', 'GOV'], ['UN', 'igo.un', null, 'IGO']] },
  { lang: 'en', text: 'They met us in Syria and in the US; the US said us.', expect: [['US', 'state.USA', 'USA', 'GOV']], absent: ['Syria', 'us'] },
  { lang: 'en', text: 'The RSF seized El Fasher from the Sudanese Armed Forces.', expect: [['RSF', 'reb.sdn.rsf', 'SDN', 'REB'], ['Sudanese Armed Forces', 'mil.sdn.saf', 'SDN', 'MIL']] },
  { lang: 'en', text: 'Reporters Without Borders (RSF) condemned the arrest of journalists in Turkey.', expect: [['Reporters Without Borders', 'ngo.rsf', null, 'NGO'], ['RSF', 'ngo.rsf', null, 'NGO']] },
  { lang: 'en', text: 'Hamas said the IDF struck Gaza; Houthi rebels and Hezbollah fired rockets; al-Shabaab attacked Mogadishu.', expect: [['Hamas', 'reb.pse.hamas', 'PSE', 'REB'], ['IDF', 'mil.isr.idf', 'ISR', 'MIL'], ['Houthi rebels', 'reb.yem.houthis', 'YEM', 'REB'], ['Hezbollah', 'reb.lbn.hezbollah', 'LBN', 'REB'], ['al-Shabaab', 'reb.som.al-shabaab', 'SOM', 'REB']] },
  { lang: 'en', text: 'President Vladimir Putin said Russian troops advanced; Zelensky said Ukrainian forces held.', published: '2024-10-01', expect: [['President Vladimir Putin', 'person.putin', 'RUS', 'GOV'], ['Russian troops', 'generic.military', 'RUS', 'MIL'], ['Zelensky', 'person.zelensky', 'UKR', 'GOV'], ['Ukrainian forces', 'generic.forces', 'UKR', 'MIL']] },
  { lang: 'en', text: 'The SDF and the YPG fought the Islamic State; OCHA, UNHCR and the WFP sent aid; MSF and the ICRC too.', expect: [['SDF', 'reb.syr.sdf', 'SYR', 'REB'], ['YPG', 'reb.syr.ypg', 'SYR', 'REB'], ['Islamic State', 'reb.islamic-state', 'SYR', 'REB'], ['OCHA', 'igo.un.ocha', null, 'IGO'], ['UNHCR', 'igo.un.unhcr', null, 'IGO'], ['WFP', 'igo.un.wfp', null, 'IGO'], ['MSF', 'ngo.msf', null, 'NGO'], ['ICRC', 'ngo.icrc', null, 'NGO']] },
  { lang: 'en', text: 'NATO, the EU, the African Union, ECOWAS and the Arab League met; the ICC and the IAEA sent observers.', expect: [['NATO', 'igo.nato', null, 'IGO'], ['EU', 'igo.eu', null, 'IGO'], ['African Union', 'igo.au', null, 'IGO'], ['ECOWAS', 'igo.ecowas', null, 'IGO'], ['Arab League', 'igo.arab-league', null, 'IGO'], ['ICC', 'igo.icc', null, 'IGO'], ['IAEA', 'igo.iaea', null, 'IGO']] },
  { lang: 'en', text: 'A Nigerian court jailed two gunmen; the Kenyan police arrested refugees.', expect: [['A Nigerian court', 'generic.court', 'NGA', 'JUD'], ['two gunmen', 'generic.unidentified-armed', null, 'UAF'], ['the Kenyan police', 'generic.police', 'KEN', 'COP'], ['refugees', 'generic.refugees', 'NGA', 'REF']] },
  { lang: 'en', text: 'Civilian casualties rose as the military government met rebel leaders.', expect: [['the military government', 'generic.government', null, 'GOV']], absent: ['Civilian', 'military'] },
  { lang: 'en', text: 'the turkey was eaten in chad by jordan.', expect: [], absent: ['turkey', 'chad', 'jordan'] },
  { lang: 'en', text: "Assad's forces and the Government of Burkina Faso; Isis militants and GNA forces.", published: '2020-05-01', expect: [["Assad's forces", 'generic.forces', 'SYR', 'MIL'], ['the Government of Burkina Faso', 'generic.government', 'BFA', 'GOV'], ['Isis militants', 'reb.islamic-state', 'SYR', 'REB'], ['GNA forces', 'mil.lby.gna', 'LBY', 'MIL']] },
  { lang: 'en', text: 'President Rouhani toured the provinces of Iraq; cells are active in Egypt, Libya and Afghanistan.', expect: [], absent: ['President', 'Iraq', 'Egypt', 'Libya', 'Afghanistan'] },
  { lang: 'en', text: 'Police arrested protesters outside a police station in eastern Syria.', expect: [['Police', 'generic.police', 'SYR', 'COP'], ['protesters', 'generic.protesters', 'SYR', 'CVL']], absent: ['a police', 'Syria'] },
  { lang: 'fr', text: "Des attaques ont eu lieu au Mali, au Niger et dans l'est de la Syrie ; la province d'Idleb.", expect: [], absent: ['Mali', 'Niger', 'Syrie'] },
  { lang: 'fr', text: 'Le Mali, le Niger et le Burkina Faso ont quitté la CEDEAO.', expect: [['Mali', 'state.MLI', 'MLI', 'GOV'], ['Niger', 'state.NER', 'NER', 'GOV'], ['Burkina Faso', 'state.BFA', 'BFA', 'GOV'], ['CEDEAO', 'igo.ecowas', null, 'IGO']] },
  { lang: 'fr', text: 'Moscou a accusé Washington de mentir ; à Moscou, les Syriens manifestent.', expect: [['Moscou', 'state.RUS', 'RUS', 'GOV'], ['les Syriens', 'generic.nationals', 'SYR', 'CVL']], absent: ['Washington'] },
  { lang: 'fr', text: 'Le président kényan William Ruto a reçu le chef du Hamas.', expect: [['Le président kényan William Ruto', 'generic.head-of-state', 'KEN', 'GOV'], ['le chef du Hamas', 'reb.pse.hamas', 'PSE', 'REB']] },
  { lang: 'en', text: 'US troops and UN peacekeepers left; Russia troops stayed.', expect: [['US troops', 'generic.military', 'USA', 'MIL'], ['UN peacekeepers', 'igo.un.peacekeepers', null, 'IGO'], ['Russia troops', 'generic.military', 'RUS', 'MIL']] },
  { lang: 'en', text: 'Moscow said the talks failed. Later, Palestinians marched.', expect: [['Moscow', 'state.RUS', 'RUS', 'GOV'], ['Palestinians', 'generic.nationals', 'PSE', 'CVL']] },
  { lang: 'en', text: 'Israeli Prime Minister Ehud Barak met Hamas leader Yahya Sinwar; President Rouhani stayed home.', expect: [['Israeli Prime Minister Ehud Barak', 'generic.head-of-state', 'ISR', 'GOV'], ['Hamas leader Yahya Sinwar', 'reb.pse.hamas', 'PSE', 'REB']], absent: ['President', 'President Rouhani'] },
  { lang: 'fr', text: 'Les opérations militaires de l’armée syrienne ont fait vingt-quatre morts parmi les civils.', expect: [['l’armée syrienne', 'generic.military', 'SYR', 'MIL'], ['les civils', 'generic.civilians', 'SYR', 'CVL']], absent: ['militaires'] },
];

function show(ms: ActorMention[]): string {
  return ms.map((m) => `${m.text}=${m.id}/${m.country}/${m.sector}`).join('; ');
}

for (const row of ROWS) {
  test(`${row.lang}: ${row.text}`, () => {
    const { doc } = prepare(row.text, row.lang, row.published ?? '2024-12-02');
    const got = findActors(doc);
    for (const [text, id, country, sector] of row.expect) {
      const m = got.find((g) => g.text === text);
      assert.ok(m, `expected an actor "${text}", got: ${show(got)}`);
      assert.deepEqual([m.id, m.country, m.sector], [id, country, sector], `actor "${text}"`);
      assert.equal(doc.text.slice(m.start, m.end), m.text, 'offsets point at the text');
      assert.match(m.rule, new RegExp(`^${row.lang}\\.actor\\.`));
      assert.equal(m.sentence, doc.tokens.find((t) => t.start === m.start)?.sentence ?? m.sentence);
    }
    for (const text of row.absent ?? []) {
      assert.ok(!got.some((g) => g.text === text || g.text.endsWith(` ${text}`)), `"${text}" is not an actor, got: ${show(got)}`);
    }
  });
}

test('validity dates pick the reading in force and demote former leaders', () => {
  const before = findActors(prepare('Les talibans ont pris Kaboul.', 'fr', '2020-01-01').doc);
  const after = findActors(prepare('Les talibans ont pris Kaboul.', 'fr', '2022-01-01').doc);
  assert.deepEqual([before[0]?.id, before[0]?.sector], ['reb.afg.taliban', 'REB']);
  assert.deepEqual([after[0]?.id, after[0]?.sector], ['gov.afg.taliban', 'GOV']);
  const assad = (pub: string): ActorMention | undefined => findActors(prepare('Bachar al-Assad a parlé.', 'fr', pub).doc)[0];
  assert.deepEqual([assad('2024-12-01')?.sector, assad('2024-12-01')?.kind], ['GOV', 'person']);
  assert.equal(assad('2025-03-01')?.sector, 'ELI');
  const jolani = findActors(prepare('Ahmed al-Charaa a parlé.', 'fr', '2025-03-01').doc)[0];
  assert.deepEqual([jolani?.id, jolani?.sector], ['person.ahmed-al-sharaa', 'GOV']);
  assert.equal(validOn({ validFrom: '2022-09-30' }, '2022-09-30'), true);
  assert.equal(validOn({ validTo: '2024-12-08' }, '2024-12-08'), false);
  assert.equal(validOn({ validTo: '2024-12-08' }, null), true);
});

test('homonyms follow the country context: FDS, RSF', () => {
  const bfa = findActors(prepare("Au Burkina Faso, l'armée burkinabè et les FDS ont riposté.", 'fr').doc).find((m) => m.text.startsWith('FDS'));
  const syr = findActors(prepare('En Syrie, les FDS kurdes contrôlent Raqqa, selon un responsable syrien.', 'fr').doc).find((m) => m.text.startsWith('FDS'));
  assert.deepEqual([bfa?.id, bfa?.country], ['mil.sahel.fds', 'BFA']);
  assert.deepEqual([syr?.id, syr?.country], ['reb.syr.sdf', 'SYR']);
});

test('French demonyms inflect; burkinabè is invariable', () => {
  for (const form of ['syrien', 'syrienne', 'syriens', 'syriennes']) {
    const m = findActors(prepare(`Les soldats ${form} avancent.`, 'fr').doc)[0];
    assert.equal(m?.country, 'SYR', form);
  }
  for (const form of ['burkinabè', 'burkinabé', 'Burkinabè']) {
    const m = findActors(prepare(`Les soldats ${form} avancent.`, 'fr').doc)[0];
    assert.equal(m?.country, 'BFA', form);
  }
});

test('the dictionary covers every UN member state in both languages, and builds fast', () => {
  for (const lang of ['fr', 'en'] as const) {
    const lex = actorLexicon(lang);
    assert.ok(lex.counts.states >= 195, `${lang}: ${lex.counts.states} states`);
    assert.ok(lex.counts.entities >= 100, `${lang}: ${lex.counts.entities} entities`);
    assert.ok(lex.counts.persons >= 20);
    assert.ok(lex.counts.generics >= 30);
  }
  const names: [string, LangCode, string][] = [
    ['Le Tchad a protesté.', 'fr', 'TCD'],
    ['La Côte d’Ivoire a protesté.', 'fr', 'CIV'],
    ['La République démocratique du Congo a protesté.', 'fr', 'COD'],
    ['Le Royaume-Uni a protesté.', 'fr', 'GBR'],
    ['Ivory Coast protested.', 'en', 'CIV'],
    ['The Democratic Republic of the Congo protested.', 'en', 'COD'],
    ['Britain protested.', 'en', 'GBR'],
    ['Palestine protested.', 'en', 'PSE'],
    ['Kosovo protested.', 'en', 'XKX'],
  ];
  for (const [text, lang, code] of names) assert.equal(findActors(prepare(text, lang).doc)[0]?.country, code, text);
});

test('findActors stays linear on long and hostile input', () => {
  const sentence = "Les forces armées syriennes et les rebelles de l'EI ont combattu l'armée du Mali près de Gao. ";
  const small = prepare(sentence.repeat(250), 'fr').doc;
  const large = prepare(sentence.repeat(4000), 'fr').doc;
  const best = (d: typeof small): number => {
    let min = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      findActors(d);
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const tSmall = best(small);
  const tLarge = best(large);
  assert.equal(findActors(large).length, findActors(small).length * 16);
  // Sixteen times the input: linear work grows ~16x, quadratic ~256x. The floor and the 64x margin
  // absorb a loaded CI machine; a quadratic pass still fails.
  assert.ok(tLarge < Math.max(500, tSmall * 64), `250x: ${tSmall.toFixed(1)} ms, 4000x: ${tLarge.toFixed(1)} ms`);
  const hostile = prepare('de la de la de la '.repeat(2000) + 'les les les '.repeat(2000), 'fr').doc;
  const t = performance.now();
  findActors(hostile);
  assert.ok(performance.now() - t < 5000);
});

test('actorsStage declares its contract and fills doc.actors', () => {
  assert.equal(actorsStage.name, 'actors');
  assert.deepEqual([...actorsStage.requires], ['tokens', 'language']);
  assert.deepEqual([...actorsStage.provides], ['actors']);
  assert.throws(() => assemblePipeline([actorsStage], INPUT_FIELDS), /requires/);
  const { doc, ctx } = prepare('Les rebelles ont attaqué.', 'fr');
  const out = actorsStage.run(doc, ctx);
  assert.equal(out.actors[0]?.id, 'generic.rebels');
});
