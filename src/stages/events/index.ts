import type { Stage } from '../../core/pipeline.js';
import type {
  ActorMention,
  AttributionCue,
  CountMention,
  DateMention,
  Doc,
  EventActor,
  LangCode,
  PlaceMention,
  SitrepEvent,
  Span,
  Stance,
  TriggerMention,
} from '../../core/types.js';
import { SitrepError } from '../../core/errors.js';
import { splitClauses, type Clause } from './clauses.js';
import { chooseActors, chooseDate, choosePlace, isDemonymPlace, tokenAt, type ArgumentScope, type Chosen } from './arguments.js';
import { cueEndsAt, findCues, type EventCueData } from './cues.js';
import { langData, memoize } from '../../core/data.js';
import { fold } from '../../core/text.js';
import { groupBySentence } from '../../core/group.js';
import { refineAcled } from './refiners.js';

/** An event while it is being built: mentions, not yet output objects. */
interface Candidate {
  trigger: TriggerMention;
  triggers: TriggerMention[];
  sentence: number;
  clause: Clause;
  type: TriggerMention['type'];
  mode: string | null;
  acled: TriggerMention['acled'];
  source: ActorMention[];
  sourceRule: string;
  target: ActorMention[];
  targetRule: string;
  place: Chosen<PlaceMention> | null;
  date: Chosen<DateMention> | null;
  /** Dates of the clauses the event's figures came from ("depuis mercredi dernier"). */
  countDates: DateMention[];
  counts: { count: CountMention; by: ActorMention | null; rule: string }[];
  attribution: { stance: Stance; cue: AttributionCue; by: ActorMention | null; rule: string } | null;
  historical: boolean;
  /** The doer is an indefinite pronoun ("ceux qui", "those who"). */
  indefinite: boolean;
  /** The trigger word has a finite verb ending ("protested") whatever its part of speech tag. */
  finiteVerb: boolean;
  evidence: Span[];
  evidenceKeys: Set<string>;
  rules: string[];
}

const DAY_MS = 86_400_000;
/** Trigger priority of casualty verbs (kill, injure) in the lexicons: they name a toll more than an act. */
const CASUALTY_PRIORITY = 35;
/** Events that ended this long before publication are background, not news. */
const HISTORICAL_DAYS = 90;

function isoToMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

/** Expands pronoun and collective mentions to the actors they stand for. */
function expand(list: readonly ActorMention[]): ActorMention[] {
  const out: ActorMention[] = [];
  for (const a of list) {
    if (a.refersTo && a.refersTo.length > 0) {
      for (const r of a.refersTo) out.push({ ...r, start: a.start, end: a.end, text: a.text, rule: a.rule });
    } else if (a.kind !== 'pronoun') out.push(a);
  }
  return out;
}

