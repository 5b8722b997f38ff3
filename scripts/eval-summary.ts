/**
 * Prints the accuracy targets beside the measured test-split figures, as a Markdown table,
 * from the JSON that `sitrep eval all --json OUT` writes:
 *
 *   node dist/scripts/eval-summary.js OUT.json
 */
import { readFileSync } from 'node:fs';

interface Metric {
  name: string;
  value: number | null;
  n: number;
  unit: string;
}
interface Report {
  datasets: { dataset: string; metrics: Record<string, Metric[]> }[];
}

interface Target {
  label: string;
  dataset: string;
  metric: string;
  target: number;
  /** Published anchor to print beside ours, if any. */
  anchor?: string;
}

/** The targets of the evaluation issue, on test splits. */
const TARGETS: Target[] = [
  { label: 'Geocoding acc@161 km, LGL', dataset: 'lgl', metric: 'accuracy@161km', target: 0.827, anchor: 'Mordecai 3: 82.7' },
  { label: 'Geocoding acc@161 km, GeoWebNews', dataset: 'geowebnews', metric: 'accuracy@161km', target: 0.941, anchor: 'Mordecai 3: 94.1' },
  { label: 'Geocoding acc@161 km, TR-News', dataset: 'tr-news', metric: 'accuracy@161km', target: 0.873, anchor: 'Mordecai 3: 87.3' },
  { label: 'ACLED event_type (global)', dataset: 'acled-global-2020-05', metric: 'event type', target: 0.9 },
  { label: 'ACLED sub_event_type (global)', dataset: 'acled-global-2020-05', metric: 'sub event type', target: 0.8 },
  { label: 'ACLED location within 25 km (global)', dataset: 'acled-global-2020-05', metric: 'location 25km', target: 0.85 },
  { label: 'ACLED event_date exact (global)', dataset: 'acled-global-2020-05', metric: 'event date', target: 0.95 },
  { label: 'ACLED fatalities exact (global)', dataset: 'acled-global-2020-05', metric: 'fatalities', target: 0.9 },
  { label: 'ACLED event_type (Burkina Faso)', dataset: 'acled-burkina-faso-2020', metric: 'event type', target: 0.9 },
  { label: 'ACLED sub_event_type (Burkina Faso)', dataset: 'acled-burkina-faso-2020', metric: 'sub event type', target: 0.8 },
  { label: 'ACLED location within 25 km (Burkina Faso)', dataset: 'acled-burkina-faso-2020', metric: 'location 25km', target: 0.85 },
  { label: 'ACLED event_date exact (Burkina Faso)', dataset: 'acled-burkina-faso-2020', metric: 'event date', target: 0.95 },
  { label: 'ACLED fatalities exact (Burkina Faso)', dataset: 'acled-burkina-faso-2020', metric: 'fatalities', target: 0.9 },
  { label: 'FR-TimeBank date value accuracy', dataset: 'fr-timebank', metric: 'value at gold granularity', target: 0.9 },
  { label: 'PLOVER type accuracy (GSR)', dataset: 'plover-gsr', metric: 'PLOVER type (main event)', target: 0.7 },
  { label: 'Required-event F1 (gold files)', dataset: 'gold', metric: 'events (type+evidence) F1', target: 0.8 },
];

const pct = (v: number): string => `${(v * 100).toFixed(1)}`;

function main(): void {
  const path = process.argv[2];
  if (!path) throw new Error('usage: eval-summary OUT.json (from sitrep eval all --json OUT.json)');
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const lines = ['| target (test split) | ours | n | target | gap | published anchor |', '|---|---|---|---|---|---|'];
  for (const t of TARGETS) {
    const ds = report.datasets.find((d) => d.dataset === t.dataset);
    const m = ds?.metrics.test?.find((x) => x.name === t.metric);
    if (!m || m.value === null) {
      lines.push(`| ${t.label} | not measured | 0 | ${pct(t.target)} | – | ${t.anchor ?? ''} |`);
      continue;
    }
    const gap = m.value - t.target;
    const verdict = gap >= 0 ? `met (+${pct(gap)})` : `missed by ${pct(-gap)}`;
    lines.push(`| ${t.label} | ${pct(m.value)} | ${m.n} | ${pct(t.target)} | ${verdict} | ${t.anchor ?? ''} |`);
  }
  console.log(lines.join('\n'));
}

main();
