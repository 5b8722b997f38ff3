import { PIPELINE_VERSION } from '../extract.js';
import { SitrepError } from '../core/errors.js';
import type { HttpValidators } from './types.js';

/** The User-Agent sent with every request, so site owners can tell who is fetching and why. */
export const USER_AGENT = `sitrep/${PIPELINE_VERSION} (conflict-event extraction; +https://github.com/sitrep/sitrep)`;

/** Whether validators hold anything a conditional request can send. */
export function hasValidators(v: HttpValidators | null | undefined): v is HttpValidators {
  return v != null && (v.etag !== null || v.lastModified !== null);
}

/** A fetched resource. */
export interface Fetched {
  url: string;
  contentType: string | null;
  bytes: Uint8Array;
  /** The answer's ETag and Last-Modified (the request's own when the answer was 304). */
  validators: HttpValidators;
  /** The server answered 304 Not Modified to the validators sent: `bytes` is empty. */
  notModified: boolean;
}

/**
 * GETs a URL with a timeout covering the whole transfer, a size cap and the sitrep User-Agent.
 * Only http and https are accepted. With `validators`, the request is conditional (If-None-Match,
 * If-Modified-Since) and a 304 answer is returned as `notModified`, not as an error.
 */
export async function fetchUrl(url: string, opts: { timeoutMs: number; maxBytes: number; validators?: HttpValidators | null }): Promise<Fetched> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SitrepError('E_USAGE', `${url}: not a valid URL`, { input: url, stage: 'fetch' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SitrepError('E_USAGE', `${url}: only http and https URLs are fetched`, { input: url, stage: 'fetch' });
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5' };
    if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
    if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
    res = await fetch(u, { signal, redirect: 'follow', headers });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${opts.timeoutMs} ms` : `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}`;
    throw new SitrepError('E_IO', `${url}: fetch failed: ${why}`, { input: url, stage: 'fetch' });
  }
  const sent = opts.validators;
  if (res.status === 304 && hasValidators(sent)) {
    await res.body?.cancel().catch(() => undefined);
    // A 304 may repeat the validators or send newer ones; what it leaves out stays as sent.
    const validators = { etag: res.headers.get('etag') ?? sent.etag, lastModified: res.headers.get('last-modified') ?? sent.lastModified };
    return { url: res.url || url, contentType: res.headers.get('content-type'), bytes: new Uint8Array(0), validators, notModified: true };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SitrepError('E_IO', `${url}: HTTP ${res.status} ${res.statusText}`, { input: url, stage: 'fetch' });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > opts.maxBytes) throw new SitrepError('E_TOO_LARGE', `${url}: larger than ${opts.maxBytes} bytes`, { input: url, stage: 'fetch' });
      chunks.push(chunk as Uint8Array);
    }
  } catch (err) {
    if (err instanceof SitrepError) throw err;
    throw new SitrepError('E_IO', `${url}: download failed: ${(err as Error).name === 'TimeoutError' ? `not complete within ${opts.timeoutMs} ms` : (err as Error).message}`, { input: url, stage: 'fetch' });
  }
  return {
    url: res.url || url,
    contentType: res.headers.get('content-type'),
    bytes: Buffer.concat(chunks),
    validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
    notModified: false,
  };
}
