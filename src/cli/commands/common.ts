import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createRequire } from 'node:module';
import { SitrepError } from '../../core/errors.js';
import { isIsoDay } from '../../stages/ingest/index.js';
import { openStore, resolveDbSpec } from '../../store/index.js';
import type { EventFilter, Store } from '../../store/types.js';
import { ACLED_EVENT_TYPES } from '../../store/query.js';

/** Exit codes (same values as src/cli/main.ts's EXIT; repeated to avoid importing main). */
export const CODES = { OK: 0, USAGE: 64, DATA: 65, NOINPUT: 66, SOFTWARE: 70 } as const;

/** parseArgs that turns option errors into usage errors. */
export function parseOptions(args: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] };
  } catch (err) {
    const msg = (err as Error).message;
    // parseArgs reads "-6,10,..." as an option; the fix is not obvious from its message.
    throw new SitrepError('E_USAGE', /ambiguous/.test(msg) ? `${msg}\nFor values starting with '-', write --option=value (e.g. --bbox=-10,10,5,20).` : msg);
  }
}

/** Opens the store named by --db / SITREP_DB / ./sitrep.db; connection problems are I/O errors. */
export async function openDb(flag: string | undefined, opts: { writes?: boolean } = {}): Promise<Store> {
  const spec = resolveDbSpec(flag);
  try {
    return await openStore(spec, opts);
  } catch (err) {
    const shown = spec.replace(/\/\/[^@/]*@/, '//***@');
    throw new SitrepError('E_IO', `cannot open database ${shown}: ${(err as Error).message}`);
  }
}

/** Options for the event filters, shared by `events` and `export`. */
export const FILTER_OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  country: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  'acled-type': { type: 'string', multiple: true },
  actor: { type: 'string' },
  place: { type: 'string' },
  bbox: { type: 'string' },
  text: { type: 'string' },
  db: { type: 'string' },
} as const;

const PLOVER = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

interface CountryRec {
  cca2: string;
  cca3: string;
  name: { common: string; official: string };
}
let countryList: CountryRec[] | null = null;
/** The country table, loaded on first use: only `--country` filters and their labels need it. */
function countries(): CountryRec[] {
  countryList ??= createRequire(import.meta.url)('world-countries') as CountryRec[];
  return countryList;
}

/** ISO alpha-3 code for an alpha-2, alpha-3 or English name, or null. */
export function countryCode(s: string): string | null {
  const v = s.trim().toLowerCase();
  const c = countries().find((x) => x.cca3.toLowerCase() === v || x.cca2.toLowerCase() === v || x.name.common.toLowerCase() === v || x.name.official.toLowerCase() === v);
  return c ? c.cca3 : null;
}

/** English common name of an alpha-3 code (ACLED's `country` column), or the code itself. */
export function countryName(code: string | null): string {
  if (code === null) return '';
  return countries().find((x) => x.cca3 === code)?.name.common ?? code;
}

const splitList = (vs: string[] | undefined): string[] => (vs ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

/** Validates and converts filter options; messages say what was expected and what was found. */
export function filterFrom(values: Record<string, unknown>): EventFilter {
  const f: EventFilter = {};
  for (const k of ['since', 'until'] as const) {
    const v = values[k] as string | undefined;
    if (v === undefined) continue;
    if (!isIsoDay(v)) throw new SitrepError('E_USAGE', `--${k}: expected YYYY-MM-DD, found "${v}"`);
    f[k] = v;
  }
  const countriesIn = splitList(values.country as string[] | undefined);
  if (countriesIn.length > 0) {
    f.countries = countriesIn.map((c) => {
      const code = countryCode(c);
      if (code === null) throw new SitrepError('E_USAGE', `--country: unknown country "${c}"; expected an ISO code (SYR, SY) or an English name`);
      return code;
    });
  }
  const types = splitList(values.type as string[] | undefined).map((t) => t.toUpperCase());
  for (const t of types) if (!PLOVER.includes(t)) throw new SitrepError('E_USAGE', `--type: expected a PLOVER type (${PLOVER.join(', ')}), found "${t}"`);
  if (types.length > 0) f.types = types;
  const acled = splitList(values['acled-type'] as string[] | undefined);
  if (acled.length > 0) f.acledTypes = acled.map((a) => ACLED_EVENT_TYPES.find((t) => t.toLowerCase() === a.toLowerCase()) ?? a);
  if (typeof values.actor === 'string' && values.actor.trim() !== '') f.actor = values.actor.trim();
  if (typeof values.place === 'string' && values.place.trim() !== '') f.place = values.place.trim();
  if (typeof values.bbox === 'string') {
    const parts = values.bbox.split(',').map((x) => Number(x.trim()));
    const [a, b, c, d] = parts;
    if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x)) || (a as number) > (c as number) || (b as number) > (d as number)) {
      throw new SitrepError('E_USAGE', `--bbox: expected minLon,minLat,maxLon,maxLat, found "${values.bbox}"`);
    }
    f.bbox = [a as number, b as number, c as number, d as number];
  }
  if (typeof values.text === 'string') f.text = values.text;
  return f;
}

/** Maps a thrown error to an exit code, printing it. */
export function reportError(err: unknown, io: { stderr: (s: string) => void }): number {
  if (err instanceof SitrepError) {
    io.stderr(`sitrep: ${err.code}: ${err.message}\n`);
    if (err.code === 'E_USAGE') return CODES.USAGE;
    if (err.code === 'E_IO') return CODES.NOINPUT;
    return CODES.DATA;
  }
  throw err;
}

/** Whether to draw a progress bar: only on an interactive terminal and never in CI. */
export function wantProgress(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.stderr.isTTY === true && !env.CI && env.TERM !== 'dumb';
}
