import { groupBySentence } from '../../core/group.js';
import type { Stage } from '../../core/pipeline.js';
import type { ActorMention, Doc, LangCode, Sector, Token } from '../../core/types.js';
import { langData, memoize } from '../../core/data.js';
import { fold } from '../../core/text.js';
import { SitrepError } from '../../core/errors.js';
import { actorLexicon } from '../mentions/actors/dictionary.js';

/** Contents of `lang/<code>/actors-coref.json`. */
interface CorefData {
  pronouns: Record<string, { plural: boolean; personOnly: boolean; preferPerson?: boolean }>;
  /** A pronoun right after one of these is an object or a complement, not a subject ("pour elles"). */
  notSubjectAfter: string[];
  /** A singular pronoun followed by one of these is impersonal ("il y a", "il faut"). */
  impersonalNext: string[];
  /** How many tokens after a singular pronoun to look for an impersonal verb ("il pourrait s'agir"). */
  impersonalWindow: number;
  collective: {
    determiners: string[];
    demonstratives: string[];
    heads: Record<string, { sector: Sector | null; states: boolean }>;
  };
  /** Words that introduce examples ("including", "notamment"): what follows is not a referent. */
  exampleMarkers: string[];
  /** Tokens that may separate the members of a coordinated list ("," "et" "and"). */
  coordination: string[];
  maxSentencesBack: number;
  maxCollectiveSentencesBack: number;
}

/** The folded word sets of `actors-coref.json`, built once per language rather than once per document. */
interface CorefLexicon {
  data: CorefData;
  coordination: Set<string>;
  dets: Set<string>;
  demonstratives: Set<string>;
  heads: Map<string, { sector: Sector | null; states: boolean }>;
  markers: Set<string>;
  notSubjectAfter: Set<string>;
  impersonal: Set<string>;
  pronounForms: Map<string, { plural: boolean; personOnly: boolean; preferPerson?: boolean }>;
}

function corefLexicon(lang: LangCode): CorefLexicon {
  return memoize(`coref:${lang}`, () => {
    const data = langData<CorefData>(lang, 'actors-coref');
    return {
      data,
      coordination: new Set(data.coordination.map(fold)),
      dets: new Set(data.collective.determiners.map(fold)),
      demonstratives: new Set(data.collective.demonstratives.map(fold)),
      heads: new Map(Object.entries(data.collective.heads).map(([k, v]) => [fold(k), v])),
      markers: new Set(data.exampleMarkers.map(fold)),
      notSubjectAfter: new Set(data.notSubjectAfter.map(fold)),
      impersonal: new Set(data.impersonalNext.map(fold)),
      pronounForms: new Map(Object.entries(data.pronouns).map(([k, v]) => [fold(k), v])),
    };
  });
}

/** A coordinated list of actor mentions: "Les États-Unis, l'Allemagne, la France et le Royaume-Uni". */
interface Group {
  members: ActorMention[];
  start: number;
  end: number;
  sentence: number;
}

/** A candidate antecedent: one mention or a coordinated group. */
type Candidate = { kind: 'mention'; m: ActorMention; start: number; end: number; sentence: number; plural: boolean } | ({ kind: 'group' } & Group & { plural: true });

/**
 * Adds resolved anaphora to the actor list: subject pronouns ("ils", "elles", "il", "they", "he") and
 * collective noun phrases ("les quatre gouvernements", "the two countries", "ces groupes"), each as a
 * mention of kind 'pronoun' whose `refersTo` lists the actors it stands for. Pronouns take the nearest
 * compatible mention of their own sentence, else the first (subject) one of the closest earlier
 * sentence; a number word must match the size of a coordinated list.
 */
