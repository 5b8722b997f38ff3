/** Precision, recall and F1 with their raw counts. null marks a ratio whose denominator is zero. */
export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * P/R/F1 from counts. 0/0 is reported as null (undefined), never as 1, so an empty system on an
 * empty gold does not look perfect; F1 is 0 as soon as one side is 0, null only when both are null.
 */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  let f1: number | null;
  if (precision === null && recall === null) f1 = null;
  else if (precision === null || recall === null) f1 = 0;
  else f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Running tally of correct/total for an accuracy. */
export class Tally {
  correct = 0;
  total = 0;

  /** Counts one comparison. */
  add(ok: boolean): void {
    this.total++;
    if (ok) this.correct++;
  }

  /** Accuracy, or null when nothing was compared. */
  get value(): number | null {
    return this.total === 0 ? null : this.correct / this.total;
  }
}

/** Running P/R/F1 counts. */
export class PrfTally {
  tp = 0;
  fp = 0;
  fn = 0;

  /** Adds another tally's counts (micro-averaging). */
  add(c: { tp: number; fp: number; fn: number }): void {
    this.tp += c.tp;
    this.fp += c.fp;
    this.fn += c.fn;
  }

  /** The P/R/F1 of the counts so far. */
  get result(): Prf {
    return prf(this.tp, this.fp, this.fn);
  }
}
