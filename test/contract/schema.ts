import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { projectRoot } from '../../src/core/data.js';

/** Compiles the JSON Schema written in docs/OUTPUT.md, so the documentation is what gets checked. */
export function outputValidator(): ValidateFunction {
  const md = readFileSync(join(projectRoot(), 'docs', 'OUTPUT.md'), 'utf8');
  const m = /## JSON Schema\s+```json\n([\s\S]*?)\n```/.exec(md);
  if (!m || m[1] === undefined) throw new Error('docs/OUTPUT.md has no ```json block under "## JSON Schema"');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(m[1]));
}
