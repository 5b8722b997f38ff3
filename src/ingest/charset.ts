import { decodeText } from '../stages/ingest/index.js';
import { SitrepError } from '../core/errors.js';

/** Charset declared by an HTTP Content-Type or an HTML/XML prolog, lower-cased, or null. */
export function declaredCharset(bytes: Uint8Array, contentType: string | null = null): string | null {
  const fromHeader = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  if (fromHeader) return fromHeader.toLowerCase();
  // Per the HTML spec the declaration must sit in the first 1024 bytes; latin1 keeps bytes 1:1.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/**
 * Decodes markup (HTML pages, feeds) honouring a declared charset. Without a declaration, UTF-8 is
 * required, except that HTML falls back to windows-1252 as browsers do; the fallback is reported so it
 * can be stored in the document metadata.
 */
export function decodeMarkup(bytes: Uint8Array, name: string, opts: { contentType?: string | null; fallback1252?: boolean } = {}): { text: string; charset: string } {
  const declared = declaredCharset(bytes, opts.contentType ?? null);
  if (declared !== null && declared !== 'utf-8' && declared !== 'utf8') {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared);
    } catch {
      throw new SitrepError('E_ENCODING', `${name}: unknown charset "${declared}"; expected UTF-8 or a WHATWG encoding label`, { input: name, stage: 'decode' });
    }
    return { text: decoder.decode(bytes), charset: decoder.encoding };
  }
  try {
    return { text: decodeText(bytes, name), charset: 'utf-8' };
  } catch (err) {
    if (opts.fallback1252 && declared === null && err instanceof SitrepError && err.code === 'E_ENCODING') {
      return { text: new TextDecoder('windows-1252').decode(bytes), charset: 'windows-1252 (guessed)' };
    }
    throw err;
  }
}
