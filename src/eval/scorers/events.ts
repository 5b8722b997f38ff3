import type { SitrepEvent } from '../../core/types.js';
import { fold, unifyApostrophes } from '../../core/text.js';
import { haversineKm } from './geo.js';
import { overlapChars, type CharSpan } from './spans.js';

/** An actor as gold event files give it. */
export interface GoldActor {
  name?: string;
  country: string | null;
  sector: string | null;
}

/** One event of a gold file (see ../shared/gold/FORMAT.md). */
export interface GoldEvent {
  id: string;
  required: boolean;
  plover: string;
  alternatives?: { plover?: string[] };
  acled: [string, string] | null;
  source: GoldActor[];
  target: GoldActor[];
  location: { name?: string; country: string | null; admin1?: string | null; lat: number; lon: number; precision: number } | null;
  date: { start: string; end: string; precision: string; text?: string } | null;
  counts: { kind: string; value: number; qualifier: string; by?: string | null }[];
  attribution: { by?: string | null; stance: string } | null;
  historical: boolean;
  evidence: string;
}

/** Fields whose accuracy is reported over matched events. */
export const EVENT_FIELDS = ['acled_type', 'acled_subtype', 'source', 'target', 'location', 'date_start', 'figures', 'attribution', 'historical'] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** One field comparison on a matched pair. */
export interface FieldCheck {
  field: EventField;
  ok: boolean;
  gold: unknown;
  predicted: unknown;
  /** Id of the gold event the check belongs to (set by scoreEvents). */
  goldId?: string;
}

/** Result of scoring one document's events. */
export interface EventDocScore {
  /** Strict: evidence overlap and compatible PLOVER type. Counts over required gold only. */
  tp: number;
  fp: number;
  fn: number;
  /** Detection ignoring type (evidence overlap only), same counting. */
  detect: { tp: number; fp: number; fn: number };
  /** PLOVER type correctness (alternatives accepted) over the type-blind matches of required gold. */
  plover: { correct: number; total: number };
  /** Field comparisons over strict matches of required gold. */
  fields: FieldCheck[];
  missed: GoldEvent[];
  falseAlarms: SitrepEvent[];
  /** Pairs (gold, predicted) of strict matches. */
  matched: [GoldEvent, SitrepEvent][];
  /** Gold events whose evidence could not be found in the text. */
  unlocated: GoldEvent[];
}

/**
 * Locates a gold evidence string in the text. Tries the exact string, then a comparison that ignores
 * case, accents, apostrophe and quote styles and runs of whitespace, because annotators retype quotes.
 */
export function locateEvidence(text: string, evidence: string): CharSpan | null {
  if (evidence.length === 0) return null;
  const at = text.indexOf(evidence);
  if (at >= 0) return { start: at, end: at + evidence.length };
  const t = loosen(text);
  const e = loosen(evidence);
  const needle = e.s.trim();
  if (needle.length === 0) return null;
  const k = t.s.indexOf(needle);
  if (k < 0) return null;
  const start = t.map[k]!;
  const end = t.map[k + needle.length - 1]! + 1;
  return { start, end };
}

const QUOTES = /[«»“”„‟"″]/g;

/**
 * Folded text with whitespace runs collapsed to one space (and dropped next to a quote mark, since
 * French guillemets carry inner spaces that retyped quotes lack), with the map back to offsets.
 */
function loosen(s: string): { s: string; map: number[] } {
  const folded = fold(unifyApostrophes(s)).replace(QUOTES, '"');
  let out = '';
  const map: number[] = [];
  let i = 0;
  while (i < folded.length) {
    const c = folded[i]!;
    if (/\s/.test(c)) {
      let k = i;
      while (k < folded.length && /\s/.test(folded[k]!)) k++;
      const next = folded[k];
      if (out.length > 0 && next !== undefined && next !== '"' && !out.endsWith('"')) {
        out += ' ';
        map.push(i);
      }
      i = k;
      continue;
    }
    out += c;
    map.push(i);
    i++;
  }
  return { s: out, map };
}

/** Whether a predicted PLOVER type is the gold type or one of its accepted alternatives. */
export function typeAccepted(gold: GoldEvent, predType: string): boolean {
  return predType === gold.plover || (gold.alternatives?.plover ?? []).includes(predType);
}

/** Characters of overlap between a located gold evidence span and a prediction's evidence spans. */
export function evidenceOverlap(goldSpan: CharSpan | null, pred: SitrepEvent): number {
  if (goldSpan === null) return 0;
  let n = 0;
  for (const ev of pred.evidence) n += overlapChars(goldSpan, ev);
  return n;
}

/**
 * One-to-one greedy matching: candidate pairs sorted by overlap (largest first). Required gold is
 * matched before non-required gold, so an optional event can only absorb predictions that no
 * required event wanted.
 */
function greedyMatch(
  golds: readonly GoldEvent[],
  spans: readonly (CharSpan | null)[],
  preds: readonly SitrepEvent[],
  needType: boolean,
): { pairs: [number, number][]; predUsed: boolean[]; goldUsed: boolean[] } {
  const goldUsed = new Array<boolean>(golds.length).fill(false);
  const predUsed = new Array<boolean>(preds.length).fill(false);
  const pairs: [number, number][] = [];
  for (const requiredPass of [true, false]) {
    const cands: [number, number, number][] = [];
    golds.forEach((g, i) => {
      if (g.required !== requiredPass) return;
      preds.forEach((p, j) => {
        if (needType && !typeAccepted(g, p.type)) return;
        const ov = evidenceOverlap(spans[i] ?? null, p);
        if (ov > 0) cands.push([ov, i, j]);
      });
    });
    cands.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, i, j] of cands) {
      if (goldUsed[i] || predUsed[j]) continue;
      goldUsed[i] = true;
      predUsed[j] = true;
      pairs.push([i, j]);
    }
  }
  return { pairs, predUsed, goldUsed };
}

