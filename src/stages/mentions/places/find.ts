import type { Doc, LangCode, PlaceMention, PlacePrecision, Token } from '../../../core/types.js';
import { langData, memoize } from '../../../core/data.js';
import { PhraseMatcher, phraseKey, type PhraseMatch } from '../../../core/phrase-matcher.js';
import type { TokenizerData } from '../../../core/text.js';
import { loadGazetteer, type GazEntry, type Gazetteer } from './gazetteer.js';

/** A country alias written in the language file ("RDC", "US"), matched case-sensitively when in capitals. */
interface CountryAlias {
  id: string;
  form: string;
  country: string;
  source?: string;
}

/** Contents of `lang/<code>/places.json`. */
export interface PlacesLangData {
  stopWords: string[];
  personTitles: string[];
  orgPhrases: string[];
  nearCues: string[];
  regionCuesBefore: string[];
  regionCuesAfter: string[];
  demonymSuffixes: string[];
  countryAliases: CountryAlias[];
  /** Phrases that may stand between a cue and the place ("la ville de", "the town of"). */
  fillers?: string[];
}

interface LanguageData {
  stopwords: string[];
}

interface Compiled {
  stop: Set<string>;
  titles: PhraseMatcher<true>;
  orgs: PhraseMatcher<true>;
  near: PhraseMatcher<true>;
  regionBefore: PhraseMatcher<true>;
  regionAfter: PhraseMatcher<true>;
  fillers: PhraseMatcher<true>;
  aliases: PhraseMatcher<CountryAlias>;
  demonymSuffixes: string[];
}

function compile(lang: LangCode): Compiled {
  return memoize(`places.compiled.${lang}`, () => {
    const data = langData<PlacesLangData>(lang, 'places');
    const seg = langData<TokenizerData>(lang, 'segment');
    const stop = new Set<string>(data.stopWords.map(phraseKey));
    try {
      for (const w of langData<LanguageData>(lang, 'language').stopwords) stop.add(phraseKey(w));
    } catch {
      // The function-word list is a help, not a requirement.
    }
    const mk = (forms: readonly string[]): PhraseMatcher<true> => {
      const m = new PhraseMatcher<true>(seg);
      for (const f of forms) m.add(f, true);
      return m;
    };
    const aliases = new PhraseMatcher<CountryAlias>(seg);
    for (const a of data.countryAliases) aliases.add(a.form, a);
    return {
      stop,
      titles: mk(data.personTitles),
      orgs: mk(data.orgPhrases),
      near: mk(data.nearCues),
      regionBefore: mk(data.regionCuesBefore),
      regionAfter: mk(data.regionCuesAfter),
      fillers: mk(data.fillers ?? []),
      aliases,
      demonymSuffixes: data.demonymSuffixes,
    };
  });
}

/** A recognised span with its candidate readings, before disambiguation. */
interface Candidate {
  first: number;
  last: number;
  start: number;
  end: number;
  sentence: number;
  /** Entry indexes (cities capped to the most populous). */
  readings: number[];
  alias: CountryAlias | null;
  near: boolean;
  regionCue: boolean;
  /** Score bonus per reading from "X, Y" / "X (Y" pairs. */
  pairBonus: Map<number, number>;
}

/** Most populous homonyms kept per name; beyond this, readings are never chosen anyway. */
const MAX_CITY_READINGS = 40;
/** Longest place name in tokens ("Sant Julià de Lòria", "Bosnia and Herzegovina"). */
const MAX_NAME_TOKENS = 8;

