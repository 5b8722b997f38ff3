import type { SplitName } from './types.js';

/**
 * 32-bit FNV-1a over the UTF-16 code units of a string. Chosen because it is tiny, has no
 * dependencies and gives the same answer on every platform, so the dev/test split never drifts.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    // Multiplication by the FNV prime 16777619, kept in 32 bits.
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The split of an item: `fnv1a(id) mod 10 < 5` is dev, the rest is test. */
export function splitOf(id: string): SplitName {
  return fnv1a(id) % 10 < 5 ? 'dev' : 'test';
}

/**
 * Items of one split in their loader order (which is stable: file order), cut to the first `limit`.
 */
export function selectSplit<T extends { id: string }>(items: readonly T[], split: SplitName, limit: number | null): T[] {
  const out: T[] = [];
  for (const it of items) {
    if (limit !== null && out.length >= limit) break;
    if (splitOf(it.id) === split) out.push(it);
  }
  return out;
}
