import type { DocError, ErrorCode } from './types.js';

/**
 * The one error type sitrep throws on purpose. `code` is stable; `message` says what was expected,
 * what was found and where, so a user can act on it.
 */
export class SitrepError extends Error {
  readonly code: ErrorCode;
  readonly stage: string | null;
  readonly input: string | null;

  constructor(code: ErrorCode, message: string, opts: { stage?: string; input?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SitrepError';
    this.code = code;
    this.stage = opts.stage ?? null;
    this.input = opts.input ?? null;
  }

  /** Shape used in output `errors` lists. */
  toRecord(): DocError {
    return { code: this.code, message: this.message, stage: this.stage };
  }
}

/** Turns anything thrown into an output error record without losing the message. */
export function toDocError(err: unknown, stage: string | null = null): DocError {
  if (err instanceof SitrepError) return { ...err.toRecord(), stage: err.stage ?? stage };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: 'E_INTERNAL', message, stage };
}
