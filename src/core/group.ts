/** Groups items by their sentence index, keeping document order within each sentence. */
export function groupBySentence<T extends { sentence: number }>(list: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of list) {
    const l = out.get(x.sentence);
    if (l) l.push(x);
    else out.set(x.sentence, [x]);
  }
  return out;
}
