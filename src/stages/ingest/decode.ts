import { SitrepError } from '../../core/errors.js';

/**
 * Decodes raw bytes as UTF-8, refusing what is not text: NUL or other control bytes (binary files) and
 * invalid UTF-8 sequences. The error names the input and the byte offset so the user can find it.
 */
export function decodeText(bytes: Uint8Array, inputName: string): string {
  if (bytes.length === 0) throw new SitrepError('E_EMPTY', `${inputName}: the input is empty (0 bytes); expected article text`, { input: inputName });
  const probe = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < probe; i++) {
    const b = bytes[i] as number;
    if (b === 0) {
      throw new SitrepError('E_BINARY', `${inputName}: binary data (NUL byte at offset ${i}); expected UTF-8 text`, { input: inputName });
    }
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (control > probe * 0.01 + 2) {
    throw new SitrepError('E_BINARY', `${inputName}: binary data (${control} control bytes in the first ${probe}); expected UTF-8 text`, { input: inputName });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new SitrepError(
      'E_ENCODING',
      `${inputName}: invalid UTF-8 at byte ${at} (0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}); expected UTF-8 text — convert it first, e.g. iconv -f latin1 -t utf-8`,
      { input: inputName },
    );
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let n = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}