function isCap(text: string): boolean {
  const c = text[0];
  return c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const FEATURE_BONUS: Record<string, number> = { PPLC: 2, PPLA: 1, PPLA2: 0.5 };

/** Country context of a document: weights per ISO3 country and per "ISO3/admin1" region. */
export interface PlaceContext {
  countries: Map<string, number>;
  regions: Map<string, number>;
  anchors: { lat: number; lon: number }[];
}

/** Score of one reading of a name, given the document context (higher is better). */
function scoreReading(e: GazEntry, ctx: PlaceContext, cand: Pick<Candidate, 'regionCue' | 'pairBonus'>, namesake: boolean): number {
  const cw = ctx.countries.get(e.country) ?? 0;
  const ctxBonus = 4 * Math.min(1, cw / 2);
  let s: number;
  if (e.kind === 'country') s = 30 + ctxBonus;
  else if (e.kind === 'region') {
    s = 6.5 + ctxBonus;
    if (cand.regionCue) s += 10;
    // A region named after its seat ("Aleppo", "Idlib", "New York") is read as the city unless a
    // cue says province/governorate/state.
    else if (namesake) s -= 5;
  } else {
    s = Math.log10(e.population + 1) + (FEATURE_BONUS[e.featureCode] ?? 0) + ctxBonus;
    if (e.admin1 !== null && ctx.regions.has(e.country + '/' + e.admin1)) s += 3;
    for (const a of ctx.anchors) {
      if (haversineKm(a.lat, a.lon, e.lat, e.lon) < 200) {
        s += 1.5;
        break;
      }
    }
  }
  return s + (cand.pairBonus.get(e.index) ?? 0);
}

/** True when a region reading has a city reading of the same name that is its seat or a big city in it. */
function isNamesakeRegion(region: GazEntry, cities: GazEntry[]): boolean {
  for (const c of cities) {
    if (c.kind !== 'city' || c.country !== region.country) continue;
    if (c.admin1 === region.name && (c.population >= 20_000 || c.featureCode === 'PPLA' || c.featureCode === 'PPLC')) return true;
  }
  return false;
}

function consistent(a: GazEntry, b: GazEntry): number {
  if (a.country !== b.country) return 0;
  if (b.kind === 'country') return 1;
  if (b.kind === 'region' && a.admin1 !== null && a.admin1 === b.name) return 2;
  if (b.kind === 'region') return 0.5;
  return 0;
}

/** Lowest-scoring reading margin under which a choice is not an anchor for proximity. */
const ANCHOR_MARGIN = 3;

/**
 * Resolves readings of every candidate in two passes: the first builds the country context from
 * unambiguous signals (country names, demonyms, single-country names), the second scores readings
 * with context and with proximity to the places already settled.
 */
function resolve(gaz: Gazetteer, cands: Candidate[], ctx: PlaceContext): (GazEntry | null)[] {
  const entries = cands.map((c) => c.readings.map((r) => gaz.entry(r)));
  for (let i = 0; i < cands.length; i++) {
    const es = entries[i] as GazEntry[];
    const c = cands[i] as Candidate;
    if (c.alias) {
      ctx.countries.set(c.alias.country, (ctx.countries.get(c.alias.country) ?? 0) + 2);
      continue;
    }
    const first = es[0];
    if (!first) continue;
    if (first.kind === 'country') ctx.countries.set(first.country, (ctx.countries.get(first.country) ?? 0) + 2);
    else if (es.every((e) => e.country === first.country)) {
      ctx.countries.set(first.country, (ctx.countries.get(first.country) ?? 0) + 1);
      if (first.kind === 'region') ctx.regions.set(first.country + '/' + first.name, 1);
    } else {
      const cities = es.filter((e) => e.kind === 'city');
      const top = cities[0];
      const second = cities[1];
      if (top && top.population >= 100_000 && (!second || second.population * 10 <= top.population)) {
        ctx.countries.set(top.country, (ctx.countries.get(top.country) ?? 0) + 0.5);
      }
    }
  }
  const pick = (i: number, withAnchors: boolean): { e: GazEntry | null; margin: number } => {
    const es = entries[i] as GazEntry[];
    const c = cands[i] as Candidate;
    let best: GazEntry | null = null;
    let bestS = -Infinity;
    let secondS = -Infinity;
    const local: PlaceContext = withAnchors ? ctx : { countries: ctx.countries, regions: ctx.regions, anchors: [] };
    for (const e of es) {
      const s = scoreReading(e, local, c, e.kind === 'region' && isNamesakeRegion(e, es));
      if (s > bestS) {
        secondS = bestS;
        bestS = s;
        best = e;
      } else if (s > secondS) secondS = s;
    }
    return { e: best, margin: bestS - secondS };
  };
  const firstPass = cands.map((_, i) => pick(i, false));
  for (const r of firstPass) if (r.e && r.e.kind === 'city' && r.margin >= ANCHOR_MARGIN) ctx.anchors.push({ lat: r.e.lat, lon: r.e.lon });
  return cands.map((_, i) => {
    const r = firstPass[i] as { e: GazEntry | null; margin: number };
    if (r.margin >= ANCHOR_MARGIN || ctx.anchors.length === 0) return r.e;
    return pick(i, true).e;
  });
}

/** Builds the match key of the token span [i, j] from token norms and the gaps between them. */
function spanKey(text: string, tokens: readonly Token[], i: number, j: number): string | null {
  let key = (tokens[i] as Token).norm;
  for (let k = i + 1; k <= j; k++) {
    const prev = tokens[k - 1] as Token;
    const t = tokens[k] as Token;
    const gap = t.start - prev.end;
    if (gap > 0) {
      const g = text.slice(prev.end, t.start);
      if (g.includes('\n')) return null;
      key += ' ';
    }
    key += t.norm;
  }
  return key;
}

/**
 * Finds toponym candidates over the tokens: capitalised spans that spell a gazetteer key (longest
 * first), or a country alias, minus stop words, person titles, organisation names and demonyms.
 */
function recognise(doc: Doc, lang: LangCode, gaz: Gazetteer, C: Compiled, ctx: PlaceContext): Candidate[] {
  const tokens = doc.tokens;
  const n = tokens.length;
  const blocked = new Uint8Array(n);
  for (const m of C.orgs.findAll(tokens)) for (let k = m.first; k < m.last; k++) blocked[k] = 1;
  // Actors found upstream (organisations, people) that contain a capitalised span block it, except
  // states, whose names are places too.
  for (const a of doc.actors ?? []) {
    if (a.kind !== 'entity' && a.kind !== 'person') continue;
    if (a.id.startsWith('state.')) continue;
    // Offsets to token indexes by scanning is fine: actor lists are short.
    for (let k = 0; k < n; k++) {
      const t = tokens[k] as Token;
      if (t.start >= a.start && t.end <= a.end) blocked[k] = 2;
    }
  }
  const cueEnd = (m: PhraseMatcher<true>): Map<number, PhraseMatch<true>> => {
    const out = new Map<number, PhraseMatch<true>>();
    for (const x of m.findAll(tokens)) out.set(x.last, x);
    return out;
  };
  const nearAt = cueEnd(C.near);
  const regionBeforeAt = cueEnd(C.regionBefore);
  const fillerAt = cueEnd(C.fillers);
  const titleAt = cueEnd(C.titles);
  // Words the document itself writes in lower case are common words, not names.
  const lowerVocab = new Set<string>();
  for (const t of tokens) if (t.kind === 'word' && t.text === t.text.toLowerCase()) lowerVocab.add(t.norm);

  const isDemonym = (norm: string): string | null => {
    const d = gaz.demonym(lang, norm);
    if (d) return d;
    for (const suf of C.demonymSuffixes) if (norm.endsWith(suf)) {
      const dd = gaz.demonym(lang, norm.slice(0, -suf.length));
      if (dd) return dd;
    }
    return null;
  };

  const cands: Candidate[] = [];
  let i = 0;
  while (i < n) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word') {
      i++;
      continue;
    }
    const dem = isDemonym(t.norm);
    if (dem) {
      ctx.countries.set(dem, (ctx.countries.get(dem) ?? 0) + 1);
      i++;
      continue;
    }
    if (blocked[i] || !isCap(t.text)) {
      i++;
      continue;
    }
    const alias = C.aliases.matchAt(tokens, i)[0];
    let bestLast = -1;
    let bestEntries: readonly number[] = [];
    for (let j = i; j < n && j - i < MAX_NAME_TOKENS; j++) {
      const tj = tokens[j] as Token;
      if (tj.sentence !== t.sentence || blocked[j]) break;
      const key = spanKey(doc.text, tokens, i, j);
      if (key === null) break;
      const r = gaz.lookup(key);
      if (r.entries.length > 0 && (j === i || isCap(tj.text))) {
        bestLast = j + 1;
        bestEntries = r.entries;
      }
      if (!r.hasLonger) break;
    }
    if (alias && alias.last >= bestLast) {
      const e = gaz.countryEntry(alias.entry.country);
      cands.push(makeCand(tokens, i, alias.last, e >= 0 ? [e] : [], alias.entry));
      i = alias.last;
      continue;
    }
    if (bestLast < 0) {
      i++;
      continue;
    }
    const single = bestLast === i + 1;
    let readings = [...bestEntries];
    if (single && C.stop.has(t.norm)) readings = [];
    if (single && lowerVocab.has(t.norm)) readings = readings.filter((r) => gaz.kindOf(r) === 'country');
    const title = titleAt.get(i);
    if (title) readings = [];
    // Cities beyond the most populous homonyms never win; cut them so scoring stays cheap.
    let cities = 0;
    readings = readings.filter((r) => gaz.kindOf(r) !== 'city' || ++cities <= MAX_CITY_READINGS);
    if (readings.length > 0) {
      const c = makeCand(tokens, i, bestLast, readings, null);
      let cueIdx = i;
      const filler = fillerAt.get(cueIdx);
      if (filler) cueIdx = filler.first;
      c.near = nearAt.has(cueIdx);
      c.regionCue = regionBeforeAt.has(cueIdx) || C.regionAfter.matchAt(tokens, bestLast).length > 0;
      cands.push(c);
    }
    i = bestLast;
  }
  // Names inside a run of capitalised words that is not itself a place are usually parts of person
  // or organisation names ("Hassan Nasrallah", "Aleppo University"): only big places survive.
  for (const c of cands) {
    if (c.alias) continue;
    const prev = tokens[c.first - 1];
    const next = tokens[c.last];
    const capNeighbour = (t: Token | undefined, isPrev: boolean): boolean => {
      if (!t || t.kind !== 'word' || t.sentence !== c.sentence || !isCap(t.text)) return false;
      if (C.stop.has(t.norm)) return false;
      if (isPrev && t.index === (doc.sentences[t.sentence]?.tokenStart ?? -1)) return false;
      return !cands.some((o) => o !== c && t.index >= o.first && t.index < o.last);
    };
    if (doc.sentences[c.sentence]?.heading) continue;
    if (capNeighbour(prev, true) || capNeighbour(next, false)) {
      c.readings = c.readings.filter((r) => gaz.kindOf(r) !== 'city' || gaz.populationOf(r) >= 100_000);
    }
  }
  return cands.filter((c) => c.readings.length > 0);
}

