import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SitrepError } from '../core/errors.js';
import { decodeText } from '../stages/ingest/index.js';
import { decodeMarkup } from './charset.js';
import { looksLikeFeed } from './sniff.js';
import { fetchUrl } from './fetch.js';
import { byteLines, decodeLine, parseLine } from './jsonl.js';
import type { IngestFailure, ReadResult, ReaderOptions } from './types.js';

const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const FEED_EXT = new Set(['.rss', '.atom', '.xml']);
const JSONL_EXT = new Set(['.jsonl', '.ndjson']);
const TEXT_EXT = new Set(['.txt', '.text', '.md']);

/** Whether an input is a URL rather than a path. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Turns anything thrown by a reader into a failure record. */
export function failureOf(err: unknown, input: string, stage: string): IngestFailure {
  if (err instanceof SitrepError) return { input, stage: err.stage ?? stage, code: err.code, reason: err.message };
  return { input, stage, code: 'E_INTERNAL', reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/**
 * Expands the command-line inputs into a flat list: folders recursively (sorted, hidden entries and
 * unknown extensions skipped), files and URLs as given. Missing paths become failures.
 */
export async function expandInputs(inputs: string[]): Promise<{ files: string[]; failures: IngestFailure[] }> {
  const files: string[] = [];
  const failures: IngestFailure[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && [HTML_EXT, FEED_EXT, JSONL_EXT, TEXT_EXT].some((s) => s.has(extname(e.name).toLowerCase()))) files.push(p);
    }
  };
  for (const input of inputs) {
    if (isUrl(input) || input === '-') {
      files.push(input);
      continue;
    }
    try {
      const s = await stat(input);
      if (s.isDirectory()) await walk(input);
      else files.push(input);
    } catch (err) {
      failures.push({ input, stage: 'read', code: 'E_IO', reason: `cannot read ${input}: ${(err as Error).message}` });
    }
  }
  return { files, failures };
}

/**
 * Reads one input (file, URL or `-` for JSONL on stdin) and yields its items and failures. A broken
 * input yields one failure and nothing else; it never throws.
 */
export async function* readInput(input: string, opts: ReaderOptions): AsyncGenerator<ReadResult> {
  if (isUrl(input)) {
    yield* readUrl(input, opts);
    return;
  }
  const ext = extname(input).toLowerCase();
  if (input === '-' || JSONL_EXT.has(ext)) {
    yield* readJsonl(input, opts);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(input);
  } catch (err) {
    yield { failure: { input, stage: 'read', code: 'E_IO', reason: `cannot read ${input}: ${(err as Error).message}` } };
    return;
  }
  try {
    yield* readBytes(bytes, input, null, ext, opts, null);
  } catch (err) {
    yield { failure: failureOf(err, input, 'read') };
  }
}

// The feed and HTML readers are loaded on first use: they bring linkedom, whose load is most of
// `ingest`'s start-up, and a run of text or JSONL files never needs it.
async function* readBytes(bytes: Uint8Array, origin: string, contentType: string | null, ext: string, opts: ReaderOptions, url: string | null): AsyncGenerator<ReadResult> {
  const markupHint = HTML_EXT.has(ext) || FEED_EXT.has(ext) || /html|xml|rss|atom/i.test(contentType ?? '');
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const isFeed = FEED_EXT.has(ext) || /rss|atom/i.test(contentType ?? '') || looksLikeFeed(head);
  if (isFeed) {
    const { text } = decodeMarkup(bytes, origin, { contentType });
    const { parseFeed } = await import('./feed.js');
    const feed = parseFeed(text, origin, opts);
    for (const f of feed.failures) yield { failure: f };
    for (const item of feed.items) yield { item };
    return;
  }
  const isHtml = HTML_EXT.has(ext) || /html/i.test(contentType ?? '') || (!TEXT_EXT.has(ext) && /^\s*(?:<!doctype html|<html|<head|<body)/i.test(head.replace(/^\uFEFF/, '')));
  if (isHtml || markupHint) {
    const { text, charset } = decodeMarkup(bytes, origin, { contentType, fallback1252: true });
    const { readHtmlPage } = await import('./html.js');
    yield { item: readHtmlPage(text, origin, opts, { url, charset }) };
    return;
  }
  const text = decodeText(bytes, origin);
  yield {
    item: { id: url ?? origin, text, published: opts.published, language: opts.language, title: null, url, source: opts.source, raw: null, kind: 'text', origin, byline: null, siteName: null, meta: {} },
  };
}

async function* readUrl(url: string, opts: ReaderOptions): AsyncGenerator<ReadResult> {
  try {
    const res = await fetchUrl(url, { ...opts, validators: opts.conditional?.validators ?? null });
    opts.conditional?.received(res.validators, res.notModified);
    if (res.notModified) return;
    yield* readBytes(res.bytes, url, res.contentType, extname(new URL(res.url).pathname).toLowerCase(), opts, res.url);
  } catch (err) {
    yield { failure: failureOf(err, url, 'fetch') };
  }
}

async function* readJsonl(path: string, opts: ReaderOptions): AsyncGenerator<ReadResult> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  if (path !== '-') {
    const opened = await new Promise<Error | null>((resolve) => {
      input.once('open', () => resolve(null));
      input.once('error', (err: Error) => resolve(err));
    });
    if (opened) {
      yield { failure: { input: path, stage: 'read', code: 'E_IO', reason: `cannot read ${path}: ${opened.message}` } };
      return;
    }
  }
  let n = 0;
  for await (const bytes of byteLines(input)) {
    n++;
    const where = `${path}:${n}`;
    try {
      const line = decodeLine(bytes, where);
      if (line.trim() === '') continue;
      const { record: rec, value } = parseLine(line, where);
      yield {
        item: {
          id: rec.id,
          text: rec.text,
          published: rec.published ?? opts.published,
          language: opts.language ?? rec.language ?? null,
          title: rec.title ?? null,
          url: rec.url ?? null,
          source: opts.source ?? (typeof value.source === 'string' ? value.source : null),
          raw: null,
          kind: 'jsonl',
          origin: where,
          byline: null,
          siteName: null,
          meta: {},
        },
      };
    } catch (err) {
      yield { failure: failureOf(err, where, 'jsonl') };
    }
  }
}
