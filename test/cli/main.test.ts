import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, EXIT } from '../../src/cli/main.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

test('bad single inputs give a clear error and a non-zero exit', async () => {
  const big = 'Les rebelles ont attaqué la ville. '.repeat(300_000); // 10.5 MB
  const rows: [string, string[], number, RegExp][] = [
    ['empty', [file('empty.txt', '')], EXIT.DATA, /E_EMPTY: .*empty\.txt: the input is empty/],
    ['binary', [file('bin.dat', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]))], EXIT.DATA, /E_BINARY: .*bin\.dat/],
    ['latin1', [file('latin1.txt', new Uint8Array([0x4c, 0x27, 0x61, 0x72, 0x6d, 0xe9, 0x65]))], EXIT.DATA, /E_ENCODING: .*latin1\.txt: invalid UTF-8 at byte 5/],
    ['spanish', [file('es.txt', 'Los rebeldes tomaron la ciudad el sábado, según el observatorio, y el ejército se retiró.')], EXIT.DATA, /E_LANGUAGE: .*unsupported language/],
    ['missing', [join(dir, 'nope.txt')], EXIT.NOINPUT, /E_IO: cannot read/],
    ['bad date', [file('ok.txt', 'Les rebelles ont pris la ville.'), '--published', '02/12/2024'], EXIT.USAGE, /--published: expected YYYY-MM-DD/],
    ['bad lang', [file('ok2.txt', 'Les rebelles ont pris la ville.'), '--lang', 'de'], EXIT.USAGE, /--lang: expected fr, en or auto/],
    ['too large', [file('big.txt', big)], EXIT.DATA, /E_TOO_LARGE: .*over the limit/],
    ['punctuation only', [file('punct.txt', '!!!!????....'.repeat(1000))], EXIT.DATA, /E_EMPTY: .*no words/],
  ];
  for (const [label, args, code, msg] of rows) {
    const r = await run(['extract', ...args]);
    assert.equal(r.code, code, `${label}: exit ${r.code}, stderr ${r.err}`);
    assert.match(r.err, msg, label);
  }
});

test('table format prints a readable summary', async () => {
  const r = await run(['extract', file('s.txt', "Les rebelles se sont emparés d'Alep samedi."), '--published', '2024-12-02', '--format', 'table']);
  assert.equal(r.code, EXIT.OK, r.err);
  assert.match(r.out, /^Document .*s\.txt {2}language=fr {2}published=2024-12-02/);
});

test('unknown commands are usage errors', async () => {
  const r = await run(['frobnicate']);
  assert.equal(r.code, EXIT.USAGE);
  assert.match(r.err, /unknown command "frobnicate"/);
});

test('demo prints the seed article as a table by default and as JSON on request', async () => {
  const table = await run(['demo']);
  assert.equal(table.code, EXIT.OK, table.err);
  assert.match(table.out, /^Document aleppo-2024-12 {2}language=fr {2}published=2024-12-02/);
  assert.match(table.out, /ASSAULT .*Non-state actor overtakes territory/);
  const json = await run(['demo', '--format', 'json']);
  assert.equal(JSON.parse(json.out).id, 'aleppo-2024-12');
});
