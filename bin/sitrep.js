#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// Before any of sitrep's code is compiled: V8's optimising compiler inlines into sitrep's large
// matching functions and then throws the result away as rare branches run for the first time; a
// pinned `extract --jsonl` over the Guardian sample spent about a third of its CPU compiling. Without
// inlining it compiles less and ran 10-14% faster, cold and warm (docs/EVALUATION.md).
setFlagsFromString('--no-turbo-inlining');
const { main } = await import('../dist/src/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 70;
  },
);
