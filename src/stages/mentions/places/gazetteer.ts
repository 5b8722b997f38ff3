import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoize, projectRoot } from '../../../core/data.js';
import { SitrepError } from '../../../core/errors.js';
import type { LangCode } from '../../../core/types.js';
import { phraseKey } from '../../../core/phrase-matcher.js';

/** What a gazetteer entry stands for. */
export type GazKind = 'city' | 'region' | 'country';

const KINDS: readonly GazKind[] = ['city', 'region', 'country'];

/** One gazetteer entry, materialised on demand from the column arrays. */
export interface GazEntry {
  /** Position in the index (stable for one build). */
  index: number;
  /** GeoNames id; null for countries and regions, which come from other sources. */
  geonameId: number | null;
  name: string;
  /** phraseKey() of the main name, to tell main-name matches from alternate-name ones. */
  nameKey: string;
  lat: number;
  lon: number;
  population: number;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** First-level region name, or null when unknown. */
  admin1: string | null;
  featureCode: string;
  kind: GazKind;
}

/** Result of a key lookup: the entries spelled so, and whether longer keys start with it. */
export interface KeyLookup {
  entries: readonly number[];
  hasLonger: boolean;
}

/** The loaded gazetteer: binary-searched name keys over column arrays. */
export interface Gazetteer {
  /** Number of entries. */
  readonly size: number;
  /** Number of distinct folded name keys. */
  readonly keyCount: number;
  /** Entries whose folded name equals `key` (see phraseKey()); ordered countries, regions, then by population. */
  lookup(key: string): KeyLookup;
  /** Same as lookup(), bypassing the cache. */
  lookupUncached(key: string): KeyLookup;
  /** Materialises one entry. */
  entry(index: number): GazEntry;
  /** Kind of an entry without materialising it. */
  kindOf(index: number): GazKind;
  /** Population of an entry without materialising it. */
  populationOf(index: number): number;
  /** ISO3 country of a demonym in a language (folded form), or null. */
  demonym(lang: LangCode, folded: string): string | null;
  /** Country entry index by ISO3, or -1. */
  countryEntry(iso3: string): number;
}

interface Meta {
  version: number;
  entries: number;
  keys: number;
  postings: number;
  countryCodes: string[];
  admin1Names: string[];
  featureCodes: string[];
  demonyms: Record<string, Record<string, string>>;
  countryNames: Record<string, Record<string, string>>;
}

/** Folder the build writes the index to. */
export function gazetteerDir(): string {
  return join(projectRoot(), 'data', 'generated', 'gazetteer');
}

