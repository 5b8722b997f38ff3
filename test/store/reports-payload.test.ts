/**
 * reportsPayload flattens an extraction into the JSON the PostgreSQL save function reads. The writer
 * thread hands it each event's JSON text as it received it, which becomes the report's `data`
 * without being serialised again; the payload must be the one built from the events themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportsPayload } from '../../src/store/postgres.js';
import { actor, event, output, place } from './fake-output.js';

const ALEP = place('Alep', 'SYR', 36.2, 37.16, 170063);
const HTS = actor('Hayat Tahrir al-Sham', 'armed.hts', 'SYR', 0, 3, 'REB');
const ARMY = actor('Military of Syria', 'state.SYR.mil', 'SYR', 30, 36, 'MIL');
const OUT = output('d1', [
  event({ id: 'd1#e1', source: [HTS], target: [ARMY], location: ALEP }),
  // Quotes, a backslash, a line break and accents in the strings: the JSON must stay valid.
  event({ id: 'd1#e2', type: 'COERCE', acled: null, source: [], target: [ARMY], location: null, evidence: [{ start: 0, end: 30, text: 'L’armée a dit « non » \\ "jamais"\nà Alep' }] }),
]);

test('reportsPayload: the events given as JSON text make the same payload as the events themselves', () => {
  const built = reportsPayload(OUT, '2024-12-01');
  const given = reportsPayload(OUT, '2024-12-01', OUT.events.map((e) => JSON.stringify(e)));
  assert.deepEqual(given, built);
  const reports = JSON.parse(built.reports) as { ordinal: number; plover_type: string; place_key: string | null; data: unknown }[];
  assert.deepEqual(reports.map((r) => [r.ordinal, r.plover_type, r.place_key]), [[0, OUT.events[0]?.type, 'gn:170063'], [1, 'COERCE', null]]);
  assert.deepEqual(reports.map((r) => r.data), OUT.events);
});

test('reportsPayload: each given event text goes into its report whole, as it is', () => {
  const texts = OUT.events.map((e) => JSON.stringify(e, null, 1));
  const p = reportsPayload(OUT, null, texts);
  for (const t of texts) assert.ok(p.reports.includes(`"data":${t}}`), 'the text is kept verbatim');
  assert.deepEqual((JSON.parse(p.reports) as { data: unknown }[]).map((r) => r.data), OUT.events);
});

test('reportsPayload: no events, empty arrays', () => {
  assert.deepEqual(reportsPayload(output('d0', []), null, []), { reports: '[]', actors: '[]', places: '[]', links: '[]' });
});
