import type { ActorMention, DateMention, LangCode, PlaceMention, Token, TriggerMention } from '../../core/types.js';
import type { Clause } from './clauses.js';
import { cueAt, cueEndsAt, findCues } from './cues.js';

/** A chosen argument with the rule that chose it. */
export interface Chosen<T> {
  value: T;
  rule: string;
}

/** What argument rules can see: the document's tokens and mentions, indexed by sentence. */
export interface ArgumentScope {
  lang: LangCode;
  tokens: readonly Token[];
  actors: readonly ActorMention[];
  places: readonly PlaceMention[];
  dates: readonly DateMention[];
  /** Actor mentions that are the speaker of an attribution cue: not event participants. */
  speakers: ReadonlySet<ActorMention>;
  /** Start offsets of attribution cues, sorted: an object search stops there. */
  cueStarts: readonly number[];
  /** Country most of the article's places are in, or null. */
  theatre: string | null;
}

/** Place mentions read off a demonym or adjective; the places stage marks them with this rule. */
export function isDemonymPlace(p: PlaceMention): boolean {
  return p.rule.startsWith('place.demonym');
}

/** Token index of the first token starting at or after a character offset. */
export function tokenAt(tokens: readonly Token[], offset: number, from: number, to: number): number {
  // Binary search: token ends increase along the document, and callers ask about whole documents too.
  let lo = Math.max(0, from);
  let hi = Math.min(to, tokens.length);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function inClause(m: { start: number; end: number }, c: Clause): boolean {
  return m.start >= c.start && m.end <= c.end;
}

function usable(a: ActorMention, scope: ArgumentScope): boolean {
  return !scope.speakers.has(a);
}

/**
 * Extends one actor into the coordinated list it belongs to ("Les États-Unis, l'Allemagne, la France
 * et le Royaume-Uni"): neighbours separated only by list connectors (commas, "et", articles).
 */
export function coordinated(anchor: ActorMention, candidates: readonly ActorMention[], scope: ArgumentScope, clause: Clause): ActorMention[] {
  const inside = candidates.filter((a) => inClause(a, clause) && usable(a, scope)).sort((a, b) => a.start - b.start);
  const idx = inside.indexOf(anchor);
  if (idx < 0) return [anchor];
  const out = [anchor];
  const joined = (left: ActorMention, right: ActorMention): boolean => {
    if (left.end > right.start) return false;
    const from = tokenAt(scope.tokens, left.end, clause.first, clause.last);
    const to = tokenAt(scope.tokens, right.start, from, clause.last);
    if (to - from > 5) return false;
    let i = from;
    while (i < to) {
      const m = cueAt(scope.tokens, scope.lang, 'listConnectors', i);
      if (!m || m.last > to) return false;
      i = m.last;
    }
    return true;
  };
  for (let i = idx - 1; i >= 0; i--) {
    const left = inside[i] as ActorMention;
    if (!joined(left, out[0] as ActorMention)) break;
    out.unshift(left);
  }
  for (let i = idx + 1; i < inside.length; i++) {
    const right = inside[i] as ActorMention;
    if (!joined(out[out.length - 1] as ActorMention, right)) break;
    out.push(right);
  }
  return out;
}

/** Nearest actor ending before the trigger, in the clause, then in the sentence before the clause. */
function subjectOf(trigger: TriggerMention, clause: Clause, sentenceClauses: readonly Clause[], scope: ArgumentScope, crossClause = true): Chosen<ActorMention[]> | null {
  const before = scope.actors.filter((a) => a.sentence === trigger.sentence && a.end <= trigger.start && usable(a, scope));
  const inOwn = before.filter((a) => inClause(a, clause));
  const pick = (list: ActorMention[]): ActorMention | undefined => list.reduce<ActorMention | undefined>((best, a) => (best === undefined || a.end > best.end ? a : best), undefined);
  const own = pick(inOwn);
  if (own) {
    // "les terroristes et ceux qui les soutiennent": the doer is "ceux", which names nobody.
    const from = tokenAt(scope.tokens, own.end, clause.first, clause.last);
    const to = tokenAt(scope.tokens, trigger.start, from, clause.last);
    if (findCues(scope.tokens, scope.lang, 'indefiniteSubjects', from, to).length > 0) return { value: [], rule: 'event.source.indefinite' };
    return { value: coordinated(own, scope.actors, scope, clause), rule: 'event.source.subject' };
  }
  // Relative and participial clauses ("qui ont marché", "prenant le contrôle") take the subject of the
  // clause before them.
  const prev = crossClause ? pick(before) : undefined;
  if (prev) {
    const prevClause = sentenceClauses.find((c) => inClause(prev, c)) ?? clause;
    return { value: coordinated(prev, scope.actors, scope, prevClause), rule: 'event.source.previous-clause' };
  }
  return null;
}

/** Actors after the trigger in its clause, optionally only after one of the cue phrases. */
function actorsAfter(trigger: TriggerMention, clause: Clause, scope: ArgumentScope, maxTokens: number): ActorMention[] {
  const startTok = tokenAt(scope.tokens, trigger.end, clause.first, clause.last);
  let stopTok = Math.min(startTok + maxTokens, clause.last);
  // "appelant à la désescalade pour protéger les civils": what follows a purpose or naming word is not the object.
  const stop = findCues(scope.tokens, scope.lang, 'objectStops', startTok, stopTok)[0];
  if (stop) stopTok = stop.first;
  // Nor what follows a reporting verb ("…près de Djibo, a rapporté l'AFP").
  const said = scope.cueStarts.find((s) => s > trigger.end && s < (scope.tokens[stopTok - 1]?.end ?? 0));
  if (said !== undefined) stopTok = tokenAt(scope.tokens, said, startTok, stopTok);
  const limit = scope.tokens[stopTok - 1];
  const end = stopTok > startTok && limit ? limit.end : trigger.end;
  return scope.actors
    .filter((a) => a.start >= trigger.end && a.end <= end && inClause(a, clause) && usable(a, scope))
    .sort((a, b) => a.start - b.start);
}

/** The actor list directly after one of the cue phrases, inside the clause. */
function afterCue(trigger: TriggerMention, clause: Clause, scope: ArgumentScope, list: 'targetPrepositions' | 'coSourcePhrases' | 'agentPrepositions'): ActorMention[] {
  const startTok = tokenAt(scope.tokens, trigger.start, clause.first, clause.last);
  for (const cue of findCues(scope.tokens, scope.lang, list, startTok, clause.last)) {
    const cueEnd = (scope.tokens[cue.last - 1] as Token).end;
    const next = scope.actors
      .filter((a) => a.start >= cueEnd && inClause(a, clause) && usable(a, scope))
      .sort((a, b) => a.start - b.start)[0];
    if (next === undefined) continue;
    const gapFrom = cue.last;
    const gapTo = tokenAt(scope.tokens, next.start, gapFrom, clause.last);
    if (gapTo - gapFrom <= 3) return coordinated(next, scope.actors, scope, clause);
  }
  return [];
}

/** "clashes between GNA and LNA forces", "des affrontements entre l'armée et des djihadistes". */
function betweenSides(trigger: TriggerMention, clause: Clause, scope: ArgumentScope): { source: Chosen<ActorMention[]>; target: Chosen<ActorMention[]> | null } | null {
  const startTok = tokenAt(scope.tokens, trigger.end, clause.first, clause.last);
  const cue = findCues(scope.tokens, scope.lang, 'betweenPrepositions', startTok, Math.min(clause.last, startTok + 3))[0];
  if (!cue) return null;
  const cueEnd = (scope.tokens[cue.last - 1] as Token).end;
  const first = scope.actors.filter((a) => a.start >= cueEnd && inClause(a, clause) && usable(a, scope)).sort((a, b) => a.start - b.start)[0];
  if (!first || tokenAt(scope.tokens, first.start, cue.last, clause.last) - cue.last > 3) return null;
  const list = coordinated(first, scope.actors, scope, clause);
  const [head, ...rest] = list;
  if (!head) return null;
  return { source: { value: [head], rule: 'event.source.between' }, target: rest.length > 0 ? { value: rest, rule: 'event.target.between' } : null };
}

/**
 * Source and target of an event. Verbs take their subject as source and object as target (swapped in
 * the passive, where "par X"/"by X" is the agent); nouns take "l'offensive des rebelles" as source and
 * "contre X" as target; "avec le soutien de X" adds co-sources.
 */
export function chooseActors(
  trigger: TriggerMention,
  clause: Clause,
  sentenceClauses: readonly Clause[],
  scope: ArgumentScope,
): { source: Chosen<ActorMention[]> | null; target: Chosen<ActorMention[]> | null; indefinite: boolean } {
  let source: Chosen<ActorMention[]> | null = null;
  let target: Chosen<ActorMention[]> | null = null;
  const sides = betweenSides(trigger, clause, scope);
  // Written out, not spread: a spread plus a new property gives each result a hidden class of its own in V8.
  if (sides) return { source: sides.source, target: sides.target, indefinite: false };
  if (trigger.pos === 'noun') {
    // "l'offensive (surprise) des rebelles": a complement right after the noun, before any "contre".
    const following = actorsAfter(trigger, clause, scope, 4)[0];
    if (following) {
      const from = tokenAt(scope.tokens, trigger.end, clause.first, clause.last);
      const to = tokenAt(scope.tokens, following.start, from, clause.last);
      const targetCue = findCues(scope.tokens, scope.lang, 'targetPrepositions', from, to).length > 0;
      const ofCue = cueEndsAt(scope.tokens, scope.lang, 'sourcePrepositionsAfterNoun', to, from) || cueEndsAt(scope.tokens, scope.lang, 'sourcePrepositionsAfterNoun', to + 1, from);
      if (ofCue && !targetCue && to - from <= 3) source = { value: coordinated(following, scope.actors, scope, clause), rule: 'event.source.noun-complement' };
    }
    // A noun's subject is the subject of the verb governing it in the same clause ("ont lancé une
    // offensive"), unless the noun is itself a passive's agent ("displaced by fighting").
    const at = tokenAt(scope.tokens, trigger.start, clause.first, clause.last);
    if (!cueEndsAt(scope.tokens, scope.lang, 'agentPrepositions', at, clause.first) && !cueEndsAt(scope.tokens, scope.lang, 'agentPrepositions', at - 1, clause.first)) {
      source ??= subjectOf(trigger, clause, sentenceClauses, scope, false);
    }
    const t = afterCue(trigger, clause, scope, 'targetPrepositions');
    if (t.length > 0) target = { value: t, rule: 'event.target.preposition' };
  } else if (trigger.passive) {
    const subj = subjectOf(trigger, clause, sentenceClauses, scope);
    if (subj) target = { value: subj.value, rule: 'event.target.passive-subject' };
    const agent = afterCue(trigger, clause, scope, 'agentPrepositions');
    if (agent.length > 0) source = { value: agent, rule: 'event.source.passive-agent' };
  } else {
    source = subjectOf(trigger, clause, sentenceClauses, scope);
    const viaPrep = afterCue(trigger, clause, scope, 'targetPrepositions');
    if (viaPrep.length > 0) target = { value: viaPrep, rule: 'event.target.preposition' };
    else {
      const obj = actorsAfter(trigger, clause, scope, 10).find((a) => !source?.value.includes(a));
      if (obj) target = { value: coordinated(obj, scope.actors, scope, clause), rule: 'event.target.object' };
    }
  }
  const co = afterCue(trigger, clause, scope, 'coSourcePhrases');
  if (co.length > 0) {
    const base = source?.value ?? [];
    source = { value: [...base, ...co.filter((a) => !base.includes(a))], rule: source ? `${source.rule}+event.source.co-source` : 'event.source.co-source' };
  }
  if (source && target) {
    // One mention cannot be both sides.
    target = { ...target, value: target.value.filter((a) => !source?.value.includes(a)) };
    if (target.value.length === 0) target = null;
  }
  const indefinite = source?.rule === 'event.source.indefinite';
  if (source && source.value.length === 0) source = null;
  return { source, target, indefinite };
}

/**
 * The place of an event: the most specific place in the trigger's clause (nearest to the trigger on a
 * tie), else in its sentence. Places inside actor names are not event places.
 */
export function choosePlace(trigger: TriggerMention, clause: Clause, scope: ArgumentScope, participants: readonly ActorMention[] = []): Chosen<PlaceMention> | null {
  // "avec le soutien de la Russie": a state named as a participant is not where the event happened.
  // A demonym ("Saudi-led coalition", "l'armée syrienne") names whose forces, not where things happened.
  // A place inside a longer actor name ("Luhansk People's Militia") names the actor, not the scene.
  const inName = (p: PlaceMention): boolean => scope.actors.some((a) => a.start <= p.start && a.end >= p.end && a.end - a.start > p.end - p.start);
  const inSentence = scope.places.filter(
    (p) => p.sentence === trigger.sentence && !isDemonymPlace(p) && !inName(p) && !participants.some((a) => a.start <= p.start && a.end >= p.end),
  );
  // Places after a locative ("in Coatzacoalcos", "près de Djibo") first, then the most specific, then the nearest.
  const locative = (p: PlaceMention): boolean => {
    const at = tokenAt(scope.tokens, p.start, 0, scope.tokens.length);
    return cueEndsAt(scope.tokens, scope.lang, 'locativePrepositions', at, Math.max(0, at - 6)) || cueEndsAt(scope.tokens, scope.lang, 'locativePrepositions', at - 1, Math.max(0, at - 7));
  };
  // A place in another country than the rest of the article ("Colonia" read as Uruguay in a Mexican
  // report) is a misreading more often than the scene.
  const foreign = (p: PlaceMention): boolean => scope.theatre !== null && p.country !== null && p.country !== scope.theatre;
  const rank = (p: PlaceMention): number =>
    (locative(p) ? 0 : 200_000) + (foreign(p) ? 100_000 : 0) + p.precision * 10_000 + Math.abs(p.start - trigger.start) + (p.start < trigger.start ? 50 : 0);
  const best = (list: PlaceMention[]): PlaceMention | undefined => list.reduce<PlaceMention | undefined>((b, p) => (b === undefined || rank(p) < rank(b) ? p : b), undefined);
  const own = best(inSentence.filter((p) => inClause(p, clause)));
  if (own) return { value: own, rule: 'event.place.clause' };
  const any = best(inSentence);
  if (any) return { value: any, rule: 'event.place.sentence' };
  return null;
}

/**
 * The date of an event: the date nearest the trigger in its clause, else a date in another clause of
 * the sentence when that clause has no event of its own.
 */
export function chooseDate(
  trigger: TriggerMention,
  clause: Clause,
  sentenceClauses: readonly Clause[],
  clausesWithEvents: ReadonlySet<Clause>,
  scope: ArgumentScope,
  continuesPrevious: boolean,
): Chosen<DateMention> | null {
  const inSentence = scope.dates.filter((d) => d.sentence === trigger.sentence);
  const nearest = (list: DateMention[]): DateMention | undefined =>
    list.reduce<DateMention | undefined>((b, d) => (b === undefined || Math.abs(d.start - trigger.start) < Math.abs(b.start - trigger.start) ? d : b), undefined);
  const own = nearest(inSentence.filter((d) => inClause(d, clause)));
  if (own) return { value: own, rule: 'event.date.clause' };
  if (continuesPrevious) {
    // "qui ont marché…", ", prenant le contrôle…": the clause goes on with the previous one's subject and time.
    const earlier = inSentence.filter((d) => d.end <= clause.start).pop();
    if (earlier) return { value: earlier, rule: 'event.date.previous-clause' };
  }
  const shared = nearest(
    inSentence.filter((d) => {
      const c = sentenceClauses.find((x) => inClause(d, x));
      return c !== undefined && !clausesWithEvents.has(c);
    }),
  );
  if (shared) return { value: shared, rule: 'event.date.sentence' };
  return null;
}