export function resolveCoreference(doc: Doc): ActorMention[] {
  if (doc.language === null) throw new SitrepError('E_PIPELINE', 'coreference needs a detected language, found none');
  const lang = doc.language;
  const C = corefLexicon(lang);
  const data = C.data;
  const lex = actorLexicon(lang);
  const tokens = doc.tokens;
  const base = doc.actors.filter((a) => a.kind !== 'pronoun').sort((a, b) => a.start - b.start);

  const tokenAt = new Map<number, number>();
  tokens.forEach((t, i) => tokenAt.set(t.start, i));
  const coordination = C.coordination;
  const groups = findGroups(base, tokens, tokenAt, (norm) => coordination.has(norm) || lex.grammar.determiners.has(norm) || lex.grammar.complementArticles.has(norm));

  // Collective noun phrases replace the generic mention the actors unit may have made of them.
  const collectives = findCollectives(doc, C, lex.grammar.numberWords, groups, base);
  const kept = base.filter((a) => !overlapsAny(collectives, a));

  const markers = C.markers;
  const dets = lex.grammar.determiners;
  const inExample = (start: number): boolean => {
    let i = tokenAt.get(start);
    if (i === undefined) return false;
    let prev = tokens[i - 1];
    if (prev !== undefined && dets.has(prev.norm)) prev = tokens[--i - 1];
    return prev !== undefined && markers.has(prev.norm);
  };
  const candidates: Candidate[] = [
    ...[...kept, ...collectives].map((m): Candidate => ({ kind: 'mention', m, start: m.start, end: m.end, sentence: m.sentence, plural: m.plural })),
    // Written out, not spread: `{ ...g, plural }` would give each candidate a hidden class of its own in V8.
    ...groups.map((g): Candidate => ({ kind: 'group', members: g.members, start: g.start, end: g.end, sentence: g.sentence, plural: true })),
  ]
    .filter((c) => !inExample(c.start))
    .sort((a, b) => a.start - b.start);
  // Candidates by sentence, so each pronoun looks at a bounded window (linear in the document).
  const bySentence = groupBySentence(candidates);

  const pronouns: ActorMention[] = [];
  const notSubjectAfter = C.notSubjectAfter;
  const impersonal = C.impersonal;
  const pronounForms = C.pronounForms;
  tokens.forEach((t, i) => {
    const p = pronounForms.get(t.norm);
    if (p === undefined || t.kind !== 'word') return;
    const prev = tokens[i - 1];
    if (prev !== undefined && prev.sentence === t.sentence && notSubjectAfter.has(prev.norm)) return;
    // "il y a", "il faut", "il pourrait s'agir": no referent.
    if (!p.plural) {
      for (let k = i + 1; k <= i + Math.max(1, data.impersonalWindow) && k < tokens.length; k++) {
        const n = tokens[k] as Token;
        // Quotation marks do not end the clause ("qu'il « n'y a que »").
        if ((n.kind === 'punct' && !/^["«»“”„']$/.test(n.text)) || n.sentence !== t.sentence) break;
        if (impersonal.has(n.norm)) return;
      }
    }
    const isPerson = (c: Candidate): boolean => c.kind === 'mention' && (c.m.kind === 'person' || c.m.id === 'generic.head-of-state' || c.m.id === 'generic.leader');
    const ok = (c: Candidate): boolean => {
      if (c.end > t.start) return false;
      // News sources are quoted, rarely resumed by a pronoun.
      if (c.kind === 'mention' && c.m.sector === 'MED') return false;
      if (p.plural) return c.plural;
      if (c.kind === 'group' || c.plural) return false;
      return !p.personOnly || isPerson(c);
    };
    let chosen = p.preferPerson ? pick(bySentence, t, (c) => ok(c) && isPerson(c), data.maxSentencesBack) : null;
    chosen ??= pick(bySentence, t, ok, data.maxSentencesBack);
    // Organisations are often "they" even when named in the singular ("Hamas said they...").
    if (chosen === null && p.plural) {
      chosen = pick(bySentence, t, (c) => c.end <= t.start && c.kind === 'mention' && c.m.kind === 'entity' && !c.m.id.startsWith('state.'), data.maxSentencesBack);
    }
    if (chosen === null) return;
    const refs = chosen.kind === 'group' ? chosen.members : chosen.m.kind === 'pronoun' && chosen.m.refersTo ? chosen.m.refersTo : [chosen.m];
    pronouns.push(anaphor(doc, t, t, refs, p.plural, `${lang}.coref.pronoun`));
  });

  return [...kept, ...collectives, ...pronouns].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Nearest compatible candidate in the pronoun's sentence, else the first one of the closest earlier sentence. */
function pick(bySentence: Map<number, Candidate[]>, t: Token, ok: (c: Candidate) => boolean, maxBack: number): Candidate | null {
  let same: Candidate | null = null;
  for (const c of bySentence.get(t.sentence) ?? []) {
    if (!ok(c)) continue;
    // Nearest end wins; on a tie the longer reading (a group over its last member).
    if (same === null || c.end > same.end || (c.end === same.end && c.start < same.start)) same = c;
  }
  if (same !== null) return same;
  for (let s = t.sentence - 1; s >= Math.max(0, t.sentence - maxBack); s--) {
    let first: Candidate | null = null;
    for (const c of bySentence.get(s) ?? []) {
      if (!ok(c)) continue;
      if (first === null || c.start < first.start || (c.start === first.start && c.end > first.end)) first = c;
    }
    if (first !== null) return first;
  }
  return null;
}

function findGroups(base: ActorMention[], tokens: readonly Token[], tokenAt: Map<number, number>, joiner: (norm: string) => boolean): Group[] {
  const groups: Group[] = [];
  let cur: ActorMention[] = [];
  const flush = (): void => {
    if (cur.length >= 2) {
      const first = cur[0] as ActorMention;
      const last = cur[cur.length - 1] as ActorMention;
      // The determiner of the first member belongs to the list ("Les États-Unis, ...").
      groups.push({ members: cur, start: first.start, end: last.end, sentence: first.sentence });
    }
    cur = [];
  };
  for (const m of base) {
    const prev = cur[cur.length - 1];
    if (prev !== undefined && prev.sentence === m.sentence && m.start > prev.end && gapJoins(prev.end, m.start, tokens, tokenAt, joiner)) {
      cur.push(m);
      continue;
    }
    flush();
    cur = [m];
  }
  flush();
  return groups;
}

/** True when every token between two mentions is a list joiner, and there is at least one. */
function gapJoins(from: number, to: number, tokens: readonly Token[], tokenAt: Map<number, number>, joiner: (norm: string) => boolean): boolean {
  let i: number | undefined;
  for (let off = from; off < to && i === undefined; off++) i = tokenAt.get(off);
  if (i === undefined) return false;
  let n = 0;
  for (let k = i; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.start >= to) break;
    if (!joiner(t.norm)) return false;
    n++;
  }
  return n > 0;
}

function findCollectives(doc: Doc, C: CorefLexicon, numberWords: Map<string, number>, groups: Group[], base: ActorMention[]): ActorMention[] {
  const tokens = doc.tokens;
  const { data, dets, demonstratives, heads } = C;
  const out: ActorMention[] = [];
  const groupsBySentence = groupBy(groups, (g) => g.sentence);
  const baseBySentence = groupBy(base, (m) => m.sentence);
  for (let i = 0; i < tokens.length; i++) {
    const det = tokens[i] as Token;
    if (!dets.has(det.norm)) continue;
    let j = i + 1;
    let n: number | null = null;
    const num = tokens[j];
    if (num !== undefined && num.sentence === det.sentence) {
      const w = numberWords.get(num.norm);
      if (num.kind === 'number' && /^\d+$/.test(num.text)) n = Number(num.text);
      else if (w !== undefined && w > 0) n = w;
      if (n !== null) j++;
    }
    const headTok = tokens[j];
    if (headTok === undefined || headTok.sentence !== det.sentence) continue;
    const head = heads.get(headTok.norm);
    if (head === undefined) continue;
    if (n === null && !demonstratives.has(det.norm)) continue;
    const eligible: Group[] = [];
    for (let s = det.sentence - data.maxCollectiveSentencesBack; s <= det.sentence; s++) {
      for (const g of groupsBySentence.get(s) ?? []) {
        if (g.end <= det.start && (!head.states || g.members.every((m) => m.id.startsWith('state.') || m.sector === 'GOV'))) eligible.push(g);
      }
    }
    let refs: ActorMention[] | null = null;
    if (n !== null) {
      const g = [...eligible].reverse().find((x) => x.members.length === n);
      if (g !== undefined) refs = g.members;
    } else {
      const g = eligible[eligible.length - 1];
      if (g !== undefined) refs = g.members;
      else {
        let m: ActorMention | undefined;
        for (let s = det.sentence; s >= det.sentence - data.maxSentencesBack && m === undefined; s--) {
          m = [...(baseBySentence.get(s) ?? [])].reverse().find((a) => a.end <= det.start && a.plural);
        }
        if (m !== undefined) refs = [m];
      }
    }
    if (refs === null) continue;
    const members = head.sector === null ? refs : refs.map((m) => ({ ...m, sector: head.sector }));
    out.push(anaphor(doc, det, headTok, members, true, `${doc.language}.coref.collective`));
    i = j;
  }
  return out;
}

/** Whether `a` overlaps one of `spans` (sorted by start, not overlapping each other): binary search. */
function overlapsAny(spans: readonly ActorMention[], a: ActorMention): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as ActorMention).end <= a.start) lo = mid + 1;
    else hi = mid;
  }
  const c = spans[lo];
  return c !== undefined && c.start < a.end;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function anaphor(doc: Doc, first: Token, last: Token, refs: ActorMention[], plural: boolean, rule: string): ActorMention {
  const one = refs.length === 1 ? (refs[0] as ActorMention) : null;
  const same = <T>(f: (m: ActorMention) => T): T | null => {
    const v = refs.map(f);
    return v.every((x) => x === v[0]) ? (v[0] as T) : null;
  };
  return {
    start: first.start,
    end: last.end,
    text: doc.text.slice(first.start, last.end),
    sentence: first.sentence,
    name: one !== null ? one.name : refs.map((r) => r.name).join(', '),
    country: same((m) => m.country),
    sector: same((m) => m.sector),
    id: one !== null ? one.id : 'coref.group',
    kind: 'pronoun',
    plural,
    rule,
    refersTo: refs,
  };
}

/** Pipeline stage: adds resolved pronouns and collective noun phrases to `doc.actors`. */
export const corefStage: Stage = {
  name: 'coref',
  requires: ['actors', 'tokens'],
  provides: ['actors'],
  run(doc: Doc): Doc {
    return { ...doc, actors: resolveCoreference(doc) };
  },
};
