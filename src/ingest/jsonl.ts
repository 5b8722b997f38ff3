/**
 * The JSONL input format (`{"id", "text", "published"?, "language"?, "title"?, "url"?}` per line),
 * shared by `extract --jsonl` and `ingest`: strict line reading and record validation live here so
 * both commands refuse the same lines the same way.
 */
import type { ExtractInput } from '../core/output.js';
import { SitrepError } from '../core/errors.js';
import { firstInvalidUtf8 } from '../stages/ingest/decode.js';

/** Validates one parsed JSONL record against the extract input format. */
export function parseRecord(value: unknown, where: string): ExtractInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SitrepError('E_BAD_RECORD', `${where}: expected a JSON object {"id", "text", ...}, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' && typeof v.id !== 'number') throw new SitrepError('E_BAD_RECORD', `${where}: expected "id" as a string, found ${JSON.stringify(v.id) ?? 'nothing'}`);
  if (typeof v.text !== 'string') throw new SitrepError('E_BAD_RECORD', `${where}: expected "text" as a string, found ${v.text === undefined ? 'nothing' : typeof v.text}`);
  const opt = (k: string): string | null => {
    const x = v[k];
    if (x === undefined || x === null) return null;
    if (typeof x !== 'string') throw new SitrepError('E_BAD_RECORD', `${where}: expected "${k}" as a string, found ${typeof x}`);
    return x;
  };
  return { id: String(v.id), text: v.text, published: opt('published'), language: opt('language'), title: opt('title'), url: opt('url') };
}

/**
 * Lines of a byte stream, without their newline, holding one line at a time in memory. Lines stay
 * bytes so each can be decoded strictly on its own: a text decoder over the whole stream (readline)
 * would turn one bad byte into U+FFFD and store the damaged text as if it were the article.
 */
export async function* byteLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array> {
  // Pieces of the current line are kept apart until its end, so a very long line costs linear time.
  let parts: Buffer[] = [];
  for await (const chunk of input) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      parts.push(buf.subarray(0, nl));
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      parts = [];
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    if (buf.length > 0) parts.push(buf);
  }
  if (parts.length > 0) yield Buffer.concat(parts);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one line as UTF-8 and drops a trailing CR (CRLF files). A line that is not UTF-8 is
 * refused by name with `E_ENCODING` and the byte offset within the line.
 */
export function decodeLine(bytes: Uint8Array, where: string): string {
  try {
    return strictUtf8.decode(bytes).replace(/\r$/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new SitrepError('E_ENCODING', `${where}: invalid UTF-8 at byte ${at} of the line; expected UTF-8 text`, { input: where });
  }
}

/** Parses one decoded line: invalid JSON is `E_BAD_JSON`, a wrong shape `E_BAD_RECORD`. */
export function parseLine(line: string, where: string): { record: ExtractInput; value: Record<string, unknown> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new SitrepError('E_BAD_JSON', `${where}: expected a JSON object, found invalid JSON (${(err as Error).message})`);
  }
  const record = parseRecord(parsed, where);
  return { record, value: parsed as Record<string, unknown> };
}
