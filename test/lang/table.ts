import assert from 'node:assert/strict';
import { extract } from '../../src/extract.js';
import type { LangCode, SitrepEvent } from '../../src/core/types.js';

/** What a language test row expects of the first event: only the fields the row names are checked. */
export interface Expect {
  type: string;
  acled?: string | null;
  source?: string[];
  target?: string[];
  place?: string | null;
  date?: string | null;
  counts?: string[];
  stance?: string | null;
  events?: number;
}

const side = (e: SitrepEvent, k: 'source' | 'target'): string[] => e[k].map((a) => `${a.country ?? '-'}/${a.sector ?? '-'}`);

/** Runs one end-to-end row in a language and checks the named fields of its first event. */
export function checkRow(lang: LangCode, published: string, text: string, want: Expect): void {
  const doc = extract({ id: 'row', text, published, language: lang });
  assert.deepEqual(doc.errors, [], text);
  if (want.events !== undefined) assert.equal(doc.events.length, want.events, `${text}: event count`);
  const e = doc.events[0];
  assert.ok(e, `${text}: an event`);
  assert.equal(e.type, want.type, `${text}: type`);
  if (want.acled !== undefined) assert.equal(e.acled ? `${e.acled.eventType} / ${e.acled.subEventType}` : null, want.acled, `${text}: ACLED`);
  if (want.source) assert.deepEqual(side(e, 'source'), want.source, `${text}: source`);
  if (want.target) assert.deepEqual(side(e, 'target'), want.target, `${text}: target`);
  if (want.place !== undefined) assert.equal(e.location ? `${e.location.name}/${e.location.country}/p${e.location.precision}` : null, want.place, `${text}: place`);
  if (want.date !== undefined) assert.equal(e.date ? `${e.date.start}..${e.date.end}` : null, want.date, `${text}: date`);
  if (want.counts) assert.deepEqual(e.counts.map((c) => `${c.kind}:${c.qualifier}:${c.value}`), want.counts, `${text}: counts`);
  if (want.stance !== undefined) assert.equal(e.attribution?.stance ?? null, want.stance, `${text}: stance`);
}
