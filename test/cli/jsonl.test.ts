import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runJsonl } from '../../src/cli/jsonl.js';

const root = mkdtempSync(join(tmpdir(), 'sitrep-jsonl-'));
after(() => rmSync(root, { recursive: true, force: true }));

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('one result line per input line, in order; bad lines become error records', async () => {
  const dir = mkdtempSync(join(root, 'case-'));
  const file = join(dir, 'in.jsonl');
  const lines = [
    JSON.stringify({ id: 'a', text: "Les rebelles se sont emparés d'Alep samedi.", published: '2024-12-02' }),
    '{"id": "b", "text": ',
    JSON.stringify({ id: 'c', text: '' }),
    '',
    JSON.stringify(['not', 'an', 'object']),
    JSON.stringify({ id: 'f', text: 'Die Rebellen haben am Samstag die Stadt eingenommen, nachdem die Armee floh.' }),
    JSON.stringify({ id: 'g', text: 42 }),
    JSON.stringify({ id: 'h', text: 'Rebels seized the town on Saturday, the army said.', published: '2024-12-02' }),
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  const out = sink();
  const summary = await runJsonl(file, out.stream, {});
  const got = out.lines();
  assert.equal(got.length, lines.length);
  assert.deepEqual(summary, { lines: 8, ok: 2, failed: 6, events: summary.events });
  const codes = got.map((r) => ((r.errors as { code: string }[])[0]?.code ?? 'ok'));
  assert.deepEqual(codes, ['ok', 'E_BAD_JSON', 'E_EMPTY', 'E_EMPTY', 'E_BAD_RECORD', 'E_LANGUAGE', 'E_BAD_RECORD', 'ok']);
  assert.equal(got[0]?.id, 'a');
  assert.equal(got[1]?.line, 2);
  assert.match((got[1]?.errors as { message: string }[])[0]?.message ?? '', /in\.jsonl:2: expected a JSON object, found invalid JSON/);
  assert.equal(got[7]?.language, 'en');
});

test('a missing input file is an E_IO error', async () => {
  await assert.rejects(runJsonl('/nonexistent/x.jsonl', sink().stream, {}), /E_IO|cannot read/);
});

test('a line that is not UTF-8 gets an E_ENCODING record and the next line still runs', async () => {
  const dir = mkdtempSync(join(root, 'case-'));
  const file = join(dir, 'latin1.jsonl');
  const good = Buffer.from(JSON.stringify({ id: 'ok', text: "Les rebelles se sont emparés d'Alep samedi.", published: '2024-12-02' }) + '\r\n');
  const bad = Buffer.concat([Buffer.from('{"id": "bad", "text": "Arm'), Buffer.from([0xe9]), Buffer.from('e"}\n')]);
  writeFileSync(file, Buffer.concat([bad, good]));
  const out = sink();
  const summary = await runJsonl(file, out.stream, {});
  const got = out.lines();
  assert.deepEqual([summary.lines, summary.ok, summary.failed], [2, 1, 1]);
  assert.equal((got[0]?.errors as { code: string; message: string }[])[0]?.code, 'E_ENCODING');
  assert.match((got[0]?.errors as { message: string }[])[0]?.message ?? '', /latin1\.jsonl:1: invalid UTF-8 at byte 26/);
  assert.equal(got[1]?.id, 'ok');
});
