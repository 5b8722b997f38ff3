import type { Stage } from '../../../core/pipeline.js';
import type { ActorMention, Doc, Sector, Token } from '../../../core/types.js';
import { SitrepError } from '../../../core/errors.js';
import { actorLexicon, type ActorEntry, type ActorLexicon, type GenericDef, type LexItem, type StateRecord } from './dictionary.js';
import { findPersons } from './persons.js';

export { actorLexicon } from './dictionary.js';
export { findPersons, personId, personsLexicon } from './persons.js';
export type { ActorEntry, ActorLexicon, GenericDef, LexItem, StateRecord } from './dictionary.js';

/** A dictionary match over the tokens, with the reading chosen among homonyms. */
interface Unit {
  first: number;
  last: number;
  item: LexItem;
  /** Several readings of the match disagree on the country. */
  ambiguous?: boolean;
}

/** True when an entry is in force on `date` (ISO day): validFrom inclusive, validTo exclusive. */
export function validOn(entry: { validFrom?: string; validTo?: string; terms?: { validFrom?: string; validTo?: string }[] }, date: string | null): boolean {
  if (date === null) return true;
  if (entry.terms !== undefined) return entry.terms.some((t) => validOn(t, date));
  const day = date.slice(0, 10);
  if (entry.validFrom !== undefined && day < entry.validFrom) return false;
  if (entry.validTo !== undefined && day >= entry.validTo) return false;
  return true;
}

const TYPE_RANK: Record<LexItem['type'], number> = { entity: 0, state: 1, generic: 2, demonym: 3, stop: 4 };

/** Where a mention sits in the text, before what it names is decided. */
type MentionSpan = Pick<ActorMention, 'start' | 'end' | 'text' | 'sentence'>;

/**
 * Builds a mention with the same properties in the same order as every other mention of this stage.
 * Spreading a span and adding properties (`{ ...span, name, ... }`) gives each object a hidden class
 * of its own in V8: actors then came in over a thousand shapes per few dozen articles, and every stage
 * that reads them ran slow megamorphic look-ups and re-optimised its code again and again.
 */
function mention(
  span: MentionSpan,
  name: string,
  country: string | null,
  sector: Sector | null,
  id: string,
  kind: ActorMention['kind'],
  plural: boolean,
  rule: string,
): ActorMention {
  return { start: span.start, end: span.end, text: span.text, sentence: span.sentence, name, country, sector, id, kind, plural, rule };
}

/**
 * Finds actor mentions: named entities (organisations, armed groups, media, persons), states used as
 * actors, and sector nouns ("les rebelles", "the Burkinabe army") whose country comes from an adjacent
 * demonym, a complement ("l'armée du Mali", "le gouvernement de Bachar al-Assad") or, failing those,
 * the country the article mentions most. Spans cover the whole noun phrase; every mention records its
 * rule id and sentence.
 */
