import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorCountry, loadAcledGlobal, loadAcledBurkina, parseAcledDate } from '../../src/eval/loaders/acled.js';
import { loadLgl } from '../../src/eval/loaders/lgl.js';
import { loadGeoWebNews } from '../../src/eval/loaders/geowebnews.js';
import { loadGeoVirus } from '../../src/eval/loaders/geovirus.js';
import { loadFrTimebank, stripTimeml } from '../../src/eval/loaders/fr-timebank.js';
import { gsrActor, loadPloverGsr } from '../../src/eval/loaders/plover-gsr.js';
import { loadCase2021 } from '../../src/eval/loaders/case2021.js';
import { loadHipe2020 } from '../../src/eval/loaders/hipe2020.js';
import { loadEuropeana } from '../../src/eval/loaders/europeana.js';
import { loadGold } from '../../src/eval/loaders/gold.js';
import { looseDay } from '../../src/eval/loaders/toponyms.js';
import { parseCsv, decodeEntities } from '../../src/eval/loaders/text-formats.js';
import { parseEvalArgs, runDataset, runEval, TASKS, type DatasetResult } from '../../src/eval/index.js';
import type { EvalOptions } from '../../src/eval/index.js';
import type { OutputDoc } from '../../src/core/output.js';
import { locateEvidence } from '../../src/eval/scorers/events.js';

// Every fixture below is written for these tests; none comes from the datasets.
let root: string;
const w = (rel: string, content: string): void => {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
};

const ACLED_HEAD = 'data_id,iso,event_date,event_type,sub_event_type,actor1,inter1,country,admin1,latitude,longitude,notes,fatalities,iso3';

