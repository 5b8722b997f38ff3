import type { Sentence, Span } from '../../core/types.js';
import { fold } from '../../core/text.js';

/** Sentence-splitting data from `lang/<code>/segment.json`. */
export interface SentenceData {
  /** Folded abbreviations (without the final period) after which a period does not end a sentence. */
  abbreviations: string[];
}

// A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
// French typography puts a (narrow) space before the closing guillemet: "ville. »".
const BOUNDARY = /[.!?…]+(?:[ \u00a0\u202f]?["»”’)\]])*(?=\s|$)/g;

/**
 * Splits text into sentences. Lines are hard boundaries (news bodies put headings and paragraphs on
 * their own lines); within a line, a terminal mark ends a sentence unless it follows an abbreviation
 * or an initial, or the next word starts in lower case.
 */
export function splitSentences(text: string, data: SentenceData): Omit<Sentence, 'tokenStart' | 'tokenEnd'>[] {
  const abbr = new Set(data.abbreviations);
  const spans: (Span & { heading: boolean })[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    splitLine(text, lineStart, lineEnd, abbr, spans);
    lineStart = lineEnd + 1;
  }
  // A text of a single line is a sentence or snippet without its period, not a title: a heading needs a body.
  const oneLine = text.trim().indexOf('\n') < 0;
  return spans.map((s, index) => ({ index, start: s.start, end: s.end, text: text.slice(s.start, s.end), heading: s.heading && !oneLine }));
}

function splitLine(text: string, from: number, to: number, abbr: Set<string>, out: (Span & { heading: boolean })[]): void {
  const line = text.slice(from, to);
  let segStart = 0;
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(line)) !== null) {
    const end = m.index + m[0].length;
    if (!isRealBoundary(line, m.index, end, abbr)) continue;
    pushTrimmed(text, from + segStart, from + end, out, false);
    segStart = end;
  }
  const lastStart = out.length;
  pushTrimmed(text, from + segStart, to, out, false);
  const last = out[out.length - 1];
  // A line with no terminal punctuation that stands alone is a heading ("Contre-attaque des forces").
  if (out.length > lastStart && last !== undefined && segStart === 0 && !/[.!?…:;"»”)]\s*$/.test(last ? text.slice(last.start, last.end) : '')) {
    last.heading = true;
  }
}

function isRealBoundary(line: string, markStart: number, end: number, abbr: Set<string>): boolean {
  const mark = line[markStart];
  // Next non-space character must start a new sentence: upper case, digit, quote or dash.
  let j = end;
  while (j < line.length && /\s/.test(line[j] as string)) j++;
  if (j >= line.length) return true;
  const next = line[j] as string;
  if (/[\p{Ll}]/u.test(next)) return false;
  if (mark !== '.') return true;
  // Word before the period: abbreviation or single-letter initial ("G. W. Bush", "M. Macron").
  let k = markStart;
  while (k > 0 && /[\p{L}.-]/u.test(line[k - 1] as string)) k--;
  const word = fold(line.slice(k, markStart));
  if (word.length === 1 && /\p{L}/u.test(word)) return false;
  if (abbr.has(word)) return false;
  return true;
}

function pushTrimmed(text: string, start: number, end: number, out: (Span & { heading: boolean })[], heading: boolean): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  if (e > s) out.push({ start: s, end: e, heading });
}
