/**
 * Builds accent- and case-insensitive regular expression sources from folded dictionary forms. Each
 * form becomes a fixed sequence of character classes, so the resulting alternations never nest
 * quantifiers and stay linear on hostile text.
 */

const CLASSES: Record<string, string> = {
  a: '[aàâäáãå]',
  e: '[eéèêë]',
  i: '[iîïíì]',
  o: '[oôöóòõ]',
  u: '[uùûüú]',
  c: '[cç]',
  y: '[yÿ]',
  n: '[nñ]',
  "'": "['\u2019\u02bc\u2018]",
  '-': '[-\u2010\u2011\u2012\u2013]',
};

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Regex source for one folded form; spaces match any run of white space. */
export function formSource(form: string): string {
  let out = '';
  for (const ch of form) {
    if (ch === ' ') out += '\\s+';
    else out += CLASSES[ch] ?? escapeChar(ch);
  }
  return out;
}

/**
 * Alternation of forms, longest first, each followed by the white space that separates it from the
 * next word: forms ending in an apostrophe or hyphen ("l'", "mi-") glue to the next word.
 */
export function altWithTrail(forms: readonly string[]): string {
  return sortForms(forms)
    .map((f) => formSource(f) + (/['-]$/.test(f) ? '\\s*' : '\\s+'))
    .join('|');
}

/** Plain alternation of forms, longest first. */
export function alt(forms: readonly string[]): string {
  return sortForms(forms).map(formSource).join('|');
}

function sortForms(forms: readonly string[]): string[] {
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Left word boundary usable at the start of a pattern. */
export const LB = '(?<![\\p{L}\\p{N}])';
/** Right word boundary. */
export const RB = '(?![\\p{L}\\p{N}])';
