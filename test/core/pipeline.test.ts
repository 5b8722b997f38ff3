import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemblePipeline, emptyDoc, type Stage } from '../../src/core/pipeline.js';
import { makeContext } from '../../src/core/context.js';
import { SitrepError } from '../../src/core/errors.js';
import { DEFAULT_STAGES } from '../../src/extract.js';

const stage = (name: string, requires: Stage['requires'], provides: Stage['provides'], run: Stage['run'] = (d) => d): Stage => ({ name, requires, provides, run });

test('assembly rejects a stage whose requirements come later', () => {
  assert.throws(
    () => assemblePipeline([stage('events', ['triggers'], ['events']), stage('triggers', ['tokens'], ['triggers'])]),
    (err: unknown) => err instanceof SitrepError && err.code === 'E_PIPELINE' && /events.*requires triggers/.test(err.message),
  );
});

test('assembly rejects duplicate stage names', () => {
  assert.throws(() => assemblePipeline([stage('a', [], ['tokens']), stage('a', [], ['sentences'])]), /appears twice/);
});

test('the default pipeline assembles and is ordered by its contracts', () => {
  const p = assemblePipeline(DEFAULT_STAGES);
  assert.ok(p.stages.length >= 3);
  assert.equal(p.stages[0]?.name, 'ingest');
});

test('a failing stage records a coded error and stops the document', () => {
  const boom = stage('boom', ['text'], ['tokens'], () => {
    throw new SitrepError('E_DATA', 'broken lexicon');
  });
  const after = stage('after', ['tokens'], ['events'], () => assert.fail('must not run'));
  const doc = assemblePipeline([boom, after]).run(emptyDoc({ id: 'x', text: 'abc' }), makeContext());
  assert.deepEqual(doc.errors, [{ code: 'E_DATA', message: 'broken lexicon', stage: 'boom' }]);
});
