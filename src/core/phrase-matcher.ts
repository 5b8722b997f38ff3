import type { Token } from './types.js';
import { fold, tokenize, type TokenizerData } from './text.js';

/**
 * One surface form of a dictionary entry, compiled to token patterns. A pattern token ending in `*`
 * matches any token that starts with it ("empar*" matches "emparés"); a pattern token written in
 * capitals of up to five letters ("UN", "EU") must match case-sensitively, so the French article "un"
 * is not the United Nations.
 */
interface CompiledForm<T> {
  parts: { norm: string; prefix: boolean; exact: string | null }[];
  entry: T;
  form: string;
}

/** Forms sharing a first token, split by what follows it. */
interface Bucket<T> {
  one: CompiledForm<T>[];
  bySecond: Map<string, CompiledForm<T>[]>;
  secondPrefixed: CompiledForm<T>[];
}

/** A match of a compiled form over the document tokens. */
export interface PhraseMatch<T> {
  entry: T;
  /** The surface form (as written in the dictionary) that matched. */
  form: string;
  /** Index of first token, inclusive. */
  first: number;
  /** Index past last token, exclusive. */
  last: number;
  start: number;
  end: number;
}

export interface PhraseMatcherOptions {
  /** Forms must not cross sentence boundaries (default true). */
  withinSentence?: boolean;
}

const ACRONYM = /^[A-Z][A-Z0-9]{0,4}$/;
/** The answer to every miss: one shared empty list, as misses are most of the calls. */
const NO_MATCH: readonly never[] = Object.freeze([]);
/**
 * Words of letters separated by single spaces, with an optional final `*`: the tokenizer would cut
 * such a form at its spaces and nowhere else, so it is split directly. Lexicons hold tens of
 * thousands of forms, and tokenising each one was most of the start-up time.
 */
const SIMPLE_FORM = /^[\p{L}\p{M}]+(?: [\p{L}\p{M}]+)*\*?$/u;

function simpleParts(form: string): { norm: string; prefix: boolean; exact: string | null }[] {
  const star = form.endsWith('*');
  const words = (star ? form.slice(0, -1) : form).split(' ');
  return words.map((w, i) => ({ norm: fold(w), prefix: star && i === words.length - 1, exact: ACRONYM.test(w) && w.length <= 5 ? w : null }));
}
/** Length of the bucket key of prefix forms ("empar*" is filed under "emp"). */
const PREFIX_KEY = 3;

/**
 * Token-level dictionary matcher. Lookup is by the first token's folded form (exact or by prefix),
 * then a bounded comparison of the following tokens, so matching is linear in document length.
 */
export class PhraseMatcher<T> {
  /** Forms by first token; multi-token forms also by second token, so a frequent first word ("the", "a", "ont") costs one look-up, not a scan of every form it begins. */
  private readonly exact = new Map<string, Bucket<T>>();
  private readonly prefixed = new Map<number, PrefixNode<T>>();
  private count = 0;

  constructor(private readonly tokData: TokenizerData) {}

  /** Number of compiled forms. */
  get size(): number {
    return this.count;
  }

  /** Adds one surface form for an entry. Empty forms are ignored. */
  add(form: string, entry: T): void {
    const cleaned = SIMPLE_FORM.test(form) ? simpleParts(form) : this.tokenizedParts(form);
    if (cleaned === null) return;
    const first = cleaned[0];
    if (first === undefined) return;
    const compiled: CompiledForm<T> = { parts: cleaned, entry, form };
    if (first.prefix) {
      this.addPrefixed(first.norm.slice(0, PREFIX_KEY), compiled);
    } else {
      let bucket = this.exact.get(first.norm);
      if (!bucket) {
        bucket = { one: [], bySecond: new Map(), secondPrefixed: [] };
        this.exact.set(first.norm, bucket);
      }
      const second = cleaned[1];
      if (second === undefined) bucket.one.push(compiled);
      else if (second.prefix) bucket.secondPrefixed.push(compiled);
      else push(bucket.bySecond, second.norm, compiled);
    }
    this.count++;
  }