function makeCand(tokens: readonly Token[], first: number, last: number, readings: number[], alias: CountryAlias | null): Candidate {
  const a = tokens[first] as Token;
  const b = tokens[last - 1] as Token;
  return { first, last, start: a.start, end: b.end, sentence: a.sentence, readings, alias, near: false, regionCue: false, pairBonus: new Map() };
}

/** Adds evidence from "X, Y" and "X (Y, Z)" sequences: Y names the region or country of X. */
function pairEvidence(gaz: Gazetteer, tokens: readonly Token[], cands: Candidate[]): void {
  for (let k = 0; k + 1 < cands.length; k++) {
    const a = cands[k] as Candidate;
    const b = cands[k + 1] as Candidate;
    if (b.first !== a.last + 1 || a.sentence !== b.sentence) continue;
    const sep = (tokens[a.last] as Token).text;
    if (sep !== ',' && sep !== '(') continue;
    const ae = a.readings.map((r) => gaz.entry(r));
    const be = b.readings.map((r) => gaz.entry(r));
    for (const x of ae) {
      for (const y of be) {
        const w = consistent(x, y);
        if (w <= 0) continue;
        a.pairBonus.set(x.index, Math.max(a.pairBonus.get(x.index) ?? 0, 10 * w));
        if (y.kind !== 'country') b.pairBonus.set(y.index, Math.max(b.pairBonus.get(y.index) ?? 0, 10 * w));
      }
    }
  }
}