function load(): Gazetteer {
  const dir = gazetteerDir();
  if (!existsSync(join(dir, 'index.bin'))) {
    throw new SitrepError('E_DATA', `the gazetteer index is missing in ${dir}; run \`npm run build\` to generate it`);
  }
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const raw = readFileSync(join(dir, 'index.bin'));
  // Typed arrays need 4-byte aligned offsets; a large file read has its own buffer, but be safe.
  const bin = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
  const head = new Uint32Array(bin.buffer, bin.byteOffset, 5);
  if (head[0] !== 0x5a415447 || head[1] !== 2) throw new SitrepError('E_DATA', `unexpected gazetteer format in ${dir}/index.bin; rebuild with \`npm run build\``);
  const n = head[2] as number;
  const k = head[3] as number;
  const p = head[4] as number;
  let off = bin.byteOffset + 20;
  const take = <T>(ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }, len: number): T => {
    const arr = new ctor(bin.buffer, off, len);
    off += len * ctor.BYTES_PER_ELEMENT;
    off += (4 - (off % 4)) % 4;
    return arr;
  };
  const ids = take(Int32Array, n);
  const lats = take(Float32Array, n);
  const lons = take(Float32Array, n);
  const pops = take(Uint32Array, n);
  const ccs = take(Uint16Array, n);
  const adm = take(Uint16Array, n);
  const fcs = take(Uint8Array, n);
  const kinds = take(Uint8Array, n);
  const keyOffsets = take(Uint32Array, k + 1);
  const postOffsets = take(Uint32Array, k + 1);
  const postings = take(Uint32Array, p);
  const nameOffsets = take(Uint32Array, n + 1);
  // Keys and names stay raw UTF-8 bytes: decoding half a million strings up front would dominate
  // the load time, and a document touches only a few hundred of them.
  const keys = readFileSync(join(dir, 'keys.txt'));
  const names = readFileSync(join(dir, 'names.txt'));
  const countryIdx = new Map<string, number>();
  for (let i = 0; i < n; i++) if (kinds[i] === 2) countryIdx.set(meta.countryCodes[ccs[i] as number] as string, i);

  // Compares key i with the query bytes; UTF-8 byte order is the order the build sorted by.
  const cmp = (i: number, q: Buffer): number => keys.compare(q, 0, q.length, keyOffsets[i] as number, (keyOffsets[i + 1] as number) - 1);
  const lowerBound = (q: Buffer): number => {
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(mid, q) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const startsWith = (i: number, q: Buffer): boolean => {
    if (i >= k) return false;
    const s = keyOffsets[i] as number;
    const e = (keyOffsets[i + 1] as number) - 1;
    return e - s >= q.length && keys.compare(q, 0, q.length, s, s + q.length) === 0;
  };
  const none: readonly number[] = [];
  // Bounded caches: capitalised words and their readings recur across documents, and materialising
  // an entry decodes strings. Cleared wholesale when full, which keeps memory flat.
  const lookupCache = new Map<string, KeyLookup>();
  const entryCache = new Map<number, GazEntry>();
  const CACHE_MAX = 100_000;
  const demonyms = new Map<string, Map<string, string>>();
  for (const [lang, table] of Object.entries(meta.demonyms)) demonyms.set(lang, new Map(Object.entries(table)));

  return {
    size: n,
    keyCount: k,
    lookup(key: string): KeyLookup {
      const hit = lookupCache.get(key);
      if (hit) return hit;
      if (lookupCache.size >= CACHE_MAX) lookupCache.clear();
      const r = this.lookupUncached(key);
      lookupCache.set(key, r);
      return r;
    },
    lookupUncached(key: string): KeyLookup {
      const q = Buffer.from(key, 'utf8');
      const i = lowerBound(q);
      if (i < k && cmp(i, q) === 0) {
        const list = Array.from(postings.subarray(postOffsets[i] as number, postOffsets[i + 1] as number));
        return { entries: list, hasLonger: startsWith(i + 1, q) };
      }
      return { entries: none, hasLonger: startsWith(i, q) };
    },
    entry(i: number): GazEntry {
      const hit = entryCache.get(i);
      if (hit) return hit;
      if (entryCache.size >= CACHE_MAX) entryCache.clear();
      const id = ids[i] as number;
      const a1 = meta.admin1Names[adm[i] as number] ?? '';
      const name = names.toString('utf8', nameOffsets[i] as number, nameOffsets[i + 1] as number);
      const e: GazEntry = {
        index: i,
        geonameId: id < 0 ? null : id,
        name,
        nameKey: phraseKey(name),
        lat: Math.round((lats[i] as number) * 1e5) / 1e5,
        lon: Math.round((lons[i] as number) * 1e5) / 1e5,
        population: pops[i] as number,
        country: meta.countryCodes[ccs[i] as number] as string,
        admin1: a1 === '' ? null : a1,
        featureCode: meta.featureCodes[fcs[i] as number] as string,
        kind: KINDS[kinds[i] as number] as GazKind,
      };
      entryCache.set(i, e);
      return e;
    },
    kindOf: (i: number): GazKind => KINDS[kinds[i] as number] as GazKind,
    populationOf: (i: number): number => pops[i] as number,
    demonym: (lang: LangCode, folded: string): string | null => demonyms.get(lang)?.get(folded) ?? null,
    countryEntry: (iso3: string): number => countryIdx.get(iso3) ?? -1,
  };
}

/** Loads the generated gazetteer index once per process. */
export function loadGazetteer(): Gazetteer {
  return memoize('places.gazetteer', load);
}
