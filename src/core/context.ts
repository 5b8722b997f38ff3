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

/** Default limits: 10 MB of text is accepted, beyond that the input is refused with E_TOO_LARGE. */
export const DEFAULT_MAX_CHARS = 12_000_000;

/** Builds a context with defaults. */
export function makeContext(partial: Partial<Context> = {}): Context {
  return {
    published: partial.published ?? null,
    language: partial.language ?? 'auto',
    maxChars: partial.maxChars ?? DEFAULT_MAX_CHARS,
  };
}
