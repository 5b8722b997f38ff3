import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { GoldEvent } from '../scorers/events.js';
import type { LoadResult } from '../types.js';

/** Gold of one annotated article: its events. */
export interface GoldDocGold {
  set: string;
  doc: string;
  events: GoldEvent[];
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const isStr = (x: unknown): x is string => typeof x === 'string';

/** Checks the fields the scorer reads; returns a reason when the event cannot be scored. */
function eventProblem(e: Record<string, unknown>): string | null {
  if (!isStr(e.plover)) return 'no "plover" string';
  if (!isStr(e.evidence) || e.evidence.length === 0) return 'no "evidence" string';
  if (typeof e.required !== 'boolean') return '"required" is not a boolean';
  if (!Array.isArray(e.source) || !Array.isArray(e.target)) return '"source"/"target" are not lists';
  if (!Array.isArray(e.counts)) return '"counts" is not a list';
  if (e.acled !== null && !(Array.isArray(e.acled) && e.acled.length === 2)) return '"acled" is neither null nor a [type, sub-type] pair';
  return null;
}

/**
 * Every gold file under `goldDir` (recursively, `*.json`) with the article beside it (same name,
 * `.txt`). Files or events that cannot be scored are reported in `problems` and skipped.
 */
export function loadGold(goldDir: string): LoadResult<GoldDocGold> {
  const res: LoadResult<GoldDocGold> = { items: [], problems: [] };
  for (const path of jsonFiles(goldDir)) {
    const where = relative(goldDir, path);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      res.problems.push(`${where}: not valid JSON (${(err as Error).message}); skipped`);
      continue;
    }
    const o = raw as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || !Array.isArray(o.events)) {
      res.problems.push(`${where}: expected an object with an "events" list; skipped`);
      continue;
    }
    let text: string;
    const txt = path.replace(/\.json$/, '.txt');
    try {
      text = readFileSync(txt, 'utf8');
    } catch {
      res.problems.push(`${where}: no article text at ${relative(goldDir, txt)}; skipped`);
      continue;
    }
    const events: GoldEvent[] = [];
    (o.events as unknown[]).forEach((ev, k) => {
      const e = (ev ?? {}) as Record<string, unknown>;
      const why = typeof ev === 'object' && ev !== null ? eventProblem(e) : 'not an object';
      if (why !== null) {
        res.problems.push(`${where}: event ${k} (${String(e.id ?? '?')}): ${why}; skipped`);
        return;
      }
      events.push({
        id: isStr(e.id) ? e.id : `event-${k}`,
        required: e.required as boolean,
        plover: e.plover as string,
        alternatives: (e.alternatives ?? undefined) as GoldEvent['alternatives'],
        acled: (e.acled ?? null) as GoldEvent['acled'],
        source: e.source as GoldEvent['source'],
        target: e.target as GoldEvent['target'],
        location: (e.location ?? null) as GoldEvent['location'],
        date: (e.date ?? null) as GoldEvent['date'],
        counts: e.counts as GoldEvent['counts'],
        attribution: (e.attribution ?? null) as GoldEvent['attribution'],
        historical: e.historical === true,
        evidence: e.evidence as string,
      });
    });
    const set = isStr(o.set) ? o.set : basename(goldDir);
    const doc = isStr(o.doc) ? o.doc : basename(path, '.json');
    const lang = o.language === 'fr' || o.language === 'en' ? o.language : null;
    res.items.push({ id: `${set}/${doc}`, text, published: isStr(o.published) ? o.published : null, language: lang, gold: { set, doc, events } });
  }
  return res;
}
