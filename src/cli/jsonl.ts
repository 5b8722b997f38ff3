import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { extract, type ExtractOptions } from '../extract.js';
import type { ExtractInput, OutputDoc } from '../core/output.js';
import { SitrepError, toDocError } from '../core/errors.js';
import { firstInvalidUtf8 } from '../stages/ingest/decode.js';
import type { DocError } from '../core/types.js';

/** Totals of one JSONL run. */
export interface JsonlSummary {
  lines: number;
  ok: number;
  failed: number;
  events: number;
}

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

function errorRecord(id: string, line: number, err: DocError): OutputDoc & { line: number } {
  return { id, line, language: null, published: null, title: null, url: null, events: [], places: [], actors: [], dates: [], errors: [err], pipelineVersion: '' };
}

/**
 * Streams a JSONL file: one result line per input line, in order. Memory stays flat because only one
 * line is held at a time and output waits for the writer to drain. A bad line yields an error record
 * and the run goes on.
 */
export async function runJsonl(path: string, out: Writable, opts: ExtractOptions): Promise<JsonlSummary> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    if (path === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (err: Error) => reject(new SitrepError('E_IO', `cannot read ${path}: ${err.message}`)));
  });
  await opened;
  const summary: JsonlSummary = { lines: 0, ok: 0, failed: 0, events: 0 };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const bytes of byteLines(input)) {
    summary.lines++;
    const where = `${path}:${summary.lines}`;
    let raw: string;
    try {
      raw = decoder.decode(bytes).replace(/\r$/, '');
    } catch {
      // A line that is not UTF-8 is refused by name, not read with replacement characters.
      const at = firstInvalidUtf8(bytes);
      const rec = errorRecord(`line:${summary.lines}`, summary.lines, { code: 'E_ENCODING', message: `${where}: invalid UTF-8 at byte ${at} of the line; expected UTF-8 text`, stage: 'ingest' });
      summary.failed++;
      if (!write(out, rec)) await once(out, 'drain');
      continue;
    }
    if (raw.trim() === '') {
      // Blank lines still get a record, so output line N always answers input line N.
      write(out, errorRecord(`line:${summary.lines}`, summary.lines, { code: 'E_EMPTY', message: `${where}: blank line; expected a JSON object`, stage: 'ingest' }));
      summary.failed++;
      continue;
    }
    let result: OutputDoc & { line?: number };
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (err) {
        throw new SitrepError('E_BAD_JSON', `${where}: expected a JSON object, found invalid JSON (${(err as Error).message})`);
      }
      const rec = parseRecord(parsed, where);
      result = extract(rec, opts);
    } catch (err) {
      result = errorRecord(`line:${summary.lines}`, summary.lines, toDocError(err, 'ingest'));
    }
    if (result.errors.length > 0) summary.failed++;
    else summary.ok++;
    summary.events += result.events.length;
    if (!write(out, result)) await once(out, 'drain');
  }
  return summary;
}

/** Lines of a byte stream, without their newline, holding one line at a time in memory. */
async function* byteLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array> {
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

function write(out: Writable, rec: unknown): boolean {
  return out.write(JSON.stringify(rec) + '\n');
}