function toMention(doc: Doc, lang: LangCode, c: Candidate, e: GazEntry): PlaceMention {
  let precision: PlacePrecision;
  let rule: string;
  if (c.alias) {
    precision = 4;
    rule = `${lang}.place.country-alias`;
  } else if (e.kind === 'country') {
    precision = 4;
    rule = 'place.country';
  } else if (e.kind === 'region') {
    precision = 3;
    rule = c.regionCue ? `${lang}.place.region-cue` : 'place.region';
  } else if (c.near || c.regionCue) {
    precision = 2;
    rule = `${lang}.place.near`;
  } else {
    precision = 1;
    rule = 'place.gazetteer.city';
  }
  return {
    start: c.start,
    end: c.end,
    text: doc.text.slice(c.start, c.end),
    rule,
    sentence: c.sentence,
    name: e.name,
    country: e.country,
    admin1: e.kind === 'country' ? null : e.admin1,
    lat: e.lat,
    lon: e.lon,
    geonameId: e.geonameId,
    featureCode: e.featureCode,
    precision,
  };
}

/**
 * Finds and geocodes the place names of a document. Linear in the number of tokens: each
 * capitalised token starts at most {@link MAX_NAME_TOKENS} binary searches in the name index.
 */
export function findPlaces(doc: Doc): PlaceMention[] {
  const lang: LangCode = doc.language ?? 'en';
  const gaz = loadGazetteer();
  const C = compile(lang);
  const ctx: PlaceContext = { countries: new Map(), regions: new Map(), anchors: [] };
  const cands = recognise(doc, lang, gaz, C, ctx);
  pairEvidence(gaz, doc.tokens, cands);
  const chosen = resolve(gaz, cands, ctx);
  const out: PlaceMention[] = [];
  for (let k = 0; k < cands.length; k++) {
    const e = chosen[k];
    if (e) out.push(toMention(doc, lang, cands[k] as Candidate, e));
  }
  return out;
}