function dedupeActors(list: readonly ActorMention[]): ActorMention[] {
  const seen = new Set<string>();
  const out: ActorMention[] = [];
  for (const a of list) {
    const key = `${a.id}|${a.country ?? ''}|${a.sector ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

function overlaps(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

function actorKeys(list: readonly ActorMention[]): Set<string> {
  return new Set(expand(list).map((a) => `${a.country ?? '-'}|${a.sector ?? '-'}|${a.id}`));
}

/** Mentions grouped by sentence, so per-event look-ups do not scan the whole document. */
interface DocIndex {
  actors: ReadonlyMap<number, ActorMention[]>;
  triggers: ReadonlyMap<number, TriggerMention[]>;
  cues: ReadonlyMap<number, AttributionCue[]>;
  dates: ReadonlyMap<number, DateMention[]>;
  places: ReadonlyMap<number, PlaceMention[]>;
  /** First country-level (non-demonym) mention of each country. */
  countryPlaces: ReadonlyMap<string, PlaceMention>;
}

function indexDoc(doc: Doc): DocIndex {
  const countryPlaces = new Map<string, PlaceMention>();
  for (const p of doc.places) if (p.country && p.precision === 4 && !isDemonymPlace(p) && !countryPlaces.has(p.country)) countryPlaces.set(p.country, p);
  return {
    actors: groupBySentence(doc.actors),
    triggers: groupBySentence(doc.triggers),
    cues: groupBySentence(doc.cues),
    dates: groupBySentence(doc.dates),
    places: groupBySentence(doc.places),
    countryPlaces,
  };
}

/** Per-sentence views of an argument scope, built once. */
function sentenceScopes(scope: ArgumentScope): (sentence: number) => ArgumentScope {
  const actors = groupBySentence(scope.actors);
  const places = groupBySentence(scope.places);
  const dates = groupBySentence(scope.dates);
  const cache = new Map<number, ArgumentScope>();
  return (sentence) => {
    let s = cache.get(sentence);
    if (!s) {
      s = { ...scope, actors: actors.get(sentence) ?? [], places: places.get(sentence) ?? [], dates: dates.get(sentence) ?? [] };
      cache.set(sentence, s);
    }
    return s;
  };
}

/** Builds candidates from triggers, one per trigger, with arguments found around it. */
function buildCandidates(doc: Doc, lang: LangCode, scope: ArgumentScope): Candidate[] {
  const clausesBySentence = new Map<number, Clause[]>();
  for (const s of doc.sentences) clausesBySentence.set(s.index, splitClauses(s, doc.tokens, lang));
  const clauseOf = (t: TriggerMention): Clause => {
    const list = clausesBySentence.get(t.sentence) ?? [];
    return list.find((c) => t.start >= c.start && t.start < c.end) ?? (list[0] as Clause);
  };
  const live = doc.triggers.filter((t) => {
    const sentence = doc.sentences[t.sentence];
    if (!sentence || sentence.heading) return false;
    // "Avant l'offensive", "after the attack": a reference to an event told elsewhere, not a report.
    const first = tokenAt(doc.tokens, t.start, sentence.tokenStart, sentence.tokenEnd);
    if (t.pos === 'noun' && cueEndsAt(doc.tokens, lang, 'referencePrepositions', first, sentence.tokenStart)) return false;
    // "avec le soutien de la Russie" names a co-source of another event, not an event of its own.
    if (findCues(doc.tokens, lang, 'coSourcePhrases', Math.max(sentence.tokenStart, first - 4), Math.min(sentence.tokenEnd, first + 6)).some((m) => m.start <= t.start && m.end >= t.end)) return false;
    // Purpose, plan or preparation: "pour protéger", "se préparaient à une contre-attaque" did not happen (yet).
    if (findCues(doc.tokens, lang, 'irrealisCues', Math.max(sentence.tokenStart, first - 8), first).length > 0) return false;
    // "un mandat d'arrêt… pour son rôle dans des crimes de guerre, notamment des attaques": the charge, not a new event.
    if (findCues(doc.tokens, lang, 'accusationFrames', sentence.tokenStart, first).length > 0) return false;
    return true;
  });
  // "disperse the demonstrators", "unidentified gunmen abducted": a trigger word that names an actor is
  // an event only when nothing else in its sentence is.
  const actorsBySentence = groupBySentence(doc.actors);
  const overlapsActor = (t: TriggerMention): boolean => (actorsBySentence.get(t.sentence) ?? []).some((a) => a.start <= t.start && a.end >= t.end && a.kind !== 'pronoun');
  // "…to disperse the demonstrators, and 25 people were injured": an agentless casualty passive is the
  // toll of the sentence's other event, not an event of its own.
  const casualtyOnly = (t: TriggerMention): boolean => t.passive && (t.priority ?? 50) <= CASUALTY_PRIORITY;
  const liveBySentence = groupBySentence(live);
  const dropped = new Set<TriggerMention>();
  for (let i = live.length - 1; i >= 0; i--) {
    const t = live[i] as TriggerMention;
    const others = (liveBySentence.get(t.sentence) ?? []).filter((o) => o !== t && !dropped.has(o));
    if (overlapsActor(t) && others.some((o) => !overlapsActor(o))) dropped.add(t);
    // With an assault beside it the two halves merge instead (victims from one, doers from the other).
    else if (casualtyOnly(t) && others.some((o) => !casualtyOnly(o) && !overlapsActor(o)) && !others.some((o) => o.type === 'ASSAULT')) dropped.add(t);
  }
  for (let i = live.length - 1; i >= 0; i--) if (dropped.has(live[i] as TriggerMention)) live.splice(i, 1);
  const clausesWithEvents = new Set(live.map(clauseOf));
  const out: Candidate[] = [];
  const narrow = sentenceScopes(scope);
  for (const t of live) {
    const clause = clauseOf(t);
    const sentenceClauses = clausesBySentence.get(t.sentence) ?? [clause];
    // Argument rules look inside the trigger's sentence only; handing them that sentence's mentions
    // keeps the stage linear in the document's length.
    const local = narrow(t.sentence);
    const chosen = chooseActors(t, clause, sentenceClauses, local);
    let source = chosen.source;
    const target = chosen.target;
    if (clause.participial && source?.rule === 'event.source.previous-clause') {
      // ", killing 12 soldiers": the doer is the subject of the main clause, not the nearest noun.
      const main = out.filter((c) => c.sentence === t.sentence && c.clause !== clause && c.source.length > 0 && c.clause.end <= clause.start).pop();
      if (main) source = { value: main.source, rule: 'event.source.participle-subject' };
    }
    const continues = clause.participial || clause.temporal || source?.rule === 'event.source.previous-clause';
    const committed = commitment(doc, lang, t, clause);
    out.push({
      trigger: t,
      triggers: [t],
      sentence: t.sentence,
      clause,
      type: committed?.type ?? t.type,
      mode: committed ? t.type.toLowerCase() : t.mode,
      acled: committed ? null : t.acled ? { ...t.acled } : null,
      source: source?.value ?? [],
      sourceRule: source?.rule ?? '',
      target: target?.value ?? [],
      targetRule: target?.rule ?? '',
      place: choosePlace(t, clause, local, [...(source?.value ?? []), ...(target?.value ?? [])]),
      date: openEnded(chooseDate(t, clause, sentenceClauses, clausesWithEvents, local, continues), doc.published, lang),
      countDates: [],
      counts: [],
      attribution: null,
      historical: false,
      indefinite: chosen.indefinite,
      finiteVerb: finiteVerb(t, lang),
      evidence: [{ start: clause.start, end: clause.end }],
      evidenceKeys: new Set([`${clause.start}:${clause.end}`]),
      rules: committed ? [t.rule, committed.rule] : [t.rule],
    });
  }
  return out;
}

/**
 * "Les insurgés occupent Alep depuis 2016": a "since" date on an event runs to publication, so the
 * event is current, not a 2016 event.
 */
function openEnded(chosen: Chosen<DateMention> | null, published: string | null, lang: LangCode): Chosen<DateMention> | null {
  // Only a date in the event's own clause: "depuis 2016, année au cours de laquelle…" dates the later clause by 2016 itself.
  if (!chosen || !published || chosen.rule !== 'event.date.clause' || chosen.value.endDate >= published) return chosen;
  const text = fold(chosen.value.text);
  const prefixes = memoize(`events.openEnded.${lang}`, () => langData<EventCueData>(lang, 'events').openEndedPrefixes.map(fold));
  if (!prefixes.some((p) => text.startsWith(`${p} `))) return chosen;
  return { value: { ...chosen.value, endDate: published }, rule: `${chosen.rule}+event.date.open-ended` };
}

function finiteVerb(t: TriggerMention, lang: LangCode): boolean {
  const last = fold(t.text).split(/\s+/).pop() ?? '';
  return langData<EventCueData>(lang, 'events').finiteVerbSuffixes.some((sfx) => last.length > sfx.length + 2 && last.endsWith(sfx));
}

/** Types a promise of force turns into a threat; any other promised act is an agreement to act. */
const FORCEFUL: ReadonlySet<string> = new Set(['ASSAULT', 'COERCE', 'SANCTION', 'MOBILIZE']);

/**
 * "Portugal will support…", "les rebelles ont accepté de libérer…": an act promised, not done. PLOVER
 * codes the promise (AGREE, or THREATEN for force) and ACLED codes nothing yet. Triggers that are
 * themselves statements of intent (appeals, threats) keep their type.
 */
function commitment(doc: Doc, lang: LangCode, t: TriggerMention, clause: Clause): { type: TriggerMention['type']; rule: string } | null {
  if (t.governs || t.type === 'AGREE' || t.type === 'THREATEN' || t.type === 'REQUEST') return null;
  const first = tokenAt(doc.tokens, t.start, clause.first, clause.last);
  const hit = findCues(doc.tokens, lang, 'commitmentCues', Math.max(clause.first, first - 3), first)[0];
  if (!hit) return null;
  return FORCEFUL.has(t.type) ? { type: 'THREATEN', rule: 'event.type.commitment-threat' } : { type: 'AGREE', rule: 'event.type.commitment' };
}

/** Two triggers of one happening in one sentence ("se sont emparés d'Alep, prenant le contrôle de l'aéroport"). */
function sameSentenceMergeable(a: Candidate, b: Candidate): boolean {
  if (a.sentence !== b.sentence || a.type !== b.type) return false;
  // "Vingt civils ont été tués lors d'une attaque de djihadistes": a victim-only report and a doer-only
  // attack in one sentence are one assault.
  if (a.type === 'ASSAULT' && complementary(a, b)) return true;
  // "X shelled and machine-gunned the positions of Y": one assault told weapon by weapon; the strongest
  // trigger's ACLED type wins when they merge.
  if (a.type === 'ASSAULT' && sameDoers(a.source, b.source) && sameSide(a.target, b.target)) return true;
  // Only a later trigger with no participants of its own continues the first one; "l'offensive sur
  // Alep… notamment des attaques du gouvernement" are two events.
  // …or a noun naming the same act in the verb's own clause ("a dispersé les manifestants à coups de gaz lacrymogène").
  const continues =
    b.source.length === 0 ||
    b.sourceRule === 'event.source.previous-clause' ||
    b.sourceRule === 'event.source.participle-subject' ||
    (a.clause === b.clause && ((b.trigger.pos === 'noun' && a.trigger.pos === 'verb') || a.trigger.id === b.trigger.id));
  if (!continues) return false;
  // ", killing 12 soldiers" continues "attacked" even though a casualty verb defaults to another ACLED type.
  if (a.acled?.subEventType !== b.acled?.subEventType && !(a.type === 'ASSAULT' && b.clause.participial)) return false;
  if (b.target.length === 0 || a.target.length === 0) return true;
  const ta = actorKeys(a.target);
  return [...actorKeys(b.target)].some((k) => ta.has(k));
}

/** Both unnamed, or the same actors: "l'offensive sur Alep… des attaques du gouvernement" are two events. */
function sameDoers(x: readonly ActorMention[], y: readonly ActorMention[]): boolean {
  if (x.length === 0 && y.length === 0) return true;
  if (x.length === 0 || y.length === 0) return false;
  return sameSide(x, y);
}

/** Same actors, or one side unnamed. */
function sameSide(x: readonly ActorMention[], y: readonly ActorMention[]): boolean {
  if (x.length === 0 || y.length === 0) return true;
  const kx = actorKeys(x);
  return [...actorKeys(y)].some((k) => kx.has(k));
}

function complementary(a: Candidate, b: Candidate): boolean {
  const victimsOnly = (c: Candidate): boolean => c.source.length === 0 && c.target.length > 0;
  const doerOnly = (c: Candidate): boolean => c.source.length > 0 && c.target.length === 0;
  return (victimsOnly(a) && doerOnly(b)) || (doerOnly(a) && victimsOnly(b));
}

/** The same happening told again later in the article ("l'offensive" in several sentences). */
function docMergeable(a: Candidate, b: Candidate): boolean {
  if (a.type !== b.type || a.historical !== b.historical) return false;
  if ((a.acled?.subEventType ?? null) !== (b.acled?.subEventType ?? null)) return false;
  if (a.date && b.date && !overlaps(a.date.value, b.date.value)) return false;
  if (a.place && b.place && a.place.value.country !== b.place.value.country) return false;
  const sa = actorKeys(a.source);
  const sb = actorKeys(b.source);
  const sameTrigger = a.trigger.id === b.trigger.id;
  const samePlace = a.place !== null && b.place !== null && a.place.value.precision < 4 && a.place.value.name === b.place.value.name && a.place.value.country === b.place.value.country;
  if (sa.size > 0 && sb.size > 0) return [...sb].some((k) => sa.has(k)) && (sameTrigger || samePlace || a.trigger.pos === 'noun' || b.trigger.pos === 'noun');
  if (sa.size > 0 && sb.size > 0) return false;
  // "Les combats de 2016" after "la campagne militaire… 2016": an unattributed noun retelling a dated event.
  const retelling = (x: Candidate, y: Candidate): boolean => x.trigger.pos === 'noun' && actorKeys(x.source).size === 0 && x.date !== null && y.date !== null;
  return sameTrigger || retelling(a, b) || retelling(b, a);
}

/** Adds evidence spans not yet held; a keyed set keeps merging linear when one happening is retold many times. */
function addEvidence(c: Candidate, spans: readonly Span[]): void {
  for (const e of spans) {
    const key = `${e.start}:${e.end}`;
    if (c.evidenceKeys.has(key)) continue;
    c.evidenceKeys.add(key);
    c.evidence.push(e);
  }
}

function mergeInto(a: Candidate, b: Candidate, rule: string): void {
  a.triggers.push(...b.triggers);
  // The attack noun carries the better ACLED default than the casualty verb; refiners then recode it.
  if (a.acled?.subEventType !== b.acled?.subEventType) {
    const pa = a.trigger.priority ?? 0;
    const pb = b.trigger.priority ?? 0;
    if (pb > pa || (pb === pa && a.source.length === 0 && b.source.length > 0)) a.acled = b.acled;
  }
  a.target = dedupeActors([...a.target, ...b.target]);
  // A mention that is the target of the merged event is not also its doer.
  a.source = dedupeActors([...a.source, ...b.source.filter((x) => !a.target.includes(x) || a.source.length === 0)]);
  a.sourceRule ||= b.sourceRule;
  a.targetRule ||= b.targetRule;
  if (!a.place || (b.place && b.place.value.precision < a.place.value.precision && b.sentence === a.sentence)) a.place = a.place ?? b.place;
  const fine = (d: Chosen<DateMention>): boolean => d.value.precision === 'day' || d.value.precision === 'week';
  if (a.date && b.date && a.date.value !== b.date.value && fine(a.date) !== fine(b.date)) {
    // "samedi" and "depuis 2016" for one capture: the finer date is the event's.
    if (fine(b.date)) a.date = b.date;
  } else if (a.date && b.date && a.date.value !== b.date.value) {
    // Two tellings of one happening: its time is the span they cover together.
    const start = a.date.value.startDate < b.date.value.startDate ? a.date.value : b.date.value;
    const end = a.date.value.endDate > b.date.value.endDate ? a.date.value : b.date.value;
    if (start !== a.date.value || end !== a.date.value) {
      a.date = { value: { ...start, endDate: end.endDate, precision: start.precision }, rule: `${a.date.rule}+event.date.hull` };
    }
  } else a.date ??= b.date;
  a.counts.push(...b.counts);
  a.countDates.push(...b.countDates);
  addEvidence(a, b.evidence);
  for (const r of b.rules) if (!a.rules.includes(r)) a.rules.push(r);
  if (!a.rules.includes(rule)) a.rules.push(rule);
}

/** How many earlier events a new one is compared with for merging: a retelling comes within an article's reach. */
const MERGE_WINDOW = 60;

function mergeCandidates(list: Candidate[], mergeable: (a: Candidate, b: Candidate) => boolean, rule: string): Candidate[] {
  const out: Candidate[] = [];
  for (const c of list) {
    const host = out.slice(-MERGE_WINDOW).find((o) => mergeable(o, c));
    if (host) mergeInto(host, c, rule);
    else out.push(c);
  }
  return out;
}

/** Figures go to the violent event of their sentence, else to the latest one in the three before. */
function attachCounts(doc: Doc, index: DocIndex, cands: Candidate[]): void {
  const violent = (c: Candidate): boolean => c.type === 'ASSAULT' || c.type === 'COERCE';
  const bySentence = groupBySentence(cands);
  for (const count of doc.counts) {
    const same = (bySentence.get(count.sentence) ?? []).filter(violent);
    let host = same.reduce<Candidate | undefined>((b, c) => (b === undefined || Math.abs(c.trigger.start - count.start) < Math.abs(b.trigger.start - count.start) ? c : b), undefined);
    let rule = 'event.count.sentence';
    if (!host) {
      for (let k = count.sentence - 1; k >= count.sentence - 3 && !host; k--) host = (bySentence.get(k) ?? []).filter((c) => violent(c) && !c.historical).pop();
      rule = 'event.count.previous-sentence';
      if (host) {
        const ownDates = index.dates.get(count.sentence) ?? [];
        host.countDates.push(...ownDates);
      }
    }
    if (!host) continue;
    // The speaker of a figure is the attribution nearest to it ("…ont trouvé la mort, selon l'OSDH").
    // A "selon X" after the figure scopes it more narrowly than a reporting verb before it.
    const speakers = (index.cues.get(count.sentence) ?? []).filter((q) => q.kind === 'source' && q.by !== null);
    const cue = speakers.find((q) => q.start >= count.end) ?? speakers.filter((q) => q.end <= count.start).pop() ?? speakers[0];
    host.counts.push({ count, by: cue?.by ?? null, rule });
  }
}

/** Stance from the cues of the event's sentence: a denial in scope wins, then hearsay, then a source. */
function attribute(index: DocIndex, c: Candidate): void {
  const cues = index.cues.get(c.sentence) ?? [];
  const denial = cues.find((q) => q.kind === 'denial' && q.start < c.trigger.start);
  const source = cues.find((q) => q.kind === 'source' && q.by !== null) ?? cues.find((q) => q.kind === 'source');
  if (denial) {
    c.attribution = { stance: 'denied', cue: denial, by: denial.by ?? source?.by ?? null, rule: 'event.stance.denial' };
    return;
  }
  const hearsay = cues.find((q) => q.kind === 'hearsay');
  // The French conditional reports hearsay, unless it is tense agreement in reported speech ("a déclaré que la Syrie défendrait").
  const conditional = cues.find((q) => q.kind === 'conditional' && q.end <= c.trigger.end + 1 && q.start >= c.clause.start && (!source || source.start > q.start));
  if (hearsay || conditional) {
    const cue = (hearsay ?? conditional) as AttributionCue;
    c.attribution = { stance: 'reported', cue, by: source?.by ?? null, rule: hearsay ? 'event.stance.hearsay' : 'event.stance.conditional' };
    return;
  }
  if (source) c.attribution = { stance: 'asserted', cue: source, by: source.by, rule: 'event.stance.source' };
}

function markHistorical(doc: Doc, lang: LangCode, c: Candidate): void {
  const published = doc.published;
  if (published && c.date) {
    if (isoToMs(c.date.value.endDate) < isoToMs(published) - HISTORICAL_DAYS * DAY_MS) {
      c.historical = true;
      c.rules.push('event.historical.date');
      return;
    }
  }
  const sentence = doc.sentences[c.sentence];
  if (!sentence) return;
  const before = tokenAt(doc.tokens, c.trigger.start, sentence.tokenStart, sentence.tokenEnd);
  if (findCues(doc.tokens, lang, 'historicalCues', sentence.tokenStart, before).length > 0) {
    c.historical = true;
    c.rules.push('event.historical.cue');
  }
}

/**
 * An undated event in the sentence right after a dated one, in the same country, continues its story
 * ("Thousands marched in Khartoum on Thursday. Police fired tear gas…").
 */
function fillDate(index: DocIndex, c: Candidate, bySentence: ReadonlyMap<number, Candidate[]>): void {
  if (c.date || c.historical) return;
  if (index.dates.has(c.sentence)) return;
  // Only when the two share a participant or a named place: a new subject in a new place is a new incident.
  const keys = actorKeys([...c.source, ...c.target]);
  const related = (o: Candidate): boolean =>
    [...actorKeys([...o.source, ...o.target])].some((k) => keys.has(k)) ||
    (o.place !== null && c.place !== null && o.place.value.precision < 4 && o.place.value.geonameId === c.place.value.geonameId && o.place.value.name === c.place.value.name);
  const prev = (bySentence.get(c.sentence - 1) ?? []).filter((o) => o.date && !o.historical && o.date.value.precision === 'day' && related(o)).pop();
  if (!prev?.date) return;
  c.date = { value: prev.date.value, rule: 'event.date.previous-sentence' };
}

/** Country most places and actors of the article are in: the default theatre. */
function mainCountry(doc: Doc): string | null {
  const votes = new Map<string, number>();
  for (const p of doc.places) if (p.country) votes.set(p.country, (votes.get(p.country) ?? 0) + (p.precision === 4 ? 1 : 2));
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of votes) if (v > n) [best, n] = [k, v];
  return best;
}

/** Places for events whose sentence names none: the actor's own country, the recent place, the theatre. */
function fillPlace(doc: Doc, index: DocIndex, c: Candidate, theatre: string | null): void {
  if (c.place) return;
  const countryPlace = (iso: string): PlaceMention | undefined => index.countryPlaces.get(iso);
  const first = c.source[0];
  const official = first && first.country && (first.sector === 'GOV' || first.sector === 'JUD' || first.sector === 'LEG') ? first : undefined;
  if (official?.country && official.country !== theatre) {
    const p = countryPlace(official.country);
    if (p) {
      c.place = { value: p, rule: 'event.place.actor-country' };
      return;
    }
  }
  const recent: PlaceMention[] = [];
  for (let k = c.sentence - 3; k < c.sentence; k++) for (const p of index.places.get(k) ?? []) if (!isDemonymPlace(p)) recent.push(p);
  const specific = recent.filter((p) => p.precision <= 3).pop();
  if (specific) {
    c.place = { value: specific, rule: 'event.place.previous-sentence' };
    return;
  }
  const country = recent.pop() ?? (theatre ? countryPlace(theatre) : undefined);
  if (country) c.place = { value: country, rule: 'event.place.theatre' };
}

function toActor(a: ActorMention, rule: string): EventActor {
  return { name: a.name, text: a.text, country: a.country, sector: a.sector, id: a.id, start: a.start, end: a.end, rule };
}

function output(doc: Doc, c: Candidate, n: number): SitrepEvent {
  const text = doc.text;
  const place = c.place?.value;
  const date = c.date?.value;
  return {
    id: `${doc.id}#e${n}`,
    type: c.type,
    mode: c.mode,
    acled: c.acled,
    trigger: { start: c.trigger.start, end: c.trigger.end, text: c.trigger.text },
    source: expand(c.source).map((a) => toActor(a, c.sourceRule)),
    target: expand(c.target).map((a) => toActor(a, c.targetRule)),
    location: place
      ? {
          name: place.name,
          text: place.text,
          country: place.country,
          admin1: place.admin1,
          lat: place.lat,
          lon: place.lon,
          geonameId: place.geonameId,
          precision: place.precision,
          start: place.start,
          end: place.end,
          rule: `${place.rule}+${c.place?.rule}`,
        }
      : null,
    date: date
      ? { start: date.startDate, end: date.endDate, precision: date.precision, text: date.text, charStart: date.start, charEnd: date.end, rule: `${date.rule}+${c.date?.rule}` }
      : null,
    counts: c.counts.map(({ count, by, rule }) => ({
      kind: count.kind,
      value: count.value,
      qualifier: count.qualifier,
      low: count.low,
      high: count.high,
      by: by?.name ?? null,
      text: count.text,
      start: count.start,
      end: count.end,
      rule: `${count.rule}+${rule}`,
    })),
    attribution: c.attribution
      ? { by: c.attribution.by?.name ?? null, stance: c.attribution.stance, text: c.attribution.cue.text, start: c.attribution.cue.start, end: c.attribution.cue.end, rule: `${c.attribution.cue.rule}+${c.attribution.rule}` }
      : null,
    historical: c.historical,
    evidence: c.evidence.sort((a, b) => a.start - b.start).map((e) => ({ start: e.start, end: e.end, text: text.slice(e.start, e.end) })),
    rules: c.rules,
  };
}

