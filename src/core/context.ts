import type { LangCode } from './languages.js';

/**
 * Everything a stage may know besides its input. Stages never read the clock, the environment or
 * globals: the reference date and language come in here.
 */
export interface Context {
  /** Publication date (YYYY-MM-DD) used to resolve relative dates; null when unknown. */
  published: string | null;
  /** Requested language, or auto-detection. */
  language: LangCode | 'auto';
  /** Largest accepted input, in characters. */
  maxChars: number;
}

/**
 * Longest accepted text: 2 million characters, twenty times the longest real article seen in the corpora.
 * A 10 MB "article" is a dump or a mistake; it is refused with E_TOO_LARGE unless --max-chars raises this.
 */
export const DEFAULT_MAX_CHARS = 2_000_000;

/** Builds a context with defaults. */
export function makeContext(partial: Partial<Context> = {}): Context {
  return {
    published: partial.published ?? null,
    language: partial.language ?? 'auto',
    maxChars: partial.maxChars ?? DEFAULT_MAX_CHARS,
  };
}
