import type { ActorMention, Doc, Sector, Token } from '../../../core/types.js';
import { fold } from '../../../core/text.js';
import { phraseKey, type PhraseMatch } from '../../../core/phrase-matcher.js';
import { loadGazetteer } from '../places/index.js';
import { actorLexicon, type ActorLexicon } from './dictionary.js';
import { personsLexicon, type PersonsLexicon, type TitleDef } from './persons-data.js';

export { personsLexicon, type PersonsLexicon, type TitleDef } from './persons-data.js';

/** Longest name, in tokens (initials count as one with their dot). */
const MAX_NAME = 6;
/** Tokens allowed between a title and its name ("ministre français des Affaires étrangères"). */
const MAX_TITLE_GAP = 8;
/** Places at least this populous are read as places, not surnames, when the cue is weak. */
const PLACE_POPULATION = 5000;
/** After a particle inside a name ("de Roscoff") even a small town is more likely than a surname. */
const PARTICLE_PLACE_POPULATION = 1000;

const UPPER_START = /^\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const ALL_CAPS = /^\p{Lu}[\p{Lu}'’-]{2,}$/u;
/** "G", "Th", "Ch": an initial when a dot follows. */
const INITIAL = /^\p{Lu}\p{Ll}?$/u;

/** Where a name was found and what its cue says about the person. */
interface Found {
  first: number;
  last: number;
  rule: 'title' | 'apposition' | 'reporting' | 'shape' | 'list' | 'repeat';
  country: string | null;
  sector: Sector | null;
  id?: string;
}

/** Country and sector read from the words around a title ("le ministre français", "army spokesman"). */
interface RoleInfo {
  country: string | null;
  sector: Sector | null;
}

/**
 * Finds people named in the text who are not in the actor dictionary: after a title or role ("M.
 * Dupont", "le ministre français des Affaires étrangères Jean-Noël Barrot", "Defence Minister Pierre
 * Joxe"), before an apposed role ("Ahmed Ali, porte-parole de l'armée,"), next to a reporting cue
 * ("selon Jean Dupont", "John Smith said"), by name shape (a known first name followed by a surname,
 * initials and a surname), and later mentions of a surname already found. Spans and offsets cover the
 * name only, without the title. Mentions overlapping `existing` actor mentions are not produced, so
 * dictionary matches win. Country comes from a nationality adjective or actor named in the title phrase;
 * sector from the role or that actor.
 */
export function findPersons(doc: Doc, existing: readonly ActorMention[] = []): ActorMention[] {
  if (doc.language === null) return [];
  return new PersonFinder(doc, personsLexicon(doc.language), actorLexicon(doc.language), existing).run();
}

/** `person.<folded-name-with-dashes>`: the id of a person the dictionary does not know. */
export function personId(name: string): string {
  return `person.${fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')}`;
}

class PersonFinder {
  private readonly tokens: readonly Token[];
  /** Existing actor mention covering each token, or -1. */
  private readonly actorAt: Int32Array;
  /** Tokens already inside a person found here. */
  private readonly used: Uint8Array;
  private readonly found: Found[] = [];

  constructor(
    private readonly doc: Doc,
    private readonly lex: PersonsLexicon,
    private readonly actors: ActorLexicon,
    private readonly existing: readonly ActorMention[],
  ) {
    this.tokens = doc.tokens;
    this.actorAt = new Int32Array(this.tokens.length).fill(-1);
    this.used = new Uint8Array(this.tokens.length);
    existing.forEach((m, mi) => {
      for (let i = this.firstTokenAtOrAfter(m.start); i < this.tokens.length && (this.tokens[i] as Token).start < m.end; i++) this.actorAt[i] = mi;
    });
  }

  run(): ActorMention[] {
    const titles = this.lex.titles.findAll(this.tokens);
    for (const m of titles) this.titleRule(m);
    for (const m of titles) this.appositionRule(m);
    for (const m of this.lex.reportingBefore.findAll(this.tokens)) this.reportingBefore(m);
    for (const m of this.lex.reportingAfter.findAll(this.tokens)) this.reportingAfter(m);
    this.shapeRule();
    this.listRule();
    this.repeatRule();
    this.linkSurnames();
    return this.found.sort((a, b) => a.first - b.first).map((f) => this.mention(f));
  }

  private firstTokenAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid] as Token).end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private tok(i: number, sentence: number): Token | undefined {
    const t = this.tokens[i];
    return t !== undefined && t.sentence === sentence ? t : undefined;
  }

  private free(i: number): boolean {
    return this.actorAt[i] === -1 && this.used[i] === 0;
  }

  /** A token that can be part of a name: capitalised, not a stop word, not already an actor. */
  private nameToken(i: number, sentence: number, lenient: boolean): boolean {
    const t = this.tok(i, sentence);
    if (t === undefined || t.kind !== 'word' || !this.free(i)) return false;
    if (this.lex.stopWords.has(t.norm)) return false;
    if (UPPER_START.test(t.text)) {
      if (HAS_LOWER.test(t.text)) return !this.isInitial(i, sentence);
      // "M. POINCARÉ": capitals after a title; elsewhere they are acronyms.
      return lenient && ALL_CAPS.test(t.text);
    }
    // "al-Assad", "bin-Salman"
    return this.lex.namePrefixes.some((p) => t.norm.startsWith(p) && t.norm.length > p.length + 1) && UPPER_START.test(t.text.slice(t.text.indexOf('-') + 1));
  }

  private isInitial(i: number, sentence: number): boolean {
    const t = this.tok(i, sentence);
    const dot = this.tok(i + 1, sentence);
    return t !== undefined && dot !== undefined && INITIAL.test(t.text) && dot.text === '.' && this.free(i) && !this.lex.stopWords.has(t.norm);
  }

  /** "de", "van", "bin"; capitalised ("Le Drian", "Le Pen") only inside a name, where `inside` is set. */
  private isParticle(i: number, sentence: number, inside = false): boolean {
    const t = this.tok(i, sentence);
    return t !== undefined && t.kind === 'word' && this.free(i) && this.lex.particles.has(t.norm) && (inside || !UPPER_START.test(t.text));
  }

  /**
   * Reads a name forward from token `i`: initials, capitalised words, particles between them. Returns
   * the token past the name and the number of word tokens in it (0: no name).
   */
  private readName(i: number, lenient: boolean): { end: number; words: number } {
    let s = (this.tokens[i] as Token | undefined)?.sentence ?? -1;
    let j = i;
    let end = i;
    let words = 0;
    let steps = 0;
    while (steps++ < MAX_NAME) {
      if (j > i && this.lineBreakJoin(j)) s = (this.tokens[j] as Token).sentence;
      if (this.isInitial(j, s)) {
        j += 2;
        continue;
      }
      if (this.nameToken(j, s, lenient)) {
        j++;
        words++;
        end = j;
        continue;
      }
      // "Otto de Dardel", but not "Marie-Céline, de Roscoff": a town after the particle is where the person is from.
      if (j > i && this.isParticle(j, s, true) && this.nameToken(j + 1, s, lenient) && !this.isPlace(j + 1, j + 2, PARTICLE_PLACE_POPULATION)) {
        j++;
        continue;
      }
      break;
    }
    return { end, words };
  }

  /**
   * True when token `j` opens a sentence only because a line break split a name ("MM. Emile\nSchaeffer"
   * in newspaper columns): the previous token is a word, with nothing but white space in between.
   */
  private lineBreakJoin(j: number): boolean {
    const t = this.tokens[j];
    const p = this.tokens[j - 1];
    if (t === undefined || p === undefined || t.sentence !== p.sentence + 1 || p.kind !== 'word') return false;
    const gap = this.doc.text.slice(p.end, t.start);
    return gap.includes('\n') && gap.trim() === '';
  }

  /** Walks back from token `last` (inclusive) to the start of a name ending there, or -1. */
  private nameStartBefore(last: number): number {
    const s = (this.tokens[last] as Token | undefined)?.sentence ?? -1;
    if (!this.nameToken(last, s, false)) return -1;
    let i = last;
    for (let step = 0; step < MAX_NAME; step++) {
      if (this.nameToken(i - 1, s, false) && !this.isInitial(i - 1, s)) i--;
      else if (this.tok(i - 1, s)?.text === '.' && this.isInitial(i - 2, s)) i -= 2;
      else if (this.isParticle(i - 1, s) && this.nameToken(i - 2, s, false)) i -= 2;
      else break;
    }
    return i;
  }

  /** True when the text of tokens [first, last) names a populous place in the gazetteer. */
  private isPlace(first: number, last: number, population = PLACE_POPULATION): boolean {
    const text = this.doc.text.slice((this.tokens[first] as Token).start, (this.tokens[last - 1] as Token).end);
    const gaz = loadGazetteer();
    for (const e of gaz.lookup(phraseKey(text)).entries) {
      const kind = gaz.kindOf(e);
      if (kind !== 'city' || gaz.populationOf(e) >= population) return true;
    }
    return false;
  }

  private sentenceInitial(i: number): boolean {
    const t = this.tokens[i] as Token;
    const sent = this.doc.sentences[t.sentence];
    if (sent !== undefined && sent.tokenStart === i) return true;
    // After an opening quote or dash the next word is capitalised whatever it is.
    const prev = this.tokens[i - 1];
    return prev === undefined || prev.sentence !== t.sentence || (prev.kind !== 'word' && /^[«"“‘'(—–-]$/.test(prev.text) && (sent?.tokenStart ?? -2) === i - 1);
  }

  /** The demonym starting at token `i`, as a country code and the token past it. */
  private demonymAt(i: number, sentence: number): { country: string; end: number } | null {
    const t = this.tok(i, sentence);
    if (t === undefined || t.kind !== 'word') return null;
    for (const m of this.actors.matcher.matchAt(this.tokens, i)) {
      if (m.entry.type === 'demonym' && (!m.entry.cap || UPPER_START.test(t.text))) return { country: m.entry.state.code, end: m.last };
    }
    return null;
  }

  /** The existing actor mention covering token `i`: its country and sector, and the token past it. */
  private actorInfo(i: number): { info: RoleInfo; first: number; end: number } | null {
    const mi = this.actorAt[i] ?? -1;
    if (mi < 0) return null;
    const a = this.existing[mi] as ActorMention;
    if (a.kind === 'person' || a.kind === 'pronoun') return null;
    let first = i;
    while (first > 0 && this.actorAt[first - 1] === mi) first--;
    let end = i;
    while (end < this.tokens.length && this.actorAt[end] === mi) end++;
    return { info: { country: a.country, sector: a.sector }, first, end };
  }

  /** Country and sector from an actor ending right before the title or covering it ("army spokesman"). */
  private roleBefore(m: PhraseMatch<TitleDef>): RoleInfo {
    const s = (this.tokens[m.first] as Token).sentence;
    const own = this.actorInfo(m.first);
    // "the army spokesman": the actor before the role word says more than the role word's own reading.
    if (this.tok(m.first - 1, s) !== undefined) {
      const before = this.actorInfo(m.first - 1);
      if (before !== null && (own === null || before.first !== own.first)) return before.info;
      if (own === null) {
        const d = this.demonymBefore(m.first, s);
        if (d !== null) return { country: d, sector: null };
      }
    }
    return own !== null ? { ...own.info } : { country: null, sector: null };
  }

  private demonymBefore(first: number, s: number): string | null {
    for (let k = first - 1; k >= Math.max(0, first - 3); k--) {
      const d = this.demonymAt(k, s);
      if (d !== null && d.end === first) return d.country;
    }
    return null;
  }

  /**
   * Skips the words that complete a title ("français", "des Affaires étrangères", "de l'armée") and
   * collects the country and sector they give; returns the token where a name may start.
   */
  private skipTitlePhrase(from: number, s: number, info: RoleInfo, title: TitleDef): number {
    let j = from;
    /** Inside a complement ("de", "de la", "of the"): its capitalised head is a place or body, not the name. */
    let inComplement = false;
    for (let step = 0; step < MAX_TITLE_GAP; step++) {
      const t = this.tok(j, s);
      if (t === undefined) break;
      const d = this.demonymAt(j, s);
      if (d !== null) {
        info.country ??= d.country;
        j = d.end;
        inComplement = false;
        continue;
      }
      const a = this.actorInfo(j);
      if (a !== null && a.end > j) {
        info.country ??= a.info.country;
        info.sector ??= a.info.sector;
        j = a.end;
        inComplement = false;
        continue;
      }
      // "M. le maire": a second title takes over; its own match reads the name.
      if (j > from && this.lex.titles.matchAt(this.tokens, j).length > 0) return -1;
      // "M. Le Drian": after a civil title a capitalised particle opens the name.
      if (j === from && title.honorific && UPPER_START.test(t.text) && this.isParticle(j, s, true) && this.nameToken(j + 1, s, true)) return j;
      if (t.kind === 'word' && this.lex.modifiers.has(t.norm)) {
        // "le général de Gaulle", "M. de Dardel": right after a civil or military title, "de" opens the name.
        if (j === from && this.lex.nameParticles.has(t.norm) && (title.honorific || title.sector === 'MIL') && this.nameToken(j + 1, s, true) && !this.isPlace(j + 1, j + 2)) return j;
        if (this.lex.particles.has(t.norm) || this.lex.determiners.has(t.norm)) inComplement = true;
        j++;
        continue;
      }
      if (inComplement && t.kind === 'word' && UPPER_START.test(t.text) && !this.lex.firstNames.has(t.norm)) {
        // "le maire de Lyon Grégory Doucet", "le président du Reichstag": a place is one token; another
        // complement runs to the first known first name.
        if (!this.nameToken(j, s, true)) break;
        if (this.isPlace(j, j + 1)) j++;
        else {
          let k = j;
          while (k < j + 3 && this.nameToken(k, s, true) && !this.lex.firstNames.has((this.tokens[k] as Token).norm)) k++;
          j = k;
        }
        inComplement = false;
        continue;
      }
      break;
    }
    return j;
  }

  /** True when an article opens the phrase ending at the title ("a senior Israeli official"). */
  private articleBefore(first: number, s: number): boolean {
    let k = first - 1;
    for (let step = 0; step < 4; step++) {
      const t = this.tok(k, s);
      if (t === undefined || t.kind !== 'word') return false;
      if (this.lex.determiners.has(t.norm)) return true;
      const a = this.actorInfo(k);
      if (a !== null) k = a.first - 1;
      else if (this.lex.modifiers.has(t.norm) || this.demonymBefore(k + 1, s) !== null) k--;
      else return false;
    }
    return false;
  }

  private combine(title: TitleDef, info: RoleInfo): Sector | null {
    // A rebel or opposition affiliation outranks the rank: "rebel commander", "Taliban commander".
    if (info.sector === 'REB' || info.sector === 'OPP') return info.sector;
    return title.sector ?? info.sector;
  }

  private add(f: Found): boolean {
    for (let i = f.first; i < f.last; i++) if (!this.free(i)) return false;
    for (let i = f.first; i < f.last; i++) this.used[i] = 1;
    this.found.push(f);
    return true;
  }

  private titleRule(m: PhraseMatch<TitleDef>): void {
    const title = m.entry;
    const first = this.tokens[m.first] as Token;
    if (title.stop || (title.cap && !UPPER_START.test(first.text))) return;
    const s = first.sentence;
    const info = this.roleBefore(m);
    if (title.needsModifier && info.country === null && info.sector === null) return;
    let j = this.skipTitlePhrase(m.last, s, info, title);
    if (j < 0) return;
    // "le ministre de l'Intérieur, Gérald Darmanin", "a senior Israeli official, Amos Gilad": a comma right
    // after a bare role only when an article opens the role ("Schaeffer, président, Louis Thorens" is a list).
    if (this.tok(j, s)?.text === ',' && (j > m.last || this.articleBefore(m.first, s))) j++;
    const sector = this.combine(title, info);
    for (let n = 0; n < (title.plural ? 30 : 1); n++) {
      // "le général de Gaulle": the particle the title phrase stopped at opens the name.
      const r = this.isParticle(j, s, true) ? this.readName(j + 1, true) : this.readName(j, true);
      if (r.words === 0) return;
      // "MM. Philippe, Rennes": later members of a list must not be places.
      if (n > 0 && r.words === 1 && this.isPlace(j, r.end)) return;
      this.add({ first: j, last: r.end, rule: 'title', country: info.country, sector });
      // "MM. Basly et Lamendin", "Messrs Smith, Jones and Brown"
      const sep = this.tok(r.end, s);
      if (sep === undefined || !(sep.text === ',' || sep.norm === 'et' || sep.norm === 'and')) return;
      j = r.end + 1;
      if (this.tok(j, s)?.norm === 'et' || this.tok(j, s)?.norm === 'and') j++;
    }
  }

  private appositionRule(m: PhraseMatch<TitleDef>): void {
    const title = m.entry;
    if (title.honorific || title.stop) return;
    const first = this.tokens[m.first] as Token;
    if (title.cap && !UPPER_START.test(first.text)) return;
    const s = first.sentence;
    // Back over "the", "l'", a demonym or an actor ("the army spokesman", "the French defence minister").
    let k = m.first - 1;
    const info: RoleInfo = { ...this.roleBefore(m) };
    for (let step = 0; step < 4; step++) {
      const t = this.tok(k, s);
      if (t === undefined) return;
      if (t.text === ',') break;
      const a = this.actorInfo(k);
      if (a !== null) {
        k = a.first - 1;
        continue;
      }
      if (t.kind === 'word' && (this.lex.determiners.has(t.norm) || this.lex.modifiers.has(t.norm) || this.demonymAt(k, s) !== null)) {
        k--;
        continue;
      }
      return;
    }
    if (this.tok(k, s)?.text !== ',') return;
    const start = this.nameStartBefore(k - 1);
    if (start < 0) return;
    const r = this.readName(start, false);
    if (r.end !== k || r.words === 0) return;
    if (r.words === 1 && (this.sentenceInitial(start) || this.isPlace(start, r.end) || this.afterFunctionWord(start))) return;
    // "…, Defence Minister Pierre Joxe said": a name after the role makes it a title, not an apposition.
    const after = this.skipTitlePhrase(m.last, s, { ...info }, title);
    if (after < 0 || this.used[after] === 1 || this.nameToken(after, s, false) || this.isInitial(after, s)) return;
    this.skipTitlePhrase(m.last, s, info, title);
    this.add({ first: start, last: r.end, rule: 'apposition', country: info.country, sector: this.combine(title, info) });
  }

  /**
   * "le préfet de la Seine, au directeur…", "rue Victor Massé": a bare capitalised word after an article,
   * a preposition or a street noun heads a noun phrase; it is not a person's name.
   */
  private afterFunctionWord(start: number): boolean {
    const t = this.tokens[start] as Token;
    const p = this.tok(start - 1, t.sentence);
    if (p === undefined) return false;
    if (this.lex.placeNouns.has(p.norm)) return true;
    if (this.lex.particles.has(p.norm) || this.lex.determiners.has(p.norm)) {
      const q = this.tok(start - 2, t.sentence);
      return q === undefined || q.kind !== 'word' || !UPPER_START.test(q.text) || this.lex.placeNouns.has(q.norm) || this.lex.modifiers.has(q.norm);
    }
    return false;
  }

  /** A name of two to four words that is not a place. */
  private reportedName(first: number, end: number, words: number): boolean {
    return words >= 2 && words <= 4 && !this.isPlace(first, end);
  }

  private reportingBefore(m: PhraseMatch<true>): void {
    let j = m.last;
    const s = (this.tokens[m.first] as Token).sentence;
    if (this.tok(j, s)?.text === ',') j++;
    const r = this.readName(j, false);
    if (!this.reportedName(j, r.end, r.words)) return;
    this.add({ first: j, last: r.end, rule: 'reporting', country: null, sector: null });
  }

  private reportingAfter(m: PhraseMatch<true>): void {
    let k = m.first - 1;
    const s = (this.tokens[m.first] as Token).sentence;
    if (this.tok(k, s)?.text === ',') k--;
    if (this.tok(k, s) === undefined) return;
    const start = this.nameStartBefore(k);
    if (start < 0) return;
    const r = this.readName(start, false);
    if (r.end !== k + 1 || !this.reportedName(start, r.end, r.words)) return;
    this.add({ first: start, last: r.end, rule: 'reporting', country: null, sector: null });
  }

  /** "Louis Thorens", "G. W. Bush": a known first name or initials, then a surname. */
  private shapeRule(): void {
    const toks = this.tokens;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Token;
      if (t.kind !== 'word' || !this.free(i) || !UPPER_START.test(t.text)) continue;
      const s = t.sentence;
      if (this.lex.firstNames.has(t.norm) && this.nameToken(i, s, false)) {
        // After a known first name a surname in capitals is a surname ("René BRAICHET"), not an acronym.
        const r = this.readName(i, true);
        if (r.words >= 2 && !this.isPlace(i, r.end) && !this.lex.placeNouns.has(this.tok(i - 1, s)?.norm ?? '')) {
          this.add({ first: i, last: r.end, rule: 'shape', country: null, sector: null });
          i = r.end - 1;
        }
        continue;
      }
      // "Kali (Eugène)": a first name alone between parentheses, as race and court reports give it.
      if (this.lex.firstNames.has(t.norm) && this.tok(i - 1, s)?.text === '(' && this.tok(i + 1, s)?.text === ')' && this.nameToken(i, s, false)) {
        this.add({ first: i, last: i + 1, rule: 'shape', country: null, sector: null });
        continue;
      }
      if (this.isInitial(i, s)) {
        const r = this.readName(i, false);
        if (r.words >= 1 && r.end > i + 2) {
          this.add({ first: i, last: r.end, rule: 'shape', country: null, sector: null });
          i = r.end - 1;
        }
      }
    }
  }

  /**
   * "Zariategui, Eflio, Torre, Madrazo et Vargas": names listed next to a person found by another cue
   * are people too, unless they are places. Each found name extends the list once in each direction.
   */
  private listRule(): void {
    const queue = [...this.found];
    for (let q = 0; q < queue.length; q++) {
      const f = queue[q] as Found;
      const s = (this.tokens[f.first] as Token).sentence;
      // Right: ", Name" / "et Name"
      let j = f.last;
      const sep = this.tok(j, s);
      if (sep !== undefined && (sep.text === ',' || this.lex.listJoiners.has(sep.norm))) {
        j++;
        if (this.lex.listJoiners.has(this.tok(j, s)?.norm ?? '')) j++;
        const r = this.readName(j, false);
        if (r.words > 0 && r.words <= 4 && !this.isPlace(j, r.end) && !this.followedByParen(r.end, s) && this.lex.titles.matchAt(this.tokens, j).length === 0 && !(r.words === 1 && this.afterFunctionWord(f.first))) {
          const g: Found = { first: j, last: r.end, rule: 'list', country: null, sector: null };
          if (this.add(g)) queue.push(g);
        }
      }
      // Left: "Name, " / "Name et"
      const k = f.first - 1;
      const lsep = this.tok(k, s);
      if (lsep !== undefined && (lsep.text === ',' || this.lex.listJoiners.has(lsep.norm))) {
        const start = this.nameStartBefore(k - 1);
        if (start < 0 || this.sentenceInitial(start)) continue;
        const r = this.readName(start, false);
        if (r.end === k && r.words <= 4 && !this.isPlace(start, r.end) && !(r.words === 1 && this.afterFunctionWord(start))) {
          const g: Found = { first: start, last: r.end, rule: 'list', country: null, sector: null };
          if (this.add(g)) queue.push(g);
        }
      }
    }
  }

  /** "Bruz (Ille-et-Vilaine)": a parenthesis after a name in a list marks a place. */
  private followedByParen(end: number, s: number): boolean {
    return this.tok(end, s)?.text === '(' && this.isPlace(end + 1, end + 2);
  }

  /** Later (or headline) mentions of a surname or full name already found in the document. */
  private repeatRule(): void {
    if (this.found.length === 0) return;
    const byName = new Map<string, Found>();
    const bySurname = new Map<string, Found>();
    for (const f of this.found) {
      byName.set(phraseKey(this.nameText(f)), f);
      const last = this.tokens[f.last - 1] as Token;
      if (last.norm.length >= 3 && !bySurname.has(last.norm)) bySurname.set(last.norm, f);
    }
    const toks = this.tokens;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Token;
      if (t.kind !== 'word' || !this.free(i) || !UPPER_START.test(t.text)) continue;
      const r = this.readName(i, false);
      if (r.words === 0) continue;
      const whole = byName.get(phraseKey(this.doc.text.slice(t.start, (toks[r.end - 1] as Token).end)));
      // A surname that is also a town is the person once the full name was seen ("Lopez"), not when the
      // first sighting was a bare surname itself.
      const bare = r.words === 1 ? bySurname.get(t.norm) : undefined;
      const f = whole ?? (bare !== undefined && (this.wordCount(bare) > 1 || !this.isPlace(i, r.end)) ? bare : undefined);
      if (f !== undefined) {
        this.add({ first: i, last: r.end, rule: 'repeat', country: f.country, sector: f.sector, id: f.id ?? personId(this.nameText(f)) });
      }
      i = r.end - 1;
    }
  }

  /**
   * "M. Kaboré" after "le président burkinabè Roch Kaboré": a bare surname found by its own cue is the
   * person already named in full; it takes that id, and the country and sector it lacks.
   */
  private linkSurnames(): void {
    const full = new Map<string, Found>();
    for (const f of this.found) {
      if (this.wordCount(f) < 2) continue;
      const key = (this.tokens[f.last - 1] as Token).norm;
      if (!full.has(key)) full.set(key, f);
    }
    if (full.size === 0) return;
    for (const f of this.found) {
      if (f.id !== undefined) continue;
      const g = full.get((this.tokens[f.last - 1] as Token).norm);
      if (g === undefined || g === f || this.wordCount(f) >= this.wordCount(g)) continue;
      f.id = g.id ?? personId(this.nameText(g));
      f.country ??= g.country;
      f.sector ??= g.sector;
    }
  }

  private wordCount(f: Found): number {
    let n = 0;
    for (let i = f.first; i < f.last; i++) if (UPPER_START.test((this.tokens[i] as Token).text) && (this.tokens[i] as Token).kind === 'word') n++;
    return n;
  }

  private nameText(f: Found): string {
    return this.doc.text.slice((this.tokens[f.first] as Token).start, (this.tokens[f.last - 1] as Token).end);
  }

  private mention(f: Found): ActorMention {
    const first = this.tokens[f.first] as Token;
    const last = this.tokens[f.last - 1] as Token;
    const text = this.doc.text.slice(first.start, last.end);
    const name = text.replace(/\s+/g, ' ');
    return {
      start: first.start,
      end: last.end,
      text,
      sentence: first.sentence,
      name,
      country: f.country,
      sector: f.sector,
      id: f.id ?? personId(name),
      kind: 'person',
      plural: false,
      rule: `${this.lex.lang}.person.${f.rule}`,
    };
  }
}
