/** A half-open character span [start, end). */
export interface CharSpan {
  start: number;
  end: number;
}

/** Result of a one-to-one span matching: index pairs (gold, predicted) and the leftovers. */
export interface SpanMatch {
  pairs: [number, number][];
  missedGold: number[];
  falsePred: number[];
}

/** Number of characters two spans share. */
export function overlapChars(a: CharSpan, b: CharSpan): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * One-to-one matching of predicted spans to gold spans. `exact` pairs identical offsets only;
 * `overlap` pairs spans sharing at least one character, largest overlap first. A predicted span can
 * match one gold span at most, so duplicates become false positives.
 */
export function matchSpans(gold: readonly CharSpan[], pred: readonly CharSpan[], mode: 'exact' | 'overlap'): SpanMatch {
  const goldUsed = new Array<boolean>(gold.length).fill(false);
  const predUsed = new Array<boolean>(pred.length).fill(false);
  const pairs: [number, number][] = [];
  if (mode === 'exact') {
    const byKey = new Map<string, number[]>();
    gold.forEach((g, i) => {
      const k = `${g.start}:${g.end}`;
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    });
    pred.forEach((p, j) => {
      const list = byKey.get(`${p.start}:${p.end}`);
      const i = list?.shift();
      if (i !== undefined) {
        pairs.push([i, j]);
        goldUsed[i] = true;
        predUsed[j] = true;
      }
    });
  } else {
    // Candidate pairs: predictions sorted by start, scanned until they start past the gold end.
    // Per document the lists are short (tens to hundreds of mentions), so this stays cheap.
    const pj = pred.map((_, j) => j).sort((a, b) => pred[a]!.start - pred[b]!.start);
    const cands: [number, number, number][] = [];
    gold.forEach((g, i) => {
      for (const j of pj) {
        const p = pred[j]!;
        if (p.start >= g.end) break;
        const ov = overlapChars(g, p);
        if (ov > 0) cands.push([ov, i, j]);
      }
    });
    cands.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, i, j] of cands) {
      if (goldUsed[i] || predUsed[j]) continue;
      goldUsed[i] = true;
      predUsed[j] = true;
      pairs.push([i, j]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    pairs,
    missedGold: goldUsed.flatMap((u, i) => (u ? [] : [i])),
    falsePred: predUsed.flatMap((u, j) => (u ? [] : [j])),
  };
}
