import { commonData, memoize } from '../../../core/data.js';
import type { TriggerMention } from '../../../core/types.js';

/** A rule of `lang/common/acled.json` that refines the head trigger's ACLED type by a co-occurring one. */
export interface AcledCombination {
  id: string;
  /** "Event type/Sub-event type" values of the head trigger the rule applies to. */
  main: string[];
  /** The rule fires when another trigger of the same span has one of these types. */
  with: string[];
  result: [string, string];
  source: string;
}

/** The ACLED type chosen for a group of triggers, and why. */
export interface AcledChoice {
  acled: { eventType: string; subEventType: string };
  head: TriggerMention;
  /** The head trigger's rule, or the combination id when one applied. */
  rule: string;
}

function combinations(): AcledCombination[] {
  return memoize('acled:combinations', () => commonData<{ combinations?: AcledCombination[] }>('acled').combinations ?? []);
}

const key = (a: { eventType: string; subEventType: string }): string => `${a.eventType}/${a.subEventType}`;

/**
 * The strongest trigger (highest lexicon priority, the earliest on ties), optionally among those
 * with an ACLED default only. "Clashes ... killed 3" gives "clashes", since casualty verbs rank low.
 */
export function headTrigger(triggers: readonly TriggerMention[], opts: { acledOnly?: boolean } = {}): TriggerMention | null {
  let best: TriggerMention | null = null;
  for (const t of triggers) {
    if (opts.acledOnly === true && t.acled === null) continue;
    if (best === null || (t.priority ?? 0) > (best.priority ?? 0)) best = t;
  }
  return best;
}

/**
 * ACLED type of a group of triggers describing one event (a sentence, an ACLED note): the head
 * trigger's default, refined by the combination rules of `lang/common/acled.json` (a protest with
 * arson is a violent demonstration; an abduction ending in a killing is an attack).
 */
export function resolveAcled(triggers: readonly TriggerMention[]): AcledChoice | null {
  const head = headTrigger(triggers, { acledOnly: true });
  if (head === null || head.acled === null) return null;
  const headKey = key(head.acled);
  const others = new Set(triggers.filter((t) => t !== head && t.acled !== null).map((t) => key(t.acled as NonNullable<TriggerMention['acled']>)));
  for (const c of combinations()) {
    if (c.main.includes(headKey) && c.with.some((w) => others.has(w))) {
      return { acled: { eventType: c.result[0], subEventType: c.result[1] }, head, rule: c.id };
    }
  }
  return { acled: { eventType: head.acled.eventType, subEventType: head.acled.subEventType }, head, rule: head.rule };
}

/**
 * Trigger that most often carries the PLOVER type of a single-event sentence: the first one. Main
 * verbs come first in news sentences and the event nouns after them are their complements
 * ("threatened to launch an offensive"). Measured on the PLOVER gold records this beats the
 * priority head, which is tuned for ACLED.
 */
export function ploverHead(triggers: readonly TriggerMention[]): TriggerMention | null {
  let first: TriggerMention | null = null;
  for (const t of triggers) if (first === null || t.start < first.start) first = t;
  return first;
}
