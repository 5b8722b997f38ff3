import type { Token, TokenKind } from './types.js';

const APOSTROPHES = /[\u2019\u02bc\u2018`´]/g;

/**
 * Folds text for matching: lower case, diacritics removed, typographic apostrophes and dashes
 * unified. The result has exactly the same length as the input, so offsets found in the folded
 * string are offsets into the original.
 */
export function fold(text: string): string {
  // ASCII runs are lower-cased whole (the same as shifting A-Z one by one); only the other
  // characters go through the per-character table. Building the result a character at a time
  // made folding a measurable share of every stage that reads text.
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) continue;
    if (i > run) out += text.slice(run, i).toLowerCase();
    out += foldChar(text[i] as string);
    run = i + 1;
  }
  return run === 0 ? text.toLowerCase() : run < text.length ? out + text.slice(run).toLowerCase() : out;
}

const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let f: string;
  if (/[\u2019\u02bc\u2018`´]/.test(ch)) f = "'";
  else if (/[\u2010-\u2015\u2212]/.test(ch)) f = '-';
  else if (/[\u00a0\u202f\u2009\u2007]/.test(ch)) f = ' ';
  else {
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    // Keep a 1:1 length mapping; characters that expand (ß, œ ligature) stay as they are.
    f = base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  }
  foldCache.set(ch, f);
  return f;
}

/** Unifies apostrophes only (keeps case and accents). */
export function unifyApostrophes(text: string): string {
  return text.replace(APOSTROPHES, "'");
}

/** Language-specific tokenisation data, loaded from `lang/<code>/segment.json`. */
export interface TokenizerData {
  /** Folded elided prefixes that split off before an apostrophe: l', d', qu'. */
  elisions: string[];
  /** Folded clitic suffixes that split off after an apostrophe: 's. */
  cliticSuffixes: string[];
  /** Folded words that contain an apostrophe and must stay whole: aujourd'hui. */
  keepWhole: string[];
}

const setCache = new WeakMap<TokenizerData, { elisions: Set<string>; clitics: Set<string>; keep: Set<string> }>();

/** The tokenizer runs once per sentence; its look-up sets are built once per language data object. */
function tokenizerSets(data: TokenizerData): { elisions: Set<string>; clitics: Set<string>; keep: Set<string> } {
  let sets = setCache.get(data);
  if (!sets) {
    sets = { elisions: new Set(data.elisions), clitics: new Set(data.cliticSuffixes), keep: new Set(data.keepWhole) };
    setCache.set(data, sets);
  }
  return sets;
}

// Each alternative is anchored on a distinct first character class, so the scan is linear.
// Grouped numbers: 14 000, 14,000, 14.000 (group separator must be followed by exactly 3 digits).
const TOKEN_RE =
  /(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])(?:,\d+)?)|(\d+(?:[.,]\d+)*)|([\p{L}\p{M}]+(?:[-'\u2019][\p{L}\p{M}]+)*)|(\S)/gu;

/**
 * Splits text into word, number and punctuation tokens with offsets. Elided articles (l', d') and
 * clitics ('s) become tokens of their own so that "d'Alep" matches the gazetteer entry "Alep".
 */
export function tokenize(text: string, data: TokenizerData, base = 0, sentence = 0, firstIndex = 0): Token[] {
  const folded = fold(text);
  const tokens: Token[] = [];
  const { elisions, clitics, keep } = tokenizerSets(data);
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const push = (start: number, end: number, kind: TokenKind): void => {
    tokens.push({
      start: base + start,
      end: base + end,
      text: text.slice(start, end),
      norm: folded.slice(start, end),
      kind,
      sentence,
      index: firstIndex + tokens.length,
    });
  };
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) {
      push(start, end, 'number');
      continue;
    }
    if (m[4] !== undefined) {
      push(start, end, 'punct');
      continue;
    }
    splitWord(folded, start, end, elisions, clitics, keep, push);
  }
  return tokens;
}

function splitWord(
  folded: string,
  start: number,
  end: number,
  elisions: Set<string>,
  clitics: Set<string>,
  keep: Set<string>,
  push: (s: number, e: number, k: TokenKind) => void,
): void {
  const word = folded.slice(start, end);
  if (!word.includes("'") || keep.has(word)) {
    push(start, end, 'word');
    return;
  }
  let s = start;
  // Leading elisions, possibly stacked (jusqu'à l'...) — each is a short prefix ending in an apostrophe.
  for (;;) {
    const apos = folded.indexOf("'", s);
    if (apos < 0 || apos >= end) break;
    const prefix = folded.slice(s, apos);
    if (!elisions.has(prefix)) break;
    push(s, apos + 1, 'word');
    s = apos + 1;
  }
  const lastApos = folded.lastIndexOf("'", end - 1);
  if (lastApos > s) {
    const suffix = folded.slice(lastApos, end);
    if (clitics.has(suffix)) {
      push(s, lastApos, 'word');
      push(lastApos, end, 'word');
      return;
    }
  }
  if (s < end) push(s, end, 'word');
}

/** Parses a number token ("14 000", "1,5", "14,000") to a number, or null. */
export function parseNumberToken(text: string, lang: string): number | null {
  const t = text.replace(/[\u00a0\u202f ]/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  // 14,000 / 14.000: a separator followed by groups of exactly three digits groups thousands,
  // except one French comma, which is a decimal mark ("1,500" reads 1.5 in French typography).
  const grouped = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.exec(t);
  if (grouped) {
    const single = t.split(grouped[1] as string).length === 2;
    if (!(lang === 'fr' && grouped[1] === ',' && single)) return Number(t.replace(/[.,]/g, ''));
  }
  if (/^\d+[.,]\d+$/.test(t)) return Number(t.replace(',', '.'));
  return null;
}
