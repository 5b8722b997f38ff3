/**
 * Test harness: runs the store commands the way src/cli/main.ts will once they are wired, with
 * captured output. Also runnable as a script (`node --import tsx test/store/harness.ts ingest ...`)
 * for child-process tests.
 */
import { ingestCommand } from '../../src/cli/commands/ingest.js';
import { errorsCommand } from '../../src/cli/commands/errors.js';
import { reprocessCommand } from '../../src/cli/commands/reprocess.js';
import { watchCommand } from '../../src/cli/commands/watch.js';
import { eventsCommand } from '../../src/cli/commands/events.js';
import { searchCommand } from '../../src/cli/commands/search.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import type { Io } from '../../src/cli/main.js';

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  ingest: ingestCommand,
  errors: errorsCommand,
  reprocess: reprocessCommand,
  watch: watchCommand,
  events: eventsCommand,
  search: searchCommand,
  export: exportCommand,
};

/** Runs one command with captured stdout/stderr. */
export async function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const fn = COMMANDS[command];
  if (!fn) throw new Error(`unknown command ${command}`);
  let stdout = '';
  let stderr = '';
  const code = await fn(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const [command, ...args] = process.argv.slice(2);
  const fn = COMMANDS[command ?? ''];
  if (!fn) {
    process.stderr.write(`unknown command ${command}\n`);
    process.exit(64);
  }
  fn(args, { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
