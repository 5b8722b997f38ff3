import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/core/data.js';
import { extract } from '../../../src/extract.js';
import type { EventActor, SitrepEvent } from '../../../src/core/types.js';

const dir = join(projectRoot(), 'test', 'fixtures', 'events');

const who = (list: EventActor[]): string[] => list.map((a) => `${a.name} [${a.country ?? '-'} ${a.sector ?? '-'}]`);

/** The reviewed projection of an event: what an analyst checks. */
function project(e: SitrepEvent): Record<string, unknown> {
  return {
    trigger: e.trigger.text,
    type: e.type,
    acled: e.acled ? `${e.acled.eventType} / ${e.acled.subEventType}` : null,
    source: who(e.source),
    target: who(e.target),
    location: e.location ? `${e.location.name} (${e.location.country ?? '-'}) p${e.location.precision}` : null,
    date: e.date ? `${e.date.start}..${e.date.end} ${e.date.precision}` : null,
    counts: e.counts.map((c) => `${c.kind} ${c.qualifier} ${c.value}${c.by ? ` by ${c.by}` : ''}`),
    stance: e.attribution ? `${e.attribution.stance}${e.attribution.by ? ` by ${e.attribution.by}` : ''}` : null,
    historical: e.historical,
  };
}

/** Golden files for the events stage: each case's expected.json was read and checked by hand. */
for (const name of readdirSync(dir)) {
  test(`events golden: ${name}`, () => {
    const meta = JSON.parse(readFileSync(join(dir, name, 'meta.json'), 'utf8')) as { lang: string; published: string; input?: string };
    const text = readFileSync(meta.input ? join(projectRoot(), meta.input) : join(dir, name, 'input.txt'), 'utf8');
    const doc = extract({ id: name, text, published: meta.published, language: meta.lang });
    assert.deepEqual(doc.errors, []);
    const got = doc.events.map(project);
    const file = join(dir, name, 'expected.json');
    if (process.env.SITREP_UPDATE_GOLDEN === '1') writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
    assert.deepEqual(got, JSON.parse(readFileSync(file, 'utf8')));
  });
}
