/** One article produced by an input reader, ready for extraction and storage. */
export interface IngestItem {
  /** Reader's id: file path, JSONL id, feed item guid or link, URL. */
  id: string;
  /** Article text (main text for pages, stripped content for feed items). */
  text: string;
  published: string | null;
  language: string | null;
  title: string | null;
  url: string | null;
  /** Outlet name: `--source`, feed title or the page's site name. */
  source: string | null;
  /** Raw input (page HTML, feed item XML, JSONL line); null when it is the text itself. */
  raw: string | null;
  kind: 'text' | 'html' | 'feed-item' | 'jsonl';
  /** Where it was read from: file path, URL, or `path:line` for JSONL. */
  origin: string;
  byline: string | null;
  siteName: string | null;
  /** Extra metadata kept with the document (charset used, feed URL...). */
  meta: Record<string, unknown>;
}

/** A reader failure: which input, at which stage, and why. Never stops the run. */
export interface IngestFailure {
  input: string;
  stage: string;
  code: string;
  reason: string;
}

/** What readers yield: an item, or a failure to log. */
export type ReadResult = { item: IngestItem } | { failure: IngestFailure };

/** Options shared by all readers. */
export interface ReaderOptions {
  /** Default publication day for inputs without one. */
  published: string | null;
  /** Forced language, or null for the input's own / auto-detection. */
  language: string | null;
  /** Outlet name overriding what the input says. */
  source: string | null;
  /** Network timeout per request, in milliseconds. */
  timeoutMs: number;
  /** Largest accepted download, in bytes. */
  maxBytes: number;
  /**
   * Conditional GET for URL inputs (`watch`): the validators of the last complete read are sent, a
   * 304 Not Modified answer yields nothing, and `received` is given the answer's validators.
   */
  conditional?: { validators: HttpValidators | null; received(validators: HttpValidators, notModified: boolean): void };
}

/**
 * An HTTP resource's validators (ETag, Last-Modified), sent back as If-None-Match and
 * If-Modified-Since so that a server answers 304 instead of sending an unchanged feed again.
 */
export interface HttpValidators {
  etag: string | null;
  lastModified: string | null;
}