const SECURITY: ReadonlySet<string> = new Set(['COP', 'MIL', 'GOV', 'SPY']);

/**
 * ACLED codes a protest that the police broke up as one event, "Protest with intervention" (or
 * "Excessive force against protesters" when they killed): the security forces' act in the same or the
 * next sentence folds into the protest.
 */
function foldInterventions(cands: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cands) {
    const protest = out.find((p) => p.type === 'PROTEST' && p.acled?.eventType === 'Protests' && c.sentence >= p.sentence && c.sentence <= p.sentence + 1);
    const forceful = (c.type === 'COERCE' || c.type === 'ASSAULT') && c.source.length > 0 && c.source.every((a) => a.sector !== null && SECURITY.has(a.sector));
    const intervention = c.acled?.subEventType === 'Protest with intervention' || c.acled?.subEventType === 'Excessive force against protesters';
    if (protest && (forceful || intervention) && !c.historical) {
      const killed = c.counts.some((n) => n.count.kind === 'killed' && n.count.value > 0) || c.acled?.subEventType === 'Excessive force against protesters';
      protest.acled = { eventType: 'Protests', subEventType: killed ? 'Excessive force against protesters' : 'Protest with intervention' };
      protest.target = dedupeActors([...protest.target, ...c.source]);
      protest.counts.push(...c.counts);
      addEvidence(protest, c.evidence);
      protest.rules.push(...c.rules, 'acled.refine.protest-intervention');
      continue;
    }
    out.push(c);
  }
  return out;
}

