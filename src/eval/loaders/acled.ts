import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import worldCountries, { type Country } from 'world-countries';
import type { AcledGold } from '../scorers/acled.js';
import type { LoadResult } from '../types.js';
import { parseCsv, recordsOf } from './text-formats.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * ACLED event dates in the two export styles: `9-May-20` (global file) and `13 November 2020`
 * (Burkina Faso file). Two-digit years are 20xx, which holds for both files (1997-2020 only has
 * four-digit years in the long style).
 */
export function parseAcledDate(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{1,2})-([A-Za-z]{3})-(\d{2})$/.exec(t);
  let d: number, mo: number, y: number;
  if (m) {
    d = Number(m[1]);
    mo = MONTHS.findIndex((x) => x.startsWith(m![2]!.toLowerCase())) + 1;
    y = 2000 + Number(m[3]);
  } else {
    m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(t);
    if (!m) return null;
    d = Number(m[1]);
    mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    y = Number(m[3]);
  }
  if (mo < 1 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The package is CommonJS; under NodeNext its typings present the default import as the module
 * namespace, while Node hands over the array itself. Accept both shapes.
 */
function countryList(): Country[] {
  const mod = worldCountries as unknown as Country[] | { default: Country[] };
  return Array.isArray(mod) ? mod : mod.default;
}

/** Lower-cased country names (common, official, alternative spellings) → ISO alpha-3. */
function countryIndex(): Map<string, string> {
  const idx = new Map<string, string>();
  for (const c of countryList()) {
    for (const n of [c.name.common, c.name.official, ...c.altSpellings]) if (n.length > 3) idx.set(n.toLowerCase(), c.cca3);
  }
  return idx;
}

/**
 * The country an ACLED actor name states: "Military Forces of Mali (2012-)", "Police Forces of
 * Chile", "Government of Yemen", or a parenthesised country as in "Protesters (Israel)". Names
 * without a country (JNIM, "Islamic State (Greater Sahara)") give null.
 */
export function actorCountry(name: string, idx: ReadonlyMap<string, string>): string | null {
  const of = /\b(?:Forces|Government|Police|Military|Navy|Army|Gendarmerie) of ([A-Z][A-Za-z' .-]{1,60}?)(?: \(|$| -)/.exec(name);
  if (of) {
    const hit = idx.get(of[1]!.trim().toLowerCase());
    if (hit) return hit;
  }
  const paren = /\(([^()]{2,60})\)\s*$/.exec(name) ?? /\(([^()]{2,60})\)/.exec(name);
  if (paren) {
    const hit = idx.get(paren[1]!.trim().toLowerCase());
    if (hit) return hit;
  }
  return null;
}

function loadAcled(path: string, prefix: string): LoadResult<AcledGold> {
  const res: LoadResult<AcledGold> = { items: [], problems: [] };
  const { header, records } = recordsOf(parseCsv(readFileSync(path, 'utf8')));
  const need = ['data_id', 'event_date', 'event_type', 'sub_event_type', 'notes', 'latitude', 'longitude', 'fatalities', 'inter1', 'actor1', 'admin1'];
  const missing = need.filter((h) => !header.includes(h));
  if (missing.length > 0) {
    res.problems.push(`${path}: header lacks ${missing.join(', ')}; nothing loaded`);
    return res;
  }
  const idx = countryIndex();
  // ACLED's own spellings ("Democratic Republic of Congo") are learnt from the country/iso3 columns.
  for (const { fields } of records) {
    if (fields.country && /^[A-Z]{3}$/.test(fields.iso3 ?? '')) idx.set(fields.country.toLowerCase(), fields.iso3!);
  }
  for (const { line, fields, width } of records) {
    const where = `${path}:${line}`;
    if (width !== header.length) {
      res.problems.push(`${where}: ${width} fields, expected ${header.length}; skipped`);
      continue;
    }
    const date = parseAcledDate(fields.event_date!);
    const lat = Number(fields.latitude);
    const lon = Number(fields.longitude);
    const fat = Number(fields.fatalities);
    const notes = fields.notes!.trim();
    if (notes.length === 0) {
      res.problems.push(`${where}: empty notes; skipped`);
      continue;
    }
    if (date === null || !Number.isFinite(lat) || !Number.isFinite(lon) || !Number.isInteger(fat)) {
      res.problems.push(`${where}: unreadable date, coordinates or fatalities; skipped`);
      continue;
    }
    res.items.push({
      id: `${prefix}:${fields.data_id}`,
      text: notes,
      published: date,
      language: 'en',
      gold: {
        eventType: fields.event_type!,
        subEventType: fields.sub_event_type!,
        eventDate: date,
        lat,
        lon,
        admin1: fields.admin1!,
        fatalities: fat,
        actor1: fields.actor1!,
        inter1: Number(fields.inter1) || 0,
        actor1Country: actorCountry(fields.actor1!, idx),
      },
    });
  }
  return res;
}

/** ACLED global export (27 Apr - 9 May 2020): `acled.csv` in the dataset folder. */
export function loadAcledGlobal(dir: string): LoadResult<AcledGold> {
  return loadAcled(join(dir, 'acled.csv'), 'acled-global');
}

/** ACLED Burkina Faso export (1997-2020): `acled_Burkina_Faso.csv` in the dataset folder. */
export function loadAcledBurkina(dir: string): LoadResult<AcledGold> {
  return loadAcled(join(dir, 'acled_Burkina_Faso.csv'), 'acled-bfa');
}