/** Predicted actor keys "COUNTRY|SECTOR" (null shown as "-"), as a sorted list. */
function actorKeys(actors: readonly { country: string | null; sector: string | null }[]): string[] {
  return [...new Set(actors.map((a) => `${a.country ?? '-'}|${a.sector ?? '-'}`))].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Location rule: gold precision 4 (country only) needs the same country; otherwise ≤ 25 km. */
export function locationOk(gold: GoldEvent['location'], pred: SitrepEvent['location']): boolean {
  if (gold === null || pred === null) return gold === null && pred === null;
  if (gold.precision === 4) return gold.country !== null && pred.country === gold.country;
  return haversineKm(gold.lat, gold.lon, pred.lat, pred.lon) <= 25;
}

/** Figures as sorted "kind:value:qualifier" strings; the comparison is on the whole multiset. */
function figureKeys(counts: readonly { kind: string; value: number; qualifier: string }[]): string[] {
  return counts.map((c) => `${c.kind}:${c.value}:${c.qualifier}`).sort();
}

/** Compares every reported field of a matched pair. */
export function compareFields(g: GoldEvent, p: SitrepEvent): FieldCheck[] {
  const checks: FieldCheck[] = [];
  const push = (field: EventField, ok: boolean, gold: unknown, predicted: unknown): void => {
    checks.push({ field, ok, gold, predicted });
  };
  push('acled_type', (g.acled?.[0] ?? null) === (p.acled?.eventType ?? null), g.acled?.[0] ?? null, p.acled?.eventType ?? null);
  push('acled_subtype', (g.acled?.[1] ?? null) === (p.acled?.subEventType ?? null), g.acled?.[1] ?? null, p.acled?.subEventType ?? null);
  const gs = actorKeys(g.source);
  const ps = actorKeys(p.source);
  push('source', sameList(gs, ps), gs, ps);
  const gt = actorKeys(g.target);
  const pt = actorKeys(p.target);
  push('target', sameList(gt, pt), gt, pt);
  push(
    'location',
    locationOk(g.location, p.location),
    g.location,
    p.location === null ? null : { name: p.location.name, country: p.location.country, lat: p.location.lat, lon: p.location.lon, precision: p.location.precision },
  );
  push('date_start', (g.date?.start ?? null) === (p.date?.start ?? null), g.date?.start ?? null, p.date?.start ?? null);
  const gf = figureKeys(g.counts);
  const pf = figureKeys(p.counts);
  push('figures', sameList(gf, pf), gf, pf);
  // No attribution in gold means the article asserts the event itself.
  const gStance = g.attribution?.stance ?? 'asserted';
  const pStance = p.attribution?.stance ?? 'asserted';
  push('attribution', gStance === pStance, gStance, pStance);
  push('historical', g.historical === p.historical, g.historical, p.historical);
  return checks;
}

/**
 * Scores one document's predicted events against its gold events. Precision, recall and field
 * accuracies count required gold only: a prediction matching a non-required event is neither a hit
 * nor a false alarm, and a missed non-required event is not a miss.
 */
export function scoreEvents(text: string, golds: readonly GoldEvent[], preds: readonly SitrepEvent[]): EventDocScore {
  const spans = golds.map((g) => locateEvidence(text, g.evidence));
  const strict = greedyMatch(golds, spans, preds, true);
  const loose = greedyMatch(golds, spans, preds, false);

  const count = (m: typeof strict): { tp: number; fp: number; fn: number } => {
    let tp = 0;
    for (const [i] of m.pairs) if (golds[i]!.required) tp++;
    const fn = golds.filter((g, i) => g.required && !m.goldUsed[i]).length;
    const fp = m.predUsed.filter((u) => !u).length;
    return { tp, fp, fn };
  };
  const s = count(strict);
  const d = count(loose);

  let ploverOk = 0;
  let ploverTotal = 0;
  for (const [i, j] of loose.pairs) {
    if (!golds[i]!.required) continue;
    ploverTotal++;
    if (typeAccepted(golds[i]!, preds[j]!.type)) ploverOk++;
  }

  const fields: FieldCheck[] = [];
  const matched: [GoldEvent, SitrepEvent][] = [];
  for (const [i, j] of strict.pairs) {
    matched.push([golds[i]!, preds[j]!]);
    if (golds[i]!.required) fields.push(...compareFields(golds[i]!, preds[j]!).map((c) => ({ ...c, goldId: golds[i]!.id })));
  }
  return {
    ...s,
    detect: d,
    plover: { correct: ploverOk, total: ploverTotal },
    fields,
    missed: golds.filter((g, i) => g.required && !strict.goldUsed[i]),
    falseAlarms: preds.filter((_, j) => !strict.predUsed[j]),
    matched,
    unlocated: golds.filter((_, i) => spans[i] === null),
  };
}