/**
 * ACLED recodings that need the words around the event, not just its participants:
 * a protest whose crowd threw stones or burned tyres is a violent demonstration (a riot); an attack
 * with no armed opponent and no military object ("gunmen attacked the village") is violence against
 * civilians.
 */
function recodeByContext(doc: Doc, index: DocIndex, lang: LangCode, c: Candidate): void {
  const sentence = doc.sentences[c.sentence];
  if (!sentence || c.historical) return;
  if (c.type === 'PROTEST' && c.acled?.eventType === 'Protests') {
    const next = doc.sentences[c.sentence + 1];
    const to = next ? next.tokenEnd : sentence.tokenEnd;
    if (findCues(doc.tokens, lang, 'protestViolenceCues', sentence.tokenStart, to).length > 0) {
      c.acled = { eventType: 'Riots', subEventType: 'Violent demonstration' };
      c.rules.push('acled.refine.violent-demonstration');
    }
    return;
  }
  if (c.acled?.subEventType === 'Abduction/forced disappearance') {
    // "abducted two men… they were later found executed": ACLED codes the killing, an attack.
    const nearby = [0, 1, 2].flatMap((k) => index.triggers.get(c.sentence + k) ?? []);
    const killed = nearby.some((t) => t.acled?.eventType === 'Violence against civilians' && t.acled.subEventType === 'Attack' && /kill|execut|murder|tu[eé]|assassin|abatt/.test(t.id));
    if (killed) {
      c.acled = { eventType: 'Violence against civilians', subEventType: 'Attack' };
      c.rules.push('acled.refine.abducted-then-killed');
    }
    return;
  }
  if (c.type === 'ASSAULT' && c.acled?.eventType === 'Battles' && c.acled.subEventType === 'Armed clash' && c.target.length === 0) {
    if (c.triggers.some((t) => /clash|combat|fight|affrontement|accroch/.test(t.id))) return;
    const armed = (index.actors.get(c.sentence) ?? []).filter((a) => a.sector !== null && ['MIL', 'REB', 'COP', 'UAF', 'SPY'].includes(a.sector));
    const sourceIds = new Set(c.source.map((a) => a.id));
    if (armed.some((a) => !sourceIds.has(a.id))) return;
    if (findCues(doc.tokens, lang, 'militaryObjects', sentence.tokenStart, sentence.tokenEnd).length > 0) return;
    c.acled = { eventType: 'Violence against civilians', subEventType: 'Attack' };
    c.rules.push('acled.refine.no-armed-opponent');
  }
}

