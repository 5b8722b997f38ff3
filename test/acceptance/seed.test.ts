import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../../src/extract.js';
import { projectRoot } from '../../src/core/data.js';
import type { SitrepEvent } from '../../src/core/types.js';

/**
 * The acceptance test: on the seed article, every `required` gold event is found with the right
 * PLOVER type, place, date, figures, stance and `historical`, and the denied "bases" claim is not asserted.
 */
interface GoldEvent {
  id: string;
  required: boolean;
  plover: string;
  alternatives?: { plover?: string[] };
  location: { country: string; lat: number; lon: number; precision: number } | null;
  date: { start: string } | null;
  counts: { kind: string; value: number; qualifier: string; by: string }[];
  attribution: { stance: string } | null;
  historical: boolean;
  evidence: string;
}

const goldPath = join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.json');
const textPath = join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.txt');

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = (d: number): number => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

test('seed article: every required gold event is found and right', { skip: existsSync(goldPath) ? false : `missing ${goldPath}` }, () => {
  const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as { published: string; events: GoldEvent[] };
  const text = readFileSync(textPath, 'utf8');
  const doc = extract({ id: 'seed', text, published: gold.published });
  assert.deepEqual(doc.errors, []);
  const used = new Set<SitrepEvent>();
  for (const g of gold.events.filter((e) => e.required)) {
    const gs = text.indexOf(g.evidence);
    assert.ok(gs >= 0, `gold evidence of ${g.id} is in the text`);
    const ge = gs + g.evidence.length;
    const types = [g.plover, ...(g.alternatives?.plover ?? [])];
    const overlap = (e: SitrepEvent): number => Math.max(0, ...e.evidence.map((ev) => Math.min(ev.end, ge) - Math.max(ev.start, gs)));
    const found = doc.events
      .filter((e) => !used.has(e) && types.includes(e.type) && overlap(e) > 0)
      .sort((a, b) => overlap(b) - overlap(a))[0];
    assert.ok(found, `required event ${g.id} (${g.plover}) found`);
    used.add(found);
    const where = `event ${g.id}`;
    assert.equal(found.historical, g.historical, `${where}: historical`);
    assert.equal(found.date?.start ?? null, g.date?.start ?? null, `${where}: date start`);
    if (g.location) {
      assert.ok(found.location, `${where}: has a location`);
      if (g.location.precision === 4) assert.equal(found.location.country, g.location.country, `${where}: country`);
      else assert.ok(km(found.location, g.location) <= 25, `${where}: within 25 km of ${g.location.lat},${g.location.lon}`);
    }
    const counts = found.counts.map((c) => `${c.kind}:${c.value}:${c.qualifier}`).sort();
    assert.deepEqual(counts, g.counts.map((c) => `${c.kind}:${c.value}:${c.qualifier}`).sort(), `${where}: figures`);
    for (const c of g.counts) {
      const got = found.counts.find((x) => x.kind === c.kind && x.value === c.value);
      const tag = /\(([^)]*)\)/.exec(c.by)?.[1]?.split('/') ?? [c.by];
      assert.ok(got?.by && tag.some((t) => got.by?.includes(t)), `${where}: ${c.kind} figure given by ${c.by}, got ${got?.by}`);
    }
    assert.equal(found.attribution?.stance ?? 'asserted', g.attribution?.stance ?? 'asserted', `${where}: stance`);
  }
  // The "bases" claim the army denies must never come out as asserted.
  const bases = doc.events.filter((e) => e.evidence.some((ev) => /établi des bases/.test(ev.text)) && e.trigger.text.includes('bases'));
  assert.ok(bases.length > 0, 'the bases claim is extracted');
  for (const e of bases) assert.equal(e.attribution?.stance, 'denied', 'bases claim is denied');
});

test('seed article: nothing is output that the article does not say', () => {
  const text = readFileSync(join(projectRoot(), 'examples', 'aleppo-2024-12.txt'), 'utf8');
  const doc = extract({ id: 'seed', text, published: '2024-12-02' });
  for (const e of doc.events) {
    // Every event is anchored in the text and names a participant, a figure or a place.
    assert.ok(e.evidence.length > 0 && e.rules.length > 0, e.id);
    assert.equal(text.slice(e.trigger.start, e.trigger.end), e.trigger.text, `${e.id} trigger offsets`);
    assert.ok(e.evidence.some((ev) => ev.start <= e.trigger.start && ev.end >= e.trigger.end), `${e.id}: trigger inside its evidence`);
    assert.ok(e.source.length + e.target.length + e.counts.length > 0 || e.location !== null, `${e.id} says something checkable`);
  }
  // No event from the heading, from "Avant l'offensive" or from purpose clauses ("pour protéger…").
  assert.ok(!doc.events.some((e) => e.trigger.text === 'Contre-attaque'), 'heading is not an event');
  assert.ok(!doc.events.some((e) => e.type === 'AID'), '"permettre l\'accès de l\'aide humanitaire" is a purpose, not an event');
});
