/**
 * `sitrep eval`: runs the extractor over evaluation datasets read from ../shared at run time and
 * reports scores. Datasets are never copied into the project; see docs/EVAL-DATASETS.md.
 */
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../core/data.js';
import type { ExtractInput, OutputDoc } from '../core/output.js';
import { extract, PIPELINE_VERSION } from '../extract.js';
import { formatReport } from './report.js';
import { selectSplit } from './split.js';
import { DATASET_NAMES, TASKS, type DataDirs, type Task } from './tasks.js';
import type { DatasetResult, ErrorRecord, Metric, SplitName } from './types.js';

export { fnv1a, splitOf, selectSplit } from './split.js';
export { DATASET_NAMES, TASKS } from './tasks.js';
export type { DatasetResult, ErrorRecord, EvalItem, Metric, SplitName } from './types.js';

/** Output channels of the command; injectable for tests. */
export interface EvalIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Exit codes, as the rest of the CLI (BSD sysexits). */
const EXIT = { OK: 0, USAGE: 64, NOINPUT: 66, SOFTWARE: 70 } as const;

const USAGE = `usage: sitrep eval DATASET [--limit N] [--split dev|test|all] [--json OUT] [--errors OUT.jsonl] [--data DIR]
DATASET: all, ${DATASET_NAMES.join(', ')}
`;

/** Resolved options of one run. */
export interface EvalOptions {
  datasets: string[];
  limit: number | null;
  splits: SplitName[];
  json: string | null;
  errors: string | null;
  dirs: DataDirs;
}

/** The default shared folder: ../shared from the working directory, else from the project root. */
function defaultShared(): string {
  const fromCwd = resolve('..', 'shared');
  if (existsSync(join(fromCwd, 'datasets')) || existsSync(join(fromCwd, 'gold'))) return fromCwd;
  return resolve(projectRoot(), '..', 'shared');
}

/** Parses the command line; returns a message instead of options on a usage error. */
export function parseEvalArgs(argv: string[]): EvalOptions | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        limit: { type: 'string' },
        split: { type: 'string', default: 'all' },
        json: { type: 'string' },
        errors: { type: 'string' },
        data: { type: 'string' },
      },
    });
  } catch (err) {
    return (err as Error).message;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return `expected exactly one DATASET, found ${positionals.length}`;
  const ds = positionals[0]!;
  if (ds !== 'all' && !DATASET_NAMES.includes(ds)) return `unknown dataset "${ds}"`;
  let limit: number | null = null;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit <= 0) return `--limit: expected a positive integer, found "${values.limit}"`;
  }
  const split = values.split ?? 'all';
  if (split !== 'dev' && split !== 'test' && split !== 'all') return `--split: expected dev, test or all, found "${split}"`;
  let dirs: DataDirs;
  if (values.data !== undefined) {
    const data = resolve(values.data);
    const sibling = resolve(data, '..', 'gold');
    dirs = { data, gold: existsSync(sibling) ? sibling : join(defaultShared(), 'gold') };
  } else {
    const shared = defaultShared();
    dirs = { data: join(shared, 'datasets'), gold: join(shared, 'gold') };
  }
  return {
    datasets: ds === 'all' ? [...DATASET_NAMES] : [ds],
    limit,
    splits: split === 'all' ? ['test', 'dev'] : [split],
    json: values.json ?? null,
    errors: values.errors ?? null,
    dirs,
  };
}

/** Monotonic clock for the report's timings (the harness, not a pipeline stage). */
const now = (): number => performance.now();

/** The system under test: the library's `extract()` unless a test or experiment passes another. */
export type Extractor = (input: ExtractInput) => OutputDoc;

/**
 * Runs one dataset: loads it, extracts every selected item and feeds the scores of each split.
 * A failing loader or extraction is recorded as a problem; the run goes on.
 */
