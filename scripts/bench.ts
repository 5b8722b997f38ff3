/**
 * `npm run bench`: throughput and peak memory of `sitrep extract --jsonl` over the real article corpora
 * in ../shared/datasets, and the cold-start time of one article. Prints figures; asserts nothing.
 *
 *   node dist/scripts/bench.js [--data DIR] [--repeat N] [--lines N]
 *
 * --lines N also streams an N-line file built by repeating the corpora, to show memory stays flat.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/core/data.js';
import { parseCsv, recordsOf } from '../src/eval/loaders/text-formats.js';

interface Article {
  id: string;
  text: string;
  published: string | null;
}

function guardian(dir: string): Article[] {
  const path = join(dir, 'news-en-guardian-syria', 'Guardian_SDF_sample.csv');
  const { records } = recordsOf(parseCsv(readFileSync(path, 'utf8')));
  return records.map((r, i) => ({ id: `guardian-${i}`, text: r.fields.text ?? '', published: r.fields.date ?? null }));
}

function bbc(dir: string): Article[] {
  const path = join(dir, 'news-fr-bbcafrique-conflict', 'articles.jsonl');
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { id: string; text: string };
      return { id: r.id, text: r.text, published: null };
    });
}

async function writeJsonl(path: string, articles: Article[], lines: number): Promise<number> {
  const out = createWriteStream(path);
  let chars = 0;
  for (let i = 0; i < lines; i++) {
    const a = articles[i % articles.length] as Article;
    chars += a.text.length;
    if (!out.write(JSON.stringify({ ...a, id: `${a.id}#${Math.floor(i / articles.length)}` }) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return chars;
}

/** Runs a command under GNU time (pinned to one core when taskset exists): wall seconds and peak RSS. */
function timed(args: string[]): { seconds: number; cpuSeconds: number; maxRssMb: number; status: number | null; stderr: string } {
  const pin = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];
  const cmd = ['/usr/bin/time', '-f', 'BENCH %e %M %U %S', ...pin, ...args];
  const r = spawnSync(cmd[0] as string, cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const m = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`could not read timing from: ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), maxRssMb: Number(m[2]) / 1024, status: r.status, stderr: r.stderr };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, repeat: { type: 'string', default: '4' }, lines: { type: 'string' } } });
  const root = projectRoot();
  const data = resolve(values.data ?? join(root, '..', 'shared', 'datasets'));
  const cli = join(root, 'bin', 'sitrep.js');
  const repeat = Math.max(1, Number(values.repeat));
  const tmp = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const rows: string[][] = [];
  try {
    for (const [name, articles] of [
      ['news-en-guardian-syria', guardian(data)],
      ['news-fr-bbcafrique-conflict', bbc(data)],
    ] as const) {
      const lines = articles.length * (name.startsWith('news-fr') ? repeat * 5 : repeat);
      const file = join(tmp, `${name}.jsonl`);
      const chars = await writeJsonl(file, articles, lines);
      const t = timed([process.execPath, cli, 'extract', '--jsonl', file]);
      rows.push([name, String(lines), (chars / lines / 1000).toFixed(1), t.seconds.toFixed(2), (lines / t.seconds).toFixed(0), (lines / t.cpuSeconds).toFixed(0), t.maxRssMb.toFixed(0), String(t.status)]);
    }
    if (values.lines) {
      const n = Number(values.lines);
      const all = [...guardian(data), ...bbc(data)];
      const file = join(tmp, 'big.jsonl');
      const chars = await writeJsonl(file, all, n);
      const t = timed([process.execPath, cli, 'extract', '--jsonl', file]);
      rows.push([`mixed x${n}`, String(n), (chars / n / 1000).toFixed(1), t.seconds.toFixed(2), (n / t.seconds).toFixed(0), (n / t.cpuSeconds).toFixed(0), t.maxRssMb.toFixed(0), String(t.status)]);
    }
    const seed = join(root, 'examples', 'aleppo-2024-12.txt');
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const cold: number[] = [];
    let coldRss = 0;
    for (let i = 0; i < 5; i++) {
      const t = timed([process.execPath, cli, 'extract', seed, '--published', '2024-12-02']);
      cold.push(t.seconds);
      coldRss = Math.max(coldRss, t.maxRssMb);
    }
    cold.sort((a, b) => a - b);
    const header = ['input', 'articles', 'kchars/article', 'wall s', 'articles/s (wall)', 'articles/CPU-s', 'peak RSS MB', 'exit'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (r: string[]): string => r.map((c, i) => c.padStart(widths[i] as number)).join('  ');
    console.log('sitrep extract --jsonl (one process, pinned to one core; exit 65 means some records were refused)');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    console.log(`cold start, one article (seed): median ${(cold[2] as number).toFixed(2)} s over 5 runs (min ${(cold[0] as number).toFixed(2)}, max ${(cold[4] as number).toFixed(2)}), peak RSS ${coldRss.toFixed(0)} MB`);
    console.log(`load average during the run: ${load} (on 2 cores; wall figures are only meaningful near 0)`);
    console.log('targets: >= 100 articles/s, peak RSS < 400 MB, cold start < 1.5 s');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