before(() => {
  root = mkdtempSync(join(tmpdir(), 'sitrep-eval-'));
  w(
    'datasets/acled-global-2020-05/acled.csv',
    [
      ACLED_HEAD,
      '1,1,4-May-20,Battles,Armed clash,Military Forces of Ruritania (2010-),1,Ruritania,North,10.5,20.25,"On 4 May 2020, soldiers clashed with ""bandits"" near Strelsau, killing 3.",3,RUR',
      '2,1,not a date,Protests,Peaceful protest,Protesters (Ruritania),6,Ruritania,North,10,20,"On 5 May 2020, teachers marched.",0,RUR',
      '3,1,5-May-20,Protests,Peaceful protest,Protesters (Ruritania),6,Ruritania,North,10,20',
      '4,1,6-May-20,Protests,Peaceful protest,Protesters (France),6,France,Ile-de-France,48.85,2.35,"On 6 May 2020, nurses protested in Paris,\nasking for masks.",0,FRA',
    ].join('\n'),
  );
  w('datasets/acled-burkina-faso-2020/acled_Burkina_Faso.csv', `${ACLED_HEAD}\n9,1,"13 November 2020",Riots,Mob violence,Rioters (Burkina Faso),5,Burkina Faso,Centre,12.37,-1.53,"On 13 November 2020, a crowd burned a car in Ouagadougou.",0,BFA\n`);
  w(
    'datasets/lgl/lgl.xml',
    `<?xml version="1.0"?><articles><article docid="7"><dltime>2009-03-20 12:00</dltime><text><![CDATA[Fire in Springfield & Shelbyville.]]></text><toponyms><toponym><start>8</start><end>19</end><phrase>Springfield</phrase><gaztag geonameid="1"><lat>39.8</lat><lon>-89.6</lon></gaztag></toponym><toponym><start>22</start><end>33</end><phrase>Shelbyville</phrase></toponym></toponyms></article></articles>`,
  );
  w(
    'datasets/geowebnews/GWN.xml',
    `<articles><article file="3"><link>http://x.example/2018/01/25/a.html</link><text>Troops left Mosul &amp; Iraqi officials cheered.</text><toponyms>
<toponym><extractedName>Mosul</extractedName><normalisedName/><type>Literal</type><start>12</start><end>17</end><geonamesID/><latitude>36.34</latitude><longitude>43.13</longitude></toponym>
<toponym><extractedName>Iraqi</extractedName><type>Demonym</type><start>20</start><end>25</end><latitude/><longitude/></toponym>
<toponym><extractedName>left Mosul</extractedName><type>Literal_Expression</type><start>7</start><end>17</end></toponym>
</toponyms></article></articles>`,
  );
  // Offsets counted from 1, as in the corpus this loader realigns.
  w('datasets/geovirus/GeoVirus.xml', `<articles><article><source>https://en.wikinews.org/wiki/Flu_in_Lyon</source><text>Flu reached Lyon.</text><locations><location><name>Lyon</name><start>13</start><end>17</end><lat>45.76</lat><lon>4.83</lon><page>p</page></location></locations></article></articles>`);
  w(
    'datasets/fr-timebank/Data/2003-05-17-01.tml',
    `<?xml version='1.0'?><TimeML><DOCID>x</DOCID><DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2003-05-17" /></DCT><TEXT>
Le maire a parlé <TIMEX3 tid="t2" type="DATE" value="2003-05-16">hier</TIMEX3> d'un <EVENT eid="e1">projet</EVENT> pour <TIMEX3 tid="t3" type="DATE" value="2003-06">juin</TIMEX3> &amp; <TIMEX3 tid="t4" type="DURATION" value="P2D">deux jours</TIMEX3>.
</TEXT></TimeML>`,
  );
  w(
    'datasets/plover-gsr/PLOVER_GSR_CAMEO.json',
    JSON.stringify([
      { id: 'DOC', event: 'DOCUMENT' },
      { id: 'G-1', date: '2000-01-01', event: 'DEMAND', text: 'Villagers demanded that the army leave.', source: [{ actorText: 'Villagers', code: 'RUR', sector: 'CVLxyz' }], target: [{ actorText: 'UN', code: 'IGO' }] },
      { id: 'G-2', event: 'AGREE' },
    ]),
  );
  w('datasets/case2021-task2/label_to_description.json', JSON.stringify({ AIR_STRIKE: 'Air/drone strike', ORG_CRIME: 'Organized crime' }));
  w('datasets/case2021-task2/note_on_event_types.txt', 'EVENT TYPES\n\n1. SUBTASK 1-3: "SEEN"\n\nAIR_STRIKE\n\n2. SUBTASK 2: additional\n\nORG_CRIME\n');
  w('datasets/case2021-task2/test_set_final_release_with_labels.tsv', 'id\tEventSnippet\tSubType\n1\tJets bombed the "depot" at dawn.\tAIR_STRIKE\n2\tA gang smuggled fuel.\tORG_CRIME\n3\tbroken line\n');
  const hipeRow = (tok: string, tag: string, misc = '_'): string => `${tok}\t${tag}\tO\tO\tO\tO\tO\t_\t_\t${misc}`;
  w(
    'datasets/hipe2020-fr/HIPE-2022-v2.1-hipe2020-dev-fr.tsv',
    [
      'TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC',
      '# hipe2022:document_id = doc-a',
      '# hipe2022:date = 1890-02-03',
      hipeRow('M', 'B-pers', 'NoSpaceAfter'),
      hipeRow('.', 'I-pers'),
      hipeRow('Dupont', 'I-pers'),
      hipeRow('arrive', 'O'),
      hipeRow('à', 'O'),
      hipeRow('Genève', 'B-loc', 'NoSpaceAfter'),
      hipeRow('.', 'O', 'EndOfLine'),
      hipeRow('Berne', 'B-loc'),
      hipeRow('Lausanne', 'B-loc'),
    ].join('\n'),
  );
  w('datasets/hipe2020-fr/HIPE-2022-v2.1-hipe2020-test-fr.tsv', 'TOKEN\tNE-COARSE-LIT\tMISC\n');
  w('datasets/europeana-ner-fr/enp_FR.bnf.md.txt', "* [**L000001 - L000005**]  \nLe Journal, 02-03-1910, 1  \nhttp://example\n");
  w('datasets/europeana-ner-fr/enp_FR.bnf.bio.txt', 'M. I-PER\nMartin I-PER\nà O\nRennes I-LOC\n. O\n');
  w('gold/demo/a.txt', 'Les rebelles ont attaqué Hama samedi.');
  w('gold/demo/a.json', JSON.stringify({ set: 'demo', doc: 'a', language: 'fr', published: '2024-12-02', events: [{ id: 'x', required: true, plover: 'ASSAULT', acled: null, source: [], target: [], location: null, date: null, counts: [], attribution: null, historical: false, evidence: 'Les rebelles ont attaqué Hama' }, { id: 'bad', required: true }] }));
  w('gold/demo/b.json', '{ not json');
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('text formats', () => {
  it('CSV with quotes, doubled quotes and newlines inside fields', () => {
    assert.deepEqual(parseCsv('a,b\n"x, ""y""","line1\nline2"\n'), [['a', 'b'], ['x, "y"', 'line1\nline2']]);
  });
  it('entities', () => {
    assert.equal(decodeEntities('Tom &amp; Jerry &#233;t&#xE9; &lt;b&gt;'), 'Tom & Jerry été <b>');
  });
  it('dates in the corpora styles', () => {
    const cases: [string, string | null][] = [
      ['9-May-20', '2020-05-09'],
      ['13 November 2020', '2020-11-13'],
      ['May 9 2020', null],
    ];
    for (const [s, want] of cases) assert.equal(parseAcledDate(s), want, s);
    assert.equal(looseDay('7:58 AM ET, Sat January 3, 2015'), '2015-01-03');
    assert.equal(looseDay('2016-12-19'), '2016-12-19');
    assert.equal(looseDay('http://x/2018/01/25/a'), '2018-01-25');
    assert.equal(looseDay('no date'), null);
  });
  it('ACLED actor countries', () => {
    const idx = new Map([['ruritania', 'RUR'], ['burkina faso', 'BFA']]);
    assert.equal(actorCountry('Military Forces of Ruritania (2010-)', idx), 'RUR');
    assert.equal(actorCountry('Protesters (Burkina Faso)', idx), 'BFA');
    assert.equal(actorCountry('Islamic State (Greater Sahara)', idx), null);
  });
});

describe('loaders on hand-made mini files', () => {
  it('ACLED: malformed rows reported and skipped, quoted notes kept', () => {
    const r = loadAcledGlobal(join(root, 'datasets/acled-global-2020-05'));
    assert.deepEqual(r.items.map((i) => i.id), ['acled-global:1', 'acled-global:4']);
    assert.equal(r.problems.length, 2);
    const first = r.items[0]!;
    assert.equal(first.published, '2020-05-04');
    assert.equal(first.gold.actor1Country, 'RUR');
    assert.ok(first.text.includes('"bandits"'));
    assert.equal(r.items[1]!.gold.actor1Country, 'FRA');
    const b = loadAcledBurkina(join(root, 'datasets/acled-burkina-faso-2020'));
    assert.equal(b.items[0]!.gold.eventDate, '2020-11-13');
  });
  it('LGL: CDATA text, toponyms with and without coordinates', () => {
    const r = loadLgl(join(root, 'datasets/lgl'));
    const it0 = r.items[0]!;
    assert.equal(it0.text, 'Fire in Springfield & Shelbyville.');
    assert.deepEqual(it0.gold.toponyms.map((t) => [it0.text.slice(t.start, t.end), t.lat]), [['Springfield', 39.8], ['Shelbyville', null]]);
    assert.equal(it0.published, '2009-03-20');
  });
  it('GeoWebNews: only toponym types, entity-decoded offsets', () => {
    const r = loadGeoWebNews(join(root, 'datasets/geowebnews'));
    const it0 = r.items[0]!;
    assert.deepEqual(it0.gold.toponyms.map((t) => it0.text.slice(t.start, t.end)), ['Mosul']);
    assert.equal(it0.published, '2018-01-25');
    assert.deepEqual(r.problems, []);
  });
  it('GeoVirus: off-by-one offsets are moved onto the phrase and reported', () => {
    const r = loadGeoVirus(join(root, 'datasets/geovirus'));
    const it0 = r.items[0]!;
    assert.equal(it0.text.slice(it0.gold.toponyms[0]!.start, it0.gold.toponyms[0]!.end), 'Lyon');
    assert.equal(it0.id, 'geovirus:Flu_in_Lyon');
    assert.match(r.problems[0]!, /moved/);
  });
  it('FR-TimeBank: tags stripped with timex offsets into the plain text', () => {
    const r = loadFrTimebank(join(root, 'datasets/fr-timebank'));
    const it0 = r.items[0]!;
    assert.equal(it0.published, '2003-05-17');
    assert.ok(!it0.text.includes('<'));
    assert.ok(it0.text.includes("d'un projet pour juin & deux"));
    assert.deepEqual(it0.gold.timexes.map((t) => [it0.text.slice(t.start, t.end), t.type, t.value]), [['hier', 'DATE', '2003-05-16'], ['juin', 'DATE', '2003-06'], ['deux jours', 'DURATION', 'P2D']]);
    assert.deepEqual(stripTimeml('a <TIMEX3 value="1">b</TIMEX3> c').timexes[0]!.text, 'b');
  });
  it('PLOVER GSR: types mapped to v0.8, actors normalised, bad records skipped', () => {
    const r = loadPloverGsr(join(root, 'datasets/plover-gsr'));
    assert.equal(r.items.length, 1);
    assert.equal(r.problems.length, 1);
    assert.equal(r.items[0]!.gold.type, 'REQUEST');
    assert.deepEqual(r.items[0]!.gold.source, [{ country: 'RUR', sector: 'CVL' }]);
    assert.deepEqual(r.items[0]!.gold.target, [{ country: null, sector: 'IGO' }]);
    assert.deepEqual(gsrActor({ code: 'ISR', sector: '***' }), { country: 'ISR', sector: null });
  });
  it('CASE 2021: seen labels map to ACLED sub-types, unseen to null, broken lines reported', () => {
    const r = loadCase2021(join(root, 'datasets/case2021-task2'));
    assert.deepEqual(r.items.map((i) => i.gold.acledSubType), ['Air/drone strike', null]);
    assert.equal(r.items[0]!.text, 'Jets bombed the "depot" at dawn.');
    assert.equal(r.problems.length, 1);
  });
  it('HIPE: text rebuilt from tokens, B- starts a new entity', () => {
    const r = loadHipe2020(join(root, 'datasets/hipe2020-fr'));
    const it0 = r.items[0]!;
    assert.equal(it0.text, 'M. Dupont arrive à Genève.\nBerne Lausanne');
    assert.deepEqual(it0.gold.entities.map((e) => `${e.type}:${it0.text.slice(e.start, e.end)}`), ['PER:M. Dupont', 'LOC:Genève', 'LOC:Berne', 'LOC:Lausanne']);
    assert.equal(it0.published, '1890-02-03');
  });
  it('Europeana: runs of I- tags, page date from the provenance list', () => {
    const r = loadEuropeana(join(root, 'datasets/europeana-ner-fr'));
    const it0 = r.items[0]!;
    assert.equal(it0.text, 'M. Martin à Rennes.');
    assert.deepEqual(it0.gold.entities.map((e) => `${e.type}:${it0.text.slice(e.start, e.end)}`), ['PER:M. Martin', 'LOC:Rennes']);
    assert.equal(it0.published, '1910-03-02');
  });
  it('gold files: malformed file and event reported and skipped', () => {
    const r = loadGold(join(root, 'gold'));
    assert.equal(r.items.length, 1);
    assert.equal(r.items[0]!.gold.events.length, 1);
    assert.equal(r.problems.length, 2);
  });
});

describe('runEval end to end on the mini files', () => {
  it('runs every dataset, writes JSON and error lines, never crashes on bad rows', async () => {
    let out = '';
    let err = '';
    const json = join(root, 'out.json');
    const errors = join(root, 'errors.jsonl');
    const code = await runEval(['all', '--data', join(root, 'datasets'), '--json', json, '--errors', errors], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    assert.equal(code, 0, err);
    assert.match(out, /== acled-global-2020-05/);
    assert.match(out, /Mordecai 3/);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { datasets: { dataset: string; counts: { dev: number; test: number } }[] };
    assert.equal(doc.datasets.length, 12);
    const acled = doc.datasets.find((d) => d.dataset === 'acled-global-2020-05')!;
    assert.equal(acled.counts.dev + acled.counts.test, 2);
    for (const line of readFileSync(errors, 'utf8').trim().split('\n')) JSON.parse(line);
  });
  it('usage errors return 64 with a message', async () => {
    let err = '';
    const io = { stdout: () => undefined, stderr: (s: string) => void (err += s) };
    assert.equal(await runEval(['nope'], io), 64);
    assert.match(err, /unknown dataset/);
    assert.equal(await runEval(['lgl', '--limit', '0'], io), 64);
    assert.equal(await runEval(['lgl', '--split', 'train'], io), 64);
  });
  it('--split and --limit select within one split', async () => {
    const json = join(root, 'split.json');
    const code = await runEval(['acled-global-2020-05', '--data', join(root, 'datasets'), '--split', 'test', '--limit', '1', '--json', json], { stdout: () => undefined, stderr: () => undefined });
    assert.equal(code, 0);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { splits: string[]; datasets: { counts: { dev: number; test: number } }[] };
    assert.deepEqual(doc.splits, ['test']);
    assert.ok(doc.datasets[0]!.counts.test <= 1);
    assert.equal(doc.datasets[0]!.counts.dev, 0);
  });
});

describe('the seed gold file (read from ../shared at test time)', () => {
  const goldDir = join(process.cwd(), '..', 'shared', 'gold');
  it('loads, and every gold evidence string is found in the article', { skip: !existsSync(goldDir) }, () => {
    const r = loadGold(goldDir);
    assert.deepEqual(r.problems, []);
    const seed = r.items.find((i) => i.id === 'seed/aleppo-2024-12');
    assert.ok(seed);
    for (const ev of seed.gold.events) assert.ok(locateEvidence(seed.text, ev.evidence), ev.id);
  });
});

describe('runDataset with a stand-in extractor (the harness end to end, with known answers)', () => {
  const empty = (id: string): OutputDoc => ({ id, language: 'en', published: null, title: null, url: null, events: [], places: [], actors: [], dates: [], errors: [], pipelineVersion: 't' });
  const optsFor = (dataset: string): EvalOptions => {
    const o = parseEvalArgs([dataset, '--data', join(root, 'datasets')]);
    assert.ok(typeof o !== 'string', String(o));
    return o;
  };
  const metric = (r: DatasetResult, name: string): number | null | undefined => {
    const split = r.counts.test > 0 ? 'test' : 'dev';
    return r.metrics[split].find((m) => m.name === name)?.value;
  };
  it('geoparsing: one of two toponyms found and placed right', () => {
    const task = TASKS.find((t) => t.name === 'lgl')!;
    const r = runDataset(task, optsFor('lgl'), () => undefined, (input) => ({
      ...empty(input.id),
      places: [{ text: 'Springfield', start: 8, end: 19, name: 'Springfield', country: 'USA', admin1: null, lat: 39.78, lon: -89.65, geonameId: null, featureCode: 'PPLA', precision: 1, rule: 't' }],
    }));
    assert.equal(metric(r, 'toponyms exact precision'), 1);
    assert.equal(metric(r, 'toponyms exact recall'), 0.5);
    assert.equal(metric(r, 'accuracy@161km'), 1);
  });
  it('a throwing extractor is recorded and scored as empty output', () => {
    const task = TASKS.find((t) => t.name === 'plover-gsr')!;
    const r = runDataset(task, optsFor('plover-gsr'), () => undefined, () => {
      throw new Error('boom');
    });
    assert.ok(r.problems.some((p) => p.includes('boom')));
    assert.equal(metric(r, 'sentences with no event'), 1);
    assert.equal(metric(r, 'target country+sector'), 0);
  });
});
