/**
 * Shared shapes of the evaluation harness: dataset items, loader results, scored metrics and error
 * records. Loaders produce items; scorers are pure functions over gold and predictions; tasks glue them.
 */

/** The two halves of every dataset, chosen by a stable hash of the item id (see split.ts). */
export type SplitName = 'dev' | 'test';

/** One evaluation item: the input text, the reference date and the dataset-specific gold. */
export interface EvalItem<G> {
  id: string;
  text: string;
  /** ISO day used as the publication date, or null when the dataset gives none. */
  published: string | null;
  /** Language to force, or null for automatic detection. */
  language: 'fr' | 'en' | null;
  gold: G;
}

/** What a loader returns: the usable items in a stable order and one message per skipped record. */
export interface LoadResult<G> {
  items: EvalItem<G>[];
  problems: string[];
}

/** One reported number. `value` null means undefined (e.g. precision with no predictions). */
export interface Metric {
  name: string;
  value: number | null;
  /** Size of the population the value is computed over (items, spans, events...). */
  n: number;
  /** 'ratio' prints as a percentage, 'km' as kilometres, 'count' as an integer, 'auc' as 0-1. */
  unit: 'ratio' | 'km' | 'count' | 'auc';
  /** Published reference number for comparison (same unit), if any. */
  reference?: { value: number; label: string };
}

/** A line of the --errors file: one miss, false alarm or wrong field, with enough context to look at. */
export interface ErrorRecord {
  dataset: string;
  split: SplitName;
  id: string;
  kind: 'miss' | 'false_alarm' | 'wrong_field' | 'no_prediction' | 'extract_error';
  field?: string;
  /** The relevant stretch of input text. */
  text: string;
  gold: unknown;
  predicted: unknown;
}

/** Scores of one dataset. */
export interface DatasetResult {
  dataset: string;
  /** Caveat printed with the table, e.g. "historical newspapers, not modern news". */
  note: string | null;
  counts: Record<SplitName, number>;
  metrics: Record<SplitName, Metric[]>;
  /** Records skipped by the loader, and items whose extraction failed. */
  problems: string[];
  seconds: number;
}
