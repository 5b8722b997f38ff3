import { performance } from 'node:perf_hooks';
import { SitrepError } from '../../core/errors.js';
import { extract, PIPELINE_VERSION } from '../../extract.js';
import { compareVersions } from '../../store/rows.js';
import type { Io } from '../main.js';
import { CODES, openDb, parseOptions, reportError } from './common.js';

/** Usage of `sitrep reprocess`. */
export const REPROCESS_USAGE = `Usage: sitrep reprocess [--all] [--db PATH|postgres://...]
Re-runs extraction over stored documents whose pipeline version is older than ${PIPELINE_VERSION} (--all: every document).
Nothing is fetched again: the stored text is used.
`;

/** `sitrep reprocess`: refreshes reports of documents extracted by an older pipeline. */
export async function reprocessCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { db: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(REPROCESS_USAGE);
      return CODES.OK;
    }
    if (positionals.length > 0) throw new SitrepError('E_USAGE', `reprocess: unexpected argument "${positionals[0]}"`);
    const start = performance.now();
    const store = await openDb(values.db as string | undefined);
    let done = 0;
    let failed = 0;
    let events = 0;
    try {
      const all = values.all === true;
      const candidates = all
        ? await store.documentsWithVersionOtherThan('\u0000')
        : (await store.documentsWithVersionOtherThan(PIPELINE_VERSION)).filter((d) => compareVersions(d.pipelineVersion, PIPELINE_VERSION) < 0);
      for (const c of candidates) {
        const doc = await store.getDocument(c.id);
        if (!doc) continue;
        const out = extract({ id: doc.inputId, text: doc.text, published: doc.published, language: doc.language, title: doc.title, url: doc.url });
        const first = out.errors[0];
        if (first) {
          failed++;
          await store.logError({ runId: `reprocess-${PIPELINE_VERSION}`, input: `document #${doc.id} (${doc.inputId})`, stage: first.stage ?? 'extract', code: first.code, reason: first.message });
          continue;
        }
        events += await store.replaceReports(doc.id, out);
        done++;
      }
      const secs = (performance.now() - start) / 1000;
      io.stderr(`sitrep: reprocessed ${done} document(s) to pipeline ${PIPELINE_VERSION}, ${failed} failed, ${events} event(s) found, ${secs.toFixed(2)} s\n`);
      return failed > 0 ? CODES.DATA : CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