/** A geocoded name outside a document (for evaluation helpers and the CLI). */
export interface GeocodeResult {
  name: string;
  country: string | null;
  admin1: string | null;
  lat: number;
  lon: number;
  geonameId: number | null;
  featureCode: string;
  precision: PlacePrecision;
  rule: string;
}

/**
 * Geocodes one name given the countries (ISO3) the surrounding text is about, with the same scoring
 * as {@link findPlaces}. Returns null when the name is not in the gazetteer.
 */
export function geocodeName(name: string, lang: LangCode, contextCountries: readonly string[] = []): GeocodeResult | null {
  const gaz = loadGazetteer();
  const C = compile(lang);
  const key = phraseKey(name);
  const alias = C.aliases.matchAt(
    name.split(/\s+/).map((w, i) => ({ start: i, end: i + 1, text: w, norm: phraseKey(w), kind: 'word' as const, sentence: 0, index: i })),
    0,
  )[0];
  let readings = [...gaz.lookup(key).entries];
  if (readings.length === 0 && alias) readings = [gaz.countryEntry(alias.entry.country)].filter((x) => x >= 0);
  if (readings.length === 0) return null;
  const ctx: PlaceContext = { countries: new Map(contextCountries.map((c) => [c, 2])), regions: new Map(), anchors: [] };
  const es = readings.slice(0, 60).map((r) => gaz.entry(r));
  let best: GazEntry | null = null;
  let bestS = -Infinity;
  const cand = { regionCue: false, pairBonus: new Map<number, number>() };
  for (const e of es) {
    const s = scoreReading(e, ctx, cand, e.kind === 'region' && isNamesakeRegion(e, es));
    if (s > bestS) {
      bestS = s;
      best = e;
    }
  }
  if (!best) return null;
  const precision: PlacePrecision = best.kind === 'country' ? 4 : best.kind === 'region' ? 3 : 1;
  return {
    name: best.name,
    country: best.country,
    admin1: best.kind === 'country' ? null : best.admin1,
    lat: best.lat,
    lon: best.lon,
    geonameId: best.geonameId,
    featureCode: best.featureCode,
    precision,
    rule: best.kind === 'country' ? 'place.country' : best.kind === 'region' ? 'place.region' : 'place.gazetteer.city',
  };
}
