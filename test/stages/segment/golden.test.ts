import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/core/data.js';
import { prepare } from '../../helpers.js';
import type { LangCode } from '../../../src/core/types.js';

const dir = join(projectRoot(), 'test', 'fixtures', 'segment');

/** Golden files: sentences (with heading flags) and tokens of each case, checked by hand once. */
for (const name of readdirSync(dir)) {
  test(`segment golden: ${name}`, () => {
    const meta = JSON.parse(readFileSync(join(dir, name, 'meta.json'), 'utf8')) as { lang: LangCode; published: string; input?: string };
    const text = readFileSync(meta.input ? join(projectRoot(), meta.input) : join(dir, name, 'input.txt'), 'utf8');
    const { doc } = prepare(text, meta.lang, meta.published);
    const got = {
      sentences: doc.sentences.map((s) => ({ text: s.text, heading: s.heading })),
      tokens: doc.sentences.map((s) => doc.tokens.slice(s.tokenStart, s.tokenEnd).map((t) => t.text).join(' | ')),
    };
    const file = join(dir, name, 'expected.json');
    if (process.env.SITREP_UPDATE_GOLDEN === '1') writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
    assert.deepEqual(got, JSON.parse(readFileSync(file, 'utf8')));
  });
}
