import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, firstInvalidUtf8 } from '../../../src/stages/ingest/index.js';
import { SitrepError } from '../../../src/core/errors.js';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SitrepError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'ok';
};

test('decodeText refuses what is not UTF-8 text, naming the input', () => {
  const rows: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /^E_EMPTY: a.txt/],
    ['nul', new Uint8Array([72, 105, 0, 33]), /^E_BINARY: a.txt: binary data \(NUL byte at offset 2\)/],
    ['latin1', new Uint8Array([0x41, 0x6c, 0x65, 0x70, 0x20, 0xe9, 0x74, 0xe9]), /^E_ENCODING: a.txt: invalid UTF-8 at byte 5/],
    ['truncated', new Uint8Array([0x41, 0xc3]), /^E_ENCODING: a.txt: invalid UTF-8 at byte 1/],
    ['ok', new TextEncoder().encode("d'Alep"), /^ok$/],
  ];
  for (const [name, bytes, want] of rows) assert.match(code(() => decodeText(bytes, 'a.txt')), want, name);
});

test('decodeText strips a BOM and keeps accents', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Été')]);
  assert.equal(decodeText(bytes, 'x'), 'Été');
});

test('firstInvalidUtf8 finds the first bad byte', () => {
  assert.equal(firstInvalidUtf8(new TextEncoder().encode('abc')), 3);
  assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0x80])), 1);
  assert.equal(firstInvalidUtf8(new Uint8Array([0xf5])), 0);
});