  /** Parts of any form, through the document tokenizer, so forms split exactly as text does. */
  private tokenizedParts(form: string): CompiledForm<T>['parts'] | null {
    // A form ending in an elided article ("avant l'") is tokenised as it would be before a word.
    const elided = /['\u2019]$/.test(form);
    const toks = elided ? tokenize(`${form}x`, this.tokData).slice(0, -1) : tokenize(form, this.tokData);
    if (toks.length === 0) return null;
    const parts = toks.map((t, i) => {
      const raw = t.text;
      const isPrefix = i === toks.length - 1 ? /\*$/.test(form) && raw !== '*' : false;
      return { norm: t.norm, prefix: isPrefix, exact: ACRONYM.test(raw) && raw.length <= 5 ? raw : null };
    });
    // tokenize() yields "*" as its own punct token; fold it into the preceding part.
    const cleaned: CompiledForm<T>['parts'] = [];
    for (const p of parts) {
      if (p.norm === '*' && cleaned.length > 0) {
        (cleaned[cleaned.length - 1] as { prefix: boolean }).prefix = true;
        continue;
      }
      cleaned.push(p);
    }
    return cleaned;
  }

  private addPrefixed(key: string, compiled: CompiledForm<T>): void {
    let level = this.prefixed;
    let node: PrefixNode<T> | undefined;
    for (let d = 0; d < key.length; d++) {
      const code = key.charCodeAt(d);
      node = level.get(code);
      if (!node) {
        node = { forms: [], next: null };
        level.set(code, node);
      }
      if (d < key.length - 1) level = node.next ??= new Map();
    }
    node?.forms.push(compiled);
  }

  /** All forms starting at token `i`, longest first. */
  matchAt(tokens: readonly Token[], i: number, opts?: PhraseMatcherOptions): readonly PhraseMatch<T>[] {
    // Callers probe one past the end ("what follows this name?"): bounds are tested, not read out of
    // range, as a read past the end deoptimised this, the hottest function of extraction.
    if (i < 0 || i >= tokens.length) return NO_MATCH;
    const tok = tokens[i] as Token;
    const ex = this.exact.get(tok.norm);
    // This runs for every token of every document, once per matcher: the miss path allocates nothing.
    const pre = this.prefixed.size > 0 ? this.prefixNode(tok.norm) : undefined;
    if (ex === undefined && pre === undefined) return NO_MATCH;
    const out: PhraseMatch<T>[] = [];
    const within = opts?.withinSentence !== false;
    if (ex) {
      for (const c of ex.one) consider(c, tokens, i, within, out);
      for (const c of ex.secondPrefixed) consider(c, tokens, i, within, out);
      const next = i + 1 < tokens.length ? tokens[i + 1] : undefined;
      if (next !== undefined) {
        const two = ex.bySecond.get(next.norm);
        if (two) for (const c of two) consider(c, tokens, i, within, out);
      }
    }
    // Prefix forms are bucketed by their first PREFIX_KEY characters, walked one character code at a
    // time: at most PREFIX_KEY look-ups whatever the lexicon size, and no key string is built.
    for (let node = pre, depth = 1; node !== undefined; depth++) {
      for (const c of node.forms) consider(c, tokens, i, within, out);
      node = depth < PREFIX_KEY && depth < tok.norm.length ? node.next?.get(tok.norm.charCodeAt(depth)) : undefined;
    }
    if (out.length > 1) out.sort((a, b) => b.last - a.last);
    return out.length === 0 ? NO_MATCH : out;
  }

  private prefixNode(norm: string): PrefixNode<T> | undefined {
    return norm.length === 0 ? undefined : this.prefixed.get(norm.charCodeAt(0));
  }

  /** Greedy left-to-right longest non-overlapping matches over a token range. */
  findAll(tokens: readonly Token[], from = 0, to = tokens.length, opts?: PhraseMatcherOptions): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    let i = from;
    while (i < to) {
      const ms = this.matchAt(tokens, i, opts);
      let bestLast = -1;
      for (const m of ms) if (m.last <= to && m.last > bestLast) bestLast = m.last;
      if (bestLast >= 0) {
        // Several entries may share the longest form (homonyms); keep them all for the caller to rank.
        for (const m of ms) if (m.last === bestLast) out.push(m);
        i = bestLast;
      } else i++;
    }
    return out;
  }
}

/** Pushes onto `out` the match of form `c` at token `i`, if its every part matches. */
function consider<T>(c: CompiledForm<T>, tokens: readonly Token[], i: number, within: boolean, out: PhraseMatch<T>[]): void {
  const tok = tokens[i] as Token;
  const parts = c.parts;
  for (let k = 0; k < parts.length; k++) {
    const t = tokens[i + k];
    const p = parts[k] as CompiledForm<T>['parts'][number];
    if (t === undefined || (within && t.sentence !== tok.sentence)) return;
    if (p.exact !== null) {
      if (t.text !== p.exact) return;
    } else if (p.prefix ? !t.norm.startsWith(p.norm) : t.norm !== p.norm) return;
  }
  const lastTok = tokens[i + parts.length - 1] as Token;
  out.push({ entry: c.entry, form: c.form, first: i, last: i + parts.length, start: tok.start, end: lastTok.end });
}

/** A node of the prefix-form trie: forms whose key ends here, and longer keys by next character code. */
interface PrefixNode<T> {
  forms: CompiledForm<T>[];
  next: Map<number, PrefixNode<T>> | null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Groups matches that cover the same token span (homonyms: one form, several entries). Matches come
 * from {@link PhraseMatcher.findAll} in text order, so equal spans are adjacent.
 */
export function groupBySpan<T>(matches: readonly PhraseMatch<T>[]): PhraseMatch<T>[][] {
  const groups: PhraseMatch<T>[][] = [];
  for (const m of matches) {
    const last = groups[groups.length - 1];
    const head = last?.[0];
    if (last && head && head.first === m.first && head.last === m.last) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** Folded key of a phrase, for dictionary maps that are not token-based. */
export function phraseKey(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}