export function findActors(doc: Doc): ActorMention[] {
  if (doc.language === null) throw new SitrepError('E_PIPELINE', 'the actors unit needs a detected language, found none');
  const lex = actorLexicon(doc.language);
  const tokens = doc.tokens;
  const units = matchUnits(lex, tokens, doc.published);
  const context = dominantCountry(units);
  const found = new ActorFinder(doc, lex, units, context).run();
  // People the dictionary does not know; findPersons skips tokens these mentions already cover.
  const persons = findPersons(doc, found);
  return persons.length === 0 ? found : [...found, ...persons].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Runs the matcher and keeps, for each match, the reading that fits case, context and date. */
function matchUnits(lex: ActorLexicon, tokens: readonly Token[], published: string | null): Unit[] {
  const raw = lex.matcher.findAll(tokens);
  const groups: { first: number; last: number; items: LexItem[] }[] = [];
  for (const m of raw) {
    const g = groups[groups.length - 1];
    if (g !== undefined && g.first === m.first && g.last === m.last) g.items.push(m.entry);
    else groups.push({ first: m.first, last: m.last, items: [m.entry] });
  }
  // Country context for homonyms ("FDS", "RSF") is computed from unambiguous readings first.
  const provisional: Unit[] = [];
  for (const g of groups) {
    const first = tokens[g.first] as Token;
    const capitalised = /^\p{Lu}/u.test(first.text);
    const items = g.items.filter((it) => !it.cap || capitalised);
    const countries = new Set(items.map((it) => unitCountry({ first: g.first, last: g.last, item: it })));
    if (items.length > 0) provisional.push({ first: g.first, last: g.last, item: items[0] as LexItem, ambiguous: countries.size > 1 });
    g.items = items;
  }
  const context = dominantCountry(provisional);
  const units: Unit[] = [];
  for (const [gi, g] of groups.entries()) {
    const prev = tokens[g.first - 1];
    const prevIsStarter =
      prev === undefined ||
      prev.sentence !== (tokens[g.first] as Token).sentence ||
      prev.kind !== 'word' ||
      lex.grammar.npStarters.has(prev.norm) ||
      lex.grammar.determiners.has(prev.norm) ||
      isNumberWord(lex, prev.norm);
    const items = g.items.filter((it) => !(it.type === 'generic' && it.adjectival && !prevIsStarter && !precededByModifier(units, g.first)));
    if (items.length === 0) continue;
    if (items.every((it) => it.type === 'stop')) continue;
    // An adjacent demonym settles a homonym locally ("les FDS syriennes" are the SDF).
    const local = adjacentDemonym(groups, gi) ?? context;
    items.sort((a, b) => rankItem(a, local, published) - rankItem(b, local, published) || TYPE_RANK[a.type] - TYPE_RANK[b.type]);
    units.push({ first: g.first, last: g.last, item: items[0] as LexItem });
  }
  return units;
}

/** "quatre", "vingt-quatre", "dozens": a cardinal or quantity word. */
function isNumberWord(lex: ActorLexicon, norm: string): boolean {
  if (lex.grammar.numberWords.has(norm)) return true;
  const parts = norm.split('-');
  return parts.length > 1 && parts.every((p) => lex.grammar.numberWords.has(p) || p === 'et' || p === 'and');
}

function adjacentDemonym(groups: { first: number; last: number; items: LexItem[] }[], gi: number): string | null {
  const g = groups[gi];
  if (g === undefined || !g.items.some((it) => it.type === 'entity')) return null;
  for (const n of [groups[gi + 1], groups[gi - 1]]) {
    if (n === undefined || (n.first !== g.last && n.last !== g.first)) continue;
    const d = n.items.find((it) => it.type === 'demonym');
    if (d !== undefined && d.type === 'demonym') return d.state.code;
  }
  return null;
}

function precededByModifier(units: Unit[], first: number): boolean {
  const u = units[units.length - 1];
  return u !== undefined && u.last === first && (u.item.type === 'demonym' || u.item.type === 'state');
}

/** Lower is better: type, then validity on the publication date, then country fit, then order. */
function rankItem(it: LexItem, context: string | null, published: string | null): number {
  const base = TYPE_RANK[it.type] * 100000;
  if (it.type !== 'entity') return base;
  const e = it.entry;
  const valid = validOn(e, published) ? 0 : 50000;
  const fit = e.country !== null && e.country === context ? 0 : e.country === null || e.countryFromContext ? 10000 : 20000;
  return base + valid + fit + it.order;
}

/**
 * The country the article is about: the one most mentioned as a state name, a demonym or a national
 * actor (ties: the first mentioned). Homonyms whose readings disagree on the country do not vote.
 */
function dominantCountry(units: readonly Unit[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const u of units) {
    const code = unitCountry(u);
    if (code === null) continue;
    const n = (counts.get(code) ?? 0) + 1;
    counts.set(code, n);
    if (n > bestCount) {
      best = code;
      bestCount = n;
    }
  }
  return best;
}

function unitCountry(u: Unit): string | null {
  if (u.ambiguous) return null;
  const it = u.item;
  if (it.type === 'state' || it.type === 'demonym') return it.state.code;
  if (it.type === 'entity' && !it.entry.countryFromContext) return it.entry.country;
  return null;
}

class ActorFinder {
  private readonly lang: string;
  private readonly tokens: readonly Token[];
  private readonly byFirst = new Map<number, number>();
  private readonly byLast = new Map<number, number>();
  private readonly consumed = new Set<number>();
  /** Person units whose span starts earlier because a title was merged in ("le président syrien Bachar al-Assad"). */
  private readonly startOverride = new Map<number, number>();
  private readonly out: ActorMention[] = [];
  /** State units read as places, so the rest of a list of places is read the same way. */
  private readonly placeStates = new Set<number>();
  private readonly numberWords: Map<string, number>;

  constructor(
    private readonly doc: Doc,
    private readonly lex: ActorLexicon,
    private readonly units: Unit[],
    private readonly context: string | null,
  ) {
    this.lang = lex.lang;
    this.tokens = doc.tokens;
    units.forEach((u, i) => {
      this.byFirst.set(u.first, i);
      this.byLast.set(u.last, i);
    });
    this.numberWords = lex.grammar.numberWords;
  }

  run(): ActorMention[] {
    // Sector nouns first: they absorb their demonyms, complements and titles before those are read alone.
    this.units.forEach((u, i) => {
      if (u.item.type === 'generic' && !this.consumed.has(i)) this.generic(i, u, u.item.def, u.item.plural);
    });
    this.units.forEach((u, i) => {
      if (this.consumed.has(i)) return;
      if (u.item.type === 'entity') this.entity(i, u, u.item.entry);
      else if (u.item.type === 'state') this.state(u, u.item.state, u.item.metonym === true);
      else if (u.item.type === 'demonym') this.nationals(i, u, u.item.state, u.item.plural);
    });
    return this.out.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  private unitAt(first: number): [number, Unit] | null {
    const i = this.byFirst.get(first);
    if (i === undefined || this.consumed.has(i)) return null;
    return [i, this.units[i] as Unit];
  }

  private unitEndingAt(last: number): [number, Unit] | null {
    const i = this.byLast.get(last);
    if (i === undefined || this.consumed.has(i)) return null;
    return [i, this.units[i] as Unit];
  }

  private sameSentence(a: number, b: number): boolean {
    const ta = this.tokens[a];
    const tb = this.tokens[b];
    return ta !== undefined && tb !== undefined && ta.sentence === tb.sentence;
  }

  /** An adjacent demonym: after the noun in French, before it in English. */
  private demonymNear(first: number, last: number): { idx: number; unit: Unit; state: StateRecord } | null {
    const hit = this.lex.grammar.demonymPosition === 'after' ? this.unitAt(last) : this.unitEndingAt(first);
    if (hit === null || hit[1].item.type !== 'demonym') return null;
    if (!this.sameSentence(hit[1].first, first)) return null;
    return { idx: hit[0], unit: hit[1], state: hit[1].item.state };
  }

  private stateModifier(first: number): [number, Unit] | null {
    const hit = this.unitEndingAt(first);
    if (hit === null || hit[1].item.type !== 'state' || hit[1].item.metonym) return null;
    return this.sameSentence(hit[1].first, first) ? hit : null;
  }

  private entityModifier(first: number): [number, Unit] | null {
    const hit = this.unitEndingAt(first);
    if (hit === null || hit[1].item.type !== 'entity' || hit[1].item.entry.kind === 'person') return null;
    return this.sameSentence(hit[1].first, first) ? hit : null;
  }

  /** Extends a span left over determiners and numbers; returns the new first token and the number they mark. */
  private determinerStart(first: number): { first: number; plural: boolean | null; count: number | null } {
    let s = first;
    let plural: boolean | null = null;
    let count: number | null = null;
    for (let step = 0; step < 3; step++) {
      const prev = this.tokens[s - 1];
      if (prev === undefined || !this.sameSentence(s - 1, first)) break;
      const det = this.lex.grammar.determiners.get(prev.norm);
      if (det !== undefined) {
        if (plural === null && det !== null) plural = det === 'pl';
        s--;
        continue;
      }
      if (prev.kind === 'number' || isNumberWord(this.lex, prev.norm)) {
        if (plural === null) plural = prev.norm !== '1' && prev.norm !== 'un' && prev.norm !== 'one';
        const n = prev.kind === 'number' ? Number(prev.text.replace(/\D/g, '')) : (this.numberWords.get(prev.norm) ?? 0);
        if (count === null && n > 0) count = n;
        s--;
        continue;
      }
      break;
    }
    return { first: s, plural, count };
  }

  private generic(idx: number, u: Unit, def: GenericDef, itemPlural: boolean): void {
    const g = this.lex.grammar;
    let startTok = u.first;
    let endTok = u.last;
    let country: string | null = null;
    let how = '';
    let adopt: ActorEntry | null = null;
    let members = false;
    const taken: number[] = [];

    const dem = this.demonymNear(u.first, u.last);
    if (dem !== null) {
      country = dem.state.code;
      how = '+demonym';
      taken.push(dem.idx);
      if (g.demonymPosition === 'after') endTok = dem.unit.last;
      else startTok = dem.unit.first;
    } else if (g.demonymPosition === 'before' && this.stateModifier(u.first) !== null) {
      // "US troops", "Russia troops": a country name used attributively.
      const [si, su] = this.stateModifier(u.first) as [number, Unit];
      country = (su.item as { state: StateRecord }).state.code;
      how = '+demonym';
      taken.push(si);
      startTok = su.first;
    } else if (g.demonymPosition === 'before' && this.entityModifier(u.first) !== null) {
      // "JNIM militants", "Hamas fighters": the group's own members.
      const [oi, ou] = this.entityModifier(u.first) as [number, Unit];
      adopt = (ou.item as { entry: ActorEntry }).entry;
      how = '+entity';
      taken.push(oi);
      startTok = ou.first;
    } else if (g.possessiveClitics.size > 0) {
      // "Syria's army", "Hamas's armed wing"
      const clitic = this.tokens[u.first - 1];
      const owner = clitic !== undefined && g.possessiveClitics.has(clitic.norm) ? this.unitEndingAt(u.first - 1) : null;
      if (owner !== null && this.sameSentence(owner[1].first, u.first)) {
        const it = owner[1].item;
        if (it.type === 'state') country = it.state.code;
        else if (it.type === 'entity' && it.entry.kind === 'person') country = it.entry.country;
        else if (it.type === 'entity') adopt = it.entry;
        if (country !== null || adopt !== null) {
          how = '+possessive';
          taken.push(owner[0]);
          startTok = owner[1].first;
        }
      }
    }

    // A title followed by a name is the person: "le président syrien Bachar al-Assad".
    if (def.title) {
      const after = this.tokens[endTok];
      // "Israeli Prime Minister Ehud Barak": a title with a country and a name the dictionary does not
      // know is that country's official; without a country ("President Rouhani") it would be a guess.
      if (after !== undefined && this.sameSentence(endTok, u.first) && after.kind === 'word' && /^\p{Lu}/u.test(after.text) && !this.byFirst.has(endTok)) {
        // "Hamas leader Yahya Sinwar": the organisation gives country and sector.
        const org = adopt;
        const personCountry = country ?? (org === null ? null : org.countryFromContext ? this.context : org.country);
        if (personCountry === null && org === null) return;
        let nameEnd = endTok;
        while (nameEnd < endTok + 4) {
          const t = this.tokens[nameEnd];
          if (t === undefined || !this.sameSentence(nameEnd, u.first) || t.kind !== 'word' || !/^\p{Lu}/u.test(t.text) || this.byFirst.has(nameEnd)) break;
          nameEnd++;
        }
        for (const t of taken) this.consumed.add(t);
        this.consumed.add(idx);
        const det = this.determinerStart(startTok);
        const start = (this.tokens[det.first] as Token).start;
        const end = (this.tokens[nameEnd - 1] as Token).end;
        const nameStart = (this.tokens[endTok] as Token).start;
        this.out.push({
          start,
          end,
          text: this.doc.text.slice(start, end),
          sentence: (this.tokens[u.first] as Token).sentence,
          name: this.doc.text.slice(nameStart, end),
          country: personCountry,
          sector: org === null ? def.sector : org.sector,
          id: org === null ? def.id : org.id,
          kind: 'person',
          plural: false,
          rule: `${this.lang}.actor.title-name`,
        });
        return;
      }
      const next = this.unitAt(endTok);
      if (next !== null && next[1].item.type === 'entity' && next[1].item.entry.kind === 'person' && this.sameSentence(endTok, u.first)) {
        for (const t of taken) this.consumed.add(t);
        this.consumed.add(idx);
        this.startOverride.set(next[0], this.determinerStart(startTok).first);
        return;
      }
    }

    let contextFromComplement = false;
    if (country === null && adopt === null) {
      const prep = this.tokens[endTok];
      if (prep !== undefined && this.sameSentence(endTok, u.first) && g.complementPrepositions.has(prep.norm)) {
        let k = endTok + 1;
        const art = this.tokens[k];
        if (art !== undefined && g.complementArticles.has(art.norm)) k++;
        const c = this.sameSentence(k, u.first) ? this.unitAt(k) : null;
        if (c !== null) {
          const it = c[1].item;
          let cEnd = c[1].last;
          let ok = true;
          if (it.type === 'state') country = it.state.code;
          else if (it.type === 'entity' && it.entry.kind === 'person') country = it.entry.country;
          else if (it.type === 'entity') {
            adopt = it.entry;
            members = def.memberOf === true;
          } else if (it.type === 'generic' && it.def.memberOf && !it.plural && g.determiners.get(prep.norm) !== 'pl') {
            // "l'agence de presse officielle du pays": the country the article is about.
            contextFromComplement = true;
          } else if (it.type === 'generic' && it.def.sector === 'GOV' && !it.def.memberOf) {
            // "les forces du régime syrien"
            const d2 = this.demonymNear(c[1].first, c[1].last);
            if (d2 !== null) {
              country = d2.state.code;
              taken.push(d2.idx);
              cEnd = Math.max(cEnd, d2.unit.last);
            } else contextFromComplement = true;
          } else ok = false;
          if (ok) {
            taken.push(c[0]);
            endTok = cEnd;
            how = '+complement';
          }
        }
      } else if (prep !== undefined && prep.text === '(' && this.sameSentence(endTok, u.first)) {
        // ACLED-style "Protesters (Nigeria)"
        const c = this.unitAt(endTok + 1);
        const close = c !== null ? this.tokens[c[1].last] : undefined;
        if (c !== null && c[1].item.type === 'state' && close !== undefined && close.text === ')') {
          country = c[1].item.state.code;
          taken.push(c[0]);
          endTok = c[1].last + 1;
          how = '+complement';
        }
      }
    }

    if (def.requiresModifier && country === null && adopt === null && !contextFromComplement) return;
    if (def.memberOf && !members) return;

    for (const t of taken) this.consumed.add(t);
    this.consumed.add(idx);
    const det = this.determinerStart(startTok);
    const first = det.first;
    const plural = det.plural ?? itemPlural;
    const start = (this.tokens[first] as Token).start;
    const end = (this.tokens[endTok - 1] as Token).end;
    const sentence = (this.tokens[u.first] as Token).sentence;
    const base: MentionSpan = { start, end, text: this.doc.text.slice(start, end), sentence };

    if (adopt !== null) {
      const c = adopt.countryFromContext ? this.context : adopt.country;
      this.out.push(
        mention(
          base,
          members ? `${adopt.name} member states` : adopt.name,
          c,
          adopt.sector,
          adopt.id,
          'entity',
          members ? true : plural,
          `${this.lang}.actor.${members ? 'members-of' : how === '+entity' ? 'entity-members' : 'generic-of-entity'}`,
        ),
      );
      return;
    }
    // "les quatre gouvernements" are several states: no single country (coreference resolves them).
    const several = def.id === 'generic.government' && det.count !== null && det.count > 1;
    if (country === null && !def.noContextCountry && !several) {
      country = this.context;
      if (country !== null && how === '') how = '+context';
    }
    if (def.stateMedia && country !== null) {
      const mediaId = this.lex.stateMedia[country];
      const media = mediaId !== undefined ? this.lex.entities.get(mediaId) : undefined;
      if (media !== undefined) {
        this.out.push(mention(base, media.name, country, media.sector, media.id, 'entity', plural, `${this.lang}.actor.state-media`));
        return;
      }
    }
    const state = country !== null ? this.lex.states.get(country) : undefined;
    const name =
      state !== undefined && def.nameWithCountry !== undefined
        ? def.nameWithCountry.replace('{country}', state.name).replace('{demonym}', state.demonym)
        : def.name;
    this.out.push(mention(base, name, country, def.sector, def.id, 'generic', plural, `${this.lang}.actor.generic${how}`));
  }

  private entity(idx: number, u: Unit, e: ActorEntry): void {
    let startTok = this.startOverride.get(idx) ?? u.first;
    let endTok = u.last;
    let country = e.country;
    let rule = e.kind === 'person' ? 'person' : 'entity';
    if (e.countryFromContext) {
      const dem = this.demonymNear(u.first, u.last);
      if (dem !== null) {
        country = dem.state.code;
        this.consumed.add(dem.idx);
        if (this.lex.grammar.demonymPosition === 'after') endTok = dem.unit.last;
        else startTok = Math.min(startTok, dem.unit.first);
        rule += '+demonym';
      } else {
        country = this.context;
        rule += '+context';
      }
    } else if (country !== null) {
      // "les FDS syriennes": the demonym only confirms the entity's country; keep it in the span.
      const dem = this.demonymNear(u.first, u.last);
      if (dem !== null && dem.state.code === country) {
        this.consumed.add(dem.idx);
        if (this.lex.grammar.demonymPosition === 'after') endTok = dem.unit.last;
        else startTok = Math.min(startTok, dem.unit.first);
      }
    }
    // A person outside the term the dictionary gives is a former (or future) office holder: an elite.
    const sector: Sector | null = e.kind === 'person' && !validOn(e, this.doc.published) ? 'ELI' : e.sector;
    const start = (this.tokens[startTok] as Token).start;
    const end = (this.tokens[endTok - 1] as Token).end;
    this.out.push({
      start,
      end,
      text: this.doc.text.slice(start, end),
      sentence: (this.tokens[u.first] as Token).sentence,
      name: e.name,
      country,
      sector,
      id: e.id,
      kind: e.kind,
      plural: e.plural === true,
      rule: `${this.lang}.actor.${rule}`,
    });
  }

  /** True when the state name at `u` is a place: "en Syrie", "dans la Syrie", "la province de Idleb", a list after "in". */
  private isPlace(u: Unit): boolean {
    const g = this.lex.grammar;
    let i = u.first - 1;
    const tok = (k: number): Token | undefined => (k >= 0 && this.sameSentence(k, u.first) ? this.tokens[k] : undefined);
    if (tok(i) !== undefined && g.complementArticles.has((tok(i) as Token).norm)) i--;
    const prev = tok(i);
    if (prev === undefined) return false;
    if (g.locatives.has(prev.norm)) return true;
    if (g.complementPrepositions.has(prev.norm)) {
      let j = i - 1;
      if (tok(j) !== undefined && g.complementArticles.has((tok(j) as Token).norm)) j--;
      const noun = tok(j);
      if (noun !== undefined && g.placeNouns.has(noun.norm)) return true;
    }
    // "in Egypt, Libya and Afghanistan": a list continues the place reading of its first member.
    if (g.listJoiners.has(prev.norm)) {
      let j = i;
      while (tok(j) !== undefined && (g.listJoiners.has((tok(j) as Token).norm) || g.locatives.has((tok(j) as Token).norm))) j--;
      const before = this.unitEndingAt(j + 1) ?? (this.byLast.has(j + 1) ? [this.byLast.get(j + 1) as number, this.units[this.byLast.get(j + 1) as number] as Unit] : null);
      if (before !== null && before[1].item.type === 'state' && j + 1 < u.first) return this.placeStates.has(before[0]);
    }
    return false;
  }

  /** "les Syriens", "Palestinians": a capitalised plural demonym standing alone names the people. */
  private nationals(idx: number, u: Unit, s: StateRecord, plural: boolean): void {
    const def = this.lex.generics.get('generic.nationals');
    const first = this.tokens[u.first] as Token;
    if (def === undefined || !plural || !/^\p{Lu}/u.test(first.text)) return;
    // Sentence-initial capitals say nothing about nounhood.
    const prev = this.tokens[u.first - 1];
    if (prev === undefined || !this.sameSentence(u.first - 1, u.first)) return;
    this.consumed.add(idx);
    const det = this.determinerStart(u.first);
    const start = (this.tokens[det.first] as Token).start;
    const end = (this.tokens[u.last - 1] as Token).end;
    this.out.push({
      start,
      end,
      text: this.doc.text.slice(start, end),
      sentence: first.sentence,
      name: (def.nameWithCountry ?? def.name).replace('{country}', s.name).replace('{demonym}', s.demonym),
      country: s.code,
      sector: def.sector,
      id: def.id,
      kind: 'generic',
      plural: true,
      rule: `${this.lang}.actor.nationals`,
    });
  }

  private state(u: Unit, s: StateRecord, metonym: boolean): void {
    const idx = this.byFirst.get(u.first) as number;
    if (this.isPlace(u)) {
      this.placeStates.add(idx);
      return;
    }
    if (metonym) {
      const next = this.tokens[u.last];
      if (next === undefined || !this.sameSentence(u.last, u.first) || !this.lex.grammar.metonymVerbs.has(next.norm)) return;
    }
    const first = this.tokens[u.first] as Token;
    const last = this.tokens[u.last - 1] as Token;
    this.out.push({
      start: first.start,
      end: last.end,
      text: this.doc.text.slice(first.start, last.end),
      sentence: first.sentence,
      name: s.name,
      country: s.code,
      sector: this.lex.stateSector,
      id: `state.${s.code}`,
      kind: 'entity',
      plural: false,
      rule: `${this.lang}.actor.${metonym ? 'capital-metonym' : 'state'}`,
    });
  }
}

/** Pipeline stage: fills `doc.actors` with the mentions {@link findActors} finds. */
export const actorsStage: Stage = {
  name: 'actors',
  requires: ['tokens', 'language'],
  provides: ['actors'],
  run(doc: Doc): Doc {
    return { ...doc, actors: findActors(doc) };
  },
};
