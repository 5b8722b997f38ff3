import type { ActorMention, Sector } from '../../core/types.js';

/** The part of an event candidate that ACLED refiners read and rewrite. */
export interface AcledSubject {
  type: string;
  acled: { eventType: string; subEventType: string } | null;
  source: readonly ActorMention[];
  target: readonly ActorMention[];
  rules: string[];
}

const STATE: ReadonlySet<Sector> = new Set(['GOV', 'MIL', 'COP', 'SPY']);
const ARMED: ReadonlySet<Sector> = new Set(['MIL', 'REB', 'COP', 'SPY', 'UAF']);
const CIVIL: ReadonlySet<Sector> = new Set(['CVL', 'REF', 'MED', 'EDU', 'HLH', 'REL', 'AGR', 'LAB', 'BUS', 'NGO']);

/** Civilians described as armed are an armed group for ACLED ("armed pastoralists attacked farmers"). */
const ARMED_WORDS = /\b(?:armed|arm[ée]e?s?|gunmen|militia|milice)\b/iu;

const sectors = (list: readonly ActorMention[]): Sector[] => list.map((a) => a.sector).filter((s): s is Sector => s !== null);

/** A refiner rewrites the ACLED coding of an event from its arguments; it returns true when it fired. */
interface AcledRefiner {
  id: string;
  apply(e: AcledSubject): boolean;
}

/**
 * ACLED codes an event by who did it to whom, not by the verb alone: a capture by state forces is
 * "Government regains territory", a killing of civilians is "Violence against civilians", a fight
 * against armed men is a battle. The trigger gives a default; these refiners fix it, in order.
 */
export const ACLED_REFINERS: readonly AcledRefiner[] = [
  {
    id: 'acled.refine.government-regains',
    apply(e) {
      if (e.acled?.subEventType !== 'Non-state actor overtakes territory') return false;
      const src = sectors(e.source);
      if (src.length === 0 || !src.every((s) => STATE.has(s))) return false;
      e.acled = { eventType: 'Battles', subEventType: 'Government regains territory' };
      return true;
    },
  },
  {
    // Villagers, residents, a mob: violence by unorganised civilians is a riot, by protesters a violent demonstration.
    id: 'acled.refine.civilian-attackers',
    apply(e) {
      if (e.type !== 'ASSAULT' || e.acled === null || e.acled.eventType === 'Riots') return false;
      if (e.acled.eventType === 'Explosions/Remote violence') return false;
      const src = sectors(e.source);
      if (src.length === 0 || !src.every((s) => s === 'CVL')) return false;
      // A crowd, not "a man" (often the victim of an agentless report), and not "armed pastoralists".
      if (!e.source.every((a) => a.plural && !ARMED_WORDS.test(a.text))) return false;
      const protesters = e.source.some((a) => /protest|demonstr|manifest/i.test(a.id));
      e.acled = { eventType: 'Riots', subEventType: protesters ? 'Violent demonstration' : 'Mob violence' };
      return true;
    },
  },
  {
    id: 'acled.refine.civilian-target',
    apply(e) {
      if (e.acled?.eventType !== 'Battles' || e.acled.subEventType !== 'Armed clash') return false;
      const tgt = sectors(e.target);
      if (tgt.length === 0 || tgt.some((s) => ARMED.has(s) || s === 'GOV')) return false;
      e.acled = { eventType: 'Violence against civilians', subEventType: 'Attack' };
      return true;
    },
  },
  {
    id: 'acled.refine.armed-target',
    apply(e) {
      if (e.acled?.eventType !== 'Violence against civilians' || e.acled.subEventType !== 'Attack') return false;
      const tgt = sectors(e.target);
      if (tgt.length === 0 || !tgt.some((s) => ARMED.has(s))) return false;
      e.acled = { eventType: 'Battles', subEventType: 'Armed clash' };
      return true;
    },
  },
  {
    id: 'acled.refine.assault-default',
    apply(e) {
      if (e.type !== 'ASSAULT' || e.acled !== null) return false;
      const tgt = sectors(e.target);
      if (tgt.length > 0 && tgt.every((s) => CIVIL.has(s))) e.acled = { eventType: 'Violence against civilians', subEventType: 'Attack' };
      else e.acled = { eventType: 'Battles', subEventType: 'Armed clash' };
      return true;
    },
  },
  {
    id: 'acled.refine.protest-by-civilians',
    apply(e) {
      if (e.type !== 'PROTEST' || e.acled !== null) return false;
      e.acled = { eventType: 'Protests', subEventType: 'Peaceful protest' };
      return true;
    },
  },
];

/** Runs every ACLED refiner in order and records which fired. */
export function refineAcled(e: AcledSubject): void {
  for (const r of ACLED_REFINERS) if (r.apply(e)) e.rules.push(r.id);
}