/**
 * Keeps events that say who, to whom, how many, where or when; a bare noun ("5 ans de trêve") says
 * nothing checkable. A place or date counts only when the event's own sentence gives it.
 */
function informative(c: Candidate): boolean {
  if (c.source.length > 0 || c.target.length > 0 || c.counts.length > 0) return true;
  const ownPlace = c.place !== null && (c.place.rule === 'event.place.clause' || c.place.rule === 'event.place.sentence') && c.place.value.precision < 4;
  const ownDate = c.date !== null && (c.date.rule === 'event.date.clause' || c.date.rule === 'event.date.sentence');
  // A verb in the article's own voice reports an act even when its doer is not in the dictionary
  // ("entrepreneurs protested"); an indefinite doer ("ceux qui les soutiennent") reports none.
  const verb = (c.trigger.pos === 'verb' || c.finiteVerb) && !c.indefinite;
  return ownPlace || verb || (ownDate && c.acled !== null);
}

/** Builds events from the mentions: arguments, figures, stance, history, merging and ACLED coding. */
export function buildEvents(doc: Doc): SitrepEvent[] {
  const lang = doc.language;
  if (lang === null) throw new SitrepError('E_PIPELINE', 'events need a detected language, found none');
  const speakers = new Set<ActorMention>();
  // A speaker is excluded as a participant only where it speaks; a collective "les quatre gouvernements"
  // refers back to mentions that may be participants in their own sentence.
  for (const q of doc.cues) if (q.by && q.kind !== 'denial' && q.by.sentence === q.sentence) speakers.add(q.by);
  const cueStarts = doc.cues.filter((q) => q.kind === 'source').map((q) => q.start).sort((a, b) => a - b);
  // The mentions do not change in this stage: index them and find the theatre once.
  const index = indexDoc(doc);
  const theatre = mainCountry(doc);
  const scope: ArgumentScope = { lang, tokens: doc.tokens, actors: doc.actors, places: doc.places, dates: doc.dates, speakers, cueStarts, theatre };
  let cands = buildCandidates(doc, lang, scope);
  cands = mergeCandidates(cands, sameSentenceMergeable, 'event.merge.sentence');
  for (const c of cands) markHistorical(doc, lang, c);
  attachCounts(doc, index, cands);
  for (const c of cands) attribute(index, c);
  cands = mergeCandidates(cands, docMergeable, 'event.merge.document');
  const bySentence = groupBySentence(cands);
  for (const c of cands) {
    if (c.countDates.length > 0) {
      // A toll "depuis mercredi" dates the fighting it counts, when that reaches back further.
      // Day-precise tolls ("depuis mercredi") beat vague ones ("ces derniers jours").
      const rank = (d: DateMention): string => `${d.precision === 'day' ? 0 : 1}${d.startDate}`;
      const earliest = c.countDates.reduce((a, b) => (rank(a) <= rank(b) ? a : b));
      if (!c.date || (earliest.startDate < c.date.value.startDate && earliest.endDate >= c.date.value.startDate)) {
        c.date = { value: c.date ? { ...earliest, endDate: c.date.value.endDate > earliest.endDate ? c.date.value.endDate : earliest.endDate } : earliest, rule: 'event.date.count-clause' };
      }
    }
    fillDate(index, c, bySentence);
    fillPlace(doc, index, c, theatre);
    refineAcled(c);
  }
  const kept = foldInterventions(cands.filter(informative));
  for (const c of kept) recodeByContext(doc, index, lang, c);
  return kept.map((c, i) => output(doc, c, i + 1));
}

/** Assembles events from all mentions. */
export const eventsStage: Stage = {
  name: 'events',
  requires: ['tokens', 'sentences', 'language', 'actors', 'places', 'dates', 'counts', 'triggers', 'cues'],
  provides: ['events'],
  run(doc: Doc): Doc {
    return { ...doc, events: buildEvents(doc) };
  },
};
