import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { extract, type ExtractOptions } from '../extract.js';
import type { OutputDoc } from '../core/output.js';
import { SitrepError, toDocError } from '../core/errors.js';
import { byteLines, decodeLine, parseLine } from '../ingest/jsonl.js';
import type { DocError } from '../core/types.js';

/** Totals of one JSONL run. */
export interface JsonlSummary {
  lines: number;
  ok: number;
  failed: number;
  events: number;
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
  for await (const bytes of byteLines(input)) {
    summary.lines++;
    const where = `${path}:${summary.lines}`;
    let raw: string;
    try {
      raw = decodeLine(bytes, where);
    } catch (err) {
      // A line that is not UTF-8 is refused by name, not read with replacement characters.
      summary.failed++;
      if (!write(out, errorRecord(`line:${summary.lines}`, summary.lines, toDocError(err, 'ingest')))) await once(out, 'drain');
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
      result = extract(parseLine(raw, where).record, opts);
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

function write(out: Writable, rec: unknown): boolean {
  return out.write(JSON.stringify(rec) + '\n');
}