export function runDataset(task: Task<unknown>, opts: EvalOptions, writeError: (rec: ErrorRecord) => void, extractor: Extractor = (input) => extract(input)): DatasetResult {
  const t0 = now();
  const result: DatasetResult = {
    dataset: task.name,
    note: task.note,
    counts: { dev: 0, test: 0 },
    metrics: { dev: [], test: [] },
    problems: [],
    seconds: 0,
  };
  let loaded;
  try {
    loaded = task.load(opts.dirs);
  } catch (err) {
    result.problems.push(`cannot load ${task.name}: ${(err as Error).message}`);
    result.seconds = (now() - t0) / 1000;
    return result;
  }
  result.problems.push(...loaded.problems);
  for (const split of opts.splits) {
    const items = selectSplit(loaded.items, split, opts.limit);
    result.counts[split] = items.length;
    const acc = task.accumulator();
    for (const item of items) {
      let out: OutputDoc;
      try {
        out = extractor({ id: item.id, text: item.text, published: item.published, language: item.language });
      } catch (err) {
        // extract() promises not to throw; if it does, the item is scored as an empty output.
        out = { id: item.id, language: null, published: item.published, title: null, url: null, events: [], places: [], actors: [], dates: [], errors: [{ code: 'E_INTERNAL', message: String(err), stage: null }], pipelineVersion: PIPELINE_VERSION };
      }
      if (out.errors.length > 0) {
        result.problems.push(`${item.id}: extraction error ${out.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
        writeError({ dataset: task.name, split, id: item.id, kind: 'extract_error', text: item.text.slice(0, 200), gold: null, predicted: out.errors });
      }
      try {
        acc.add(item, out, (rec) => writeError({ dataset: task.name, split, id: item.id, ...rec }));
      } catch (err) {
        result.problems.push(`${item.id}: scoring failed: ${(err as Error).message}; item skipped`);
      }
    }
    result.metrics[split] = acc.metrics();
  }
  result.seconds = (now() - t0) / 1000;
  return result;
}

/**
 * `sitrep eval DATASET [--limit N] [--split dev|test|all] [--json OUT] [--errors OUT.jsonl] [--data DIR]`.
 * Prints the score table to stdout and progress to stderr; returns the exit code (0 ok, 64 usage,
 * 66 data folder missing).
 */
export async function runEval(argv: string[], io: EvalIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(USAGE);
    return EXIT.OK;
  }
  const opts = parseEvalArgs(argv);
  if (typeof opts === 'string') {
    io.stderr(`sitrep eval: ${opts}\n${USAGE}`);
    return EXIT.USAGE;
  }
  const needsData = opts.datasets.some((d) => d !== 'gold');
  if (needsData && !existsSync(opts.dirs.data)) {
    io.stderr(`sitrep eval: no dataset folder at ${opts.dirs.data}; pass --data DIR (the folder holding lgl/, acled-global-2020-05/, ...)\n`);
    return EXIT.NOINPUT;
  }
  let fd: number | null = null;
  if (opts.errors !== null) {
    try {
      fd = openSync(opts.errors, 'w');
    } catch (err) {
      io.stderr(`sitrep eval: cannot write --errors file ${opts.errors}: ${(err as Error).message}\n`);
      return EXIT.NOINPUT;
    }
  }
  const writeError = (rec: ErrorRecord): void => {
    if (fd !== null) writeSync(fd, `${JSON.stringify(rec)}\n`);
  };
  const t0 = now();
  const results: DatasetResult[] = [];
  try {
    for (const name of opts.datasets) {
      const task = TASKS.find((t) => t.name === name)!;
      io.stderr(`eval: ${name}...\n`);
      // Yield between datasets so a caller's streams can flush during a long run.
      await Promise.resolve();
      const r = runDataset(task, opts, writeError);
      io.stderr(`eval: ${name}: ${opts.splits.map((s) => `${s} ${r.counts[s]}`).join(', ')} items in ${r.seconds.toFixed(1)} s\n`);
      results.push(r);
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const total = (now() - t0) / 1000;
  io.stdout(formatReport(results, opts.splits));
  io.stdout(`total ${total.toFixed(1)} s, pipeline ${PIPELINE_VERSION}\n`);
  if (opts.json !== null) {
    const doc = { pipelineVersion: PIPELINE_VERSION, args: argv, splits: opts.splits, limit: opts.limit, seconds: total, datasets: results };
    try {
      writeFileSync(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      io.stderr(`sitrep eval: cannot write --json file ${opts.json}: ${(err as Error).message}\n`);
      return EXIT.NOINPUT;
    }
  }
  return EXIT.OK;
}

/** Metrics of one dataset and split by name, for callers that want a single number. */
export function metricOf(result: DatasetResult, split: SplitName, name: string): Metric | undefined {
  return result.metrics[split].find((m) => m.name === name);
}
