import type { OutputPlace } from '../../../core/output.js';
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
  /**
   * Capitalised words that, after a place name, make a run an organisation named after the place
   * ("Gainesville Public Utilities", "Hall County Sheriff's Office"): the place keeps its readings.
   */
  orgHeadWords?: string[];
  /** Names whose usual reading in the press is the region, not its namesake seat ("New York"). */
  regionReadings?: string[];
  /** Whether plural demonyms ("Russians", the people) are place mentions too; singular adjectives always are. */
  demonymPlurals?: boolean;
  countryAliases: CountryAlias[];
  /** Frequent given names and surnames of public figures: never places alone, but parts of name runs. */
  personNames?: string[];
  /** Phrases that may stand between a cue and the place ("la ville de", "the town of"). */
  fillers?: string[];
  /** Capitalised words that, right after a name, make it an administrative unit ("Laurel County"). */
  adminSuffixes?: string[];
  /** Abbreviations of first-level regions, used only after "Town," ("Paris, Tenn."). */
  regionAliases?: RegionAlias[];
  /** Places outside the gazetteer: continents and named macro-regions ("Sahel", "Middle East"). */
  extraPlaces?: ExtraPlace[];
}

/** An abbreviation of a first-level region. */
interface RegionAlias {
  id: string;
  form: string;
  country: string;
  region: string;
  source?: string;
}

/** A place given directly with its coordinates in the language file. */
interface ExtraPlace {
  id: string;
  form: string;
  name: string;
  lat: number;
  lon: number;
  geonameId: number | null;
  featureCode: string;
  /** ISO 3166-1 alpha-3 of a place inside one country ("New York City"); absent for seas and continents. */
  country?: string;
  /** First-level region of such a place, as the gazetteer names it. */
  admin1?: string;
  /** Set when the form names the place only outside a run of capitalised words ("Atlantic", "Gulf"). */
  alone?: boolean;
  /** An adjective of the place ("European"), reported like a demonym (rule `place.demonym`). */
  demonym?: boolean;
  source?: string;
}

interface LanguageData {
  stopwords: string[];
}

/**
 * Cue phrases looked up by the folded text of the tokens just before a name. Unlike the
 * PhraseMatcher, forms may end in an elided article ("près d'", "à l'ouest d'").
 */
interface PhraseSet {
  keys: Set<string>;
  maxTokens: number;
}

function phraseSet(forms: readonly string[]): PhraseSet {
  const keys = new Set<string>();
  let maxTokens = 0;
  for (const f of forms) {
    const k = phraseKey(f);
    if (k === '') continue;
    keys.add(k);
    // Upper bound on tokens: words plus apostrophes and dots that split off.
    maxTokens = Math.max(maxTokens, k.split(/[ '.]/).length + 1);
  }
  return { keys, maxTokens };
}

/** First token index of a cue of `set` ending just before token `i`, or -1. Longest cue wins. */
function cueBefore(set: PhraseSet, text: string, tokens: readonly Token[], i: number): number {
  const sentence = tokens[i]?.sentence;
  let found = -1;
  for (let len = 1; len <= set.maxTokens && i - len >= 0; len++) {
    const first = i - len;
    if ((tokens[first] as Token).sentence !== sentence) break;
    const key = spanKey(text, tokens, first, i - 1);
    if (key === null) break;
    if (set.keys.has(key)) found = first;
  }
  return found;
}

interface Compiled {
  stop: Set<string>;
  personNames: Set<string>;
  titles: PhraseSet;
  orgs: PhraseMatcher<true>;
  near: PhraseSet;
  regionBefore: PhraseSet;
  regionAfter: PhraseMatcher<true>;
  fillers: PhraseSet;
  aliases: PhraseMatcher<CountryAlias>;
  regionAliases: PhraseMatcher<RegionAlias>;
  extra: PhraseMatcher<ExtraPlace>;
  adminSuffixes: Set<string>;
  demonymSuffixes: string[];
  demonymPlurals: boolean;
  preferRegion: Set<string>;
  orgHeads: Set<string>;
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
    const regionAliases = new PhraseMatcher<RegionAlias>(seg);
    for (const a of data.regionAliases ?? []) regionAliases.add(a.form, a);
    const extra = new PhraseMatcher<ExtraPlace>(seg);
    for (const x of data.extraPlaces ?? []) extra.add(x.form, x);
    // Titles are never place names on their own either ("Sen.", "Gen.").
    for (const t of data.personTitles) if (!t.includes(' ')) stop.add(phraseKey(t));
    return {
      stop,
      personNames: new Set((data.personNames ?? []).map(phraseKey)),
      titles: phraseSet(data.personTitles),
      orgs: mk(data.orgPhrases),
      near: phraseSet(data.nearCues),
      regionBefore: phraseSet(data.regionCuesBefore),
      regionAfter: mk(data.regionCuesAfter),
      fillers: phraseSet(data.fillers ?? []),
      aliases,
      regionAliases,
      extra,
      adminSuffixes: new Set(data.adminSuffixes ?? []),
      demonymSuffixes: data.demonymSuffixes,
      demonymPlurals: data.demonymPlurals ?? false,
      preferRegion: new Set((data.regionReadings ?? []).map(phraseKey)),
      orgHeads: new Set((data.orgHeadWords ?? []).map(phraseKey)),
    };
  });
}

/**
 * True when the span starting at token `t` and ending before token `last` sits in a run of
 * capitalised words: a capitalised word follows it, or precedes it other than at the sentence start.
 */
function inNameRun(tokens: readonly Token[], t: Token, last: number): boolean {
  const prev = tokens[t.index - 1];
  const next = tokens[last];
  const cap = (x: Token | undefined, first: boolean): boolean =>
    x !== undefined && x.kind === 'word' && x.sentence === t.sentence && isCap(x.text) && !(first && tokens[x.index - 1]?.sentence !== x.sentence);
  return cap(next, false) || cap(prev, true);
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
  /** Folded spelling that matched, to prefer entries whose main name it is over alternate names. */
  key: string;
  alias: CountryAlias | null;
  /** A place given in the language file, outside the gazetteer. */
  extra: ExtraPlace | null;
  /** Set when the span came from a region abbreviation, valid only after "Town,". */
  regionAlias: boolean;
  /** Set when the span is a capitalised demonym or adjective of a country ("Russian", "Syriens"). */
  demonym: boolean;
  /** Set when the name's usual reading is its region rather than the namesake city ("New York"). */
  preferRegion: boolean;
  /**
   * Set when the name sits in a run of capitalised words or was seen inside one: it may be part of a
   * person's or an organisation's name, so small towns need support from the document to be read.
   */
  weak: boolean;
  near: boolean;
  regionCue: boolean;
  /** Score bonus per reading from "X, Y" / "X (Y" pairs. */
  pairBonus: Map<number, number>;
}

/** Most populous homonyms kept per name; beyond this, readings are never chosen anyway. */
const MAX_CITY_READINGS = 40;
/** Cities this large keep their reading inside a run of capitalised words ("Aleppo University"). */
const BIG_CITY = 100_000;
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

/** Feature code of second-level units (US counties), which belong to the first-level region in admin1. */
const ADM2 = 'ADM2';

/** "ISO3/first-level region" key an entry votes for and is helped by. */
function regionKeyOf(e: GazEntry): string {
  return e.country + '/' + (e.kind === 'region' && e.featureCode !== ADM2 ? e.name : e.admin1);
}

/** Country context of a document: weights per ISO3 country and per "ISO3/admin1" region. */
export interface PlaceContext {
  countries: Map<string, number>;
  regions: Map<string, number>;
  anchors: { lat: number; lon: number }[];
  /** Per entry index, how many other names of the document have a reading near it. */
  support?: Map<number, number>;
}

/**
 * Score of one reading of a name (higher is better). `self` is the candidate's own first-pass pick,
 * whose contribution to the context is left out so that a choice does not vote for itself.
 */
function scoreReading(
  e: GazEntry,
  ctx: PlaceContext,
  cand: Pick<Candidate, 'regionCue' | 'pairBonus' | 'key'> & { preferRegion?: boolean },
  namesake: number,
  self: GazEntry | null = null,
): number {
  let cw = ctx.countries.get(e.country) ?? 0;
  if (self && self.kind !== 'country' && self.country === e.country) cw -= 1;
  const ctxBonus = 4 * Math.min(1, Math.max(0, cw) / 2);
  const regionKey = regionKeyOf(e);
  let rw = ctx.regions.get(regionKey) ?? 0;
  if (self && regionKeyOf(self) === regionKey) rw -= 1;
  let s: number;
  // An exact country name is read as the country, whatever the context, except when other places
  // of the document lie in a same-named region (Georgia among Atlanta and Macon).
  if (e.kind === 'country') s = 18;
  else if (e.kind === 'region') {
    s = 6.5 + ctxBonus + (rw > 0 ? 8 : 0);
    if (e.featureCode === ADM2) s += nearAnchor(e, ctx) ? 4 : 0;
    if (cand.regionCue) s += 10;
    else if (cand.preferRegion === true && e.featureCode !== ADM2) s += 6;
    // A region named after its seat ("Aleppo", "Idlib") is read as the city unless a cue says
    // province/governorate/state; after the national capital ("Washington"), all the more.
    else if (namesake > 0) s -= 5 * namesake;
    // A first-level region spelled exactly is read as the region rather than as a small namesake
    // town that merely lies near the document's other places ("Florida" among New Jersey towns).
    if (e.featureCode !== ADM2 && namesake === 0 && cand.key !== '' && e.nameKey === cand.key) s += REGION_EXACT_BONUS;
  } else {
    s = Math.log10(e.population + 1) + (FEATURE_BONUS[e.featureCode] ?? 0) + ctxBonus;
    if (cand.key !== '' && e.nameKey === cand.key) s += 0.3;
    // World cities keep their reading against a small namesake in a country merely mentioned
    // ("US officials in Paris"); a region named nearby still tips it ("Paris, Texas").
    if (e.population >= 1_000_000) s += 1.5;
    if (e.admin1 !== null && rw > 0) s += 3;
    if (nearAnchor(e, ctx)) s += 1.5;
  }
  return s + (cand.pairBonus.get(e.index) ?? 0) + SUPPORT_WEIGHT * Math.min(SUPPORT_CAP, ctx.support?.get(e.index) ?? 0);
}

/** A same-named city this close to a region's point is its namesake even when admin1 codes disagree. */
const NAMESAKE_KM = 150;

/** Score of a first-level region whose own name was written, against small same-named towns. */
const REGION_EXACT_BONUS = 4;

/** Score per other name of the document that has a reading next to (or inside) a reading. */
const SUPPORT_WEIGHT = 1.5;
/** Supporting names counted at most. */
const SUPPORT_CAP = 3;
/** Two readings this close support each other (county centroids lie ~30 km from their towns). */
const SUPPORT_KM = 80;

/**
 * Mutual support between the readings of different names: "Gainesville", "Hall County" and
 * "Georgia" read together as Gainesville, GA, although each alone reads elsewhere. A city or county
 * reading is supported by every other name with a city or county reading within {@link SUPPORT_KM};
 * a first-level region by every other name with a reading inside it. Readings are bucketed on a
 * one-degree grid, so the cost is linear in the number of readings.
 */
function computeSupport(cands: readonly Candidate[], entries: readonly GazEntry[][]): Map<number, number> {
  interface Pt { key: number; e: GazEntry }
  const grid = new Map<string, Pt[]>();
  const inRegion = new Map<string, Set<number>>();
  const keyIds = new Map<string, number>();
  const cell = (la: number, lo: number): string => Math.floor(la) + ':' + Math.floor(lo);
  const seen = new Set<string>();
  cands.forEach((c, i) => {
    if (c.demonym || c.alias || c.extra) return;
    let kid = keyIds.get(c.key);
    if (kid === undefined) keyIds.set(c.key, (kid = keyIds.size));
    for (const e of entries[i] as GazEntry[]) {
      if (e.kind === 'country') continue;
      const tag = kid + '#' + e.index;
      if (seen.has(tag)) continue;
      seen.add(tag);
      // Names that may be people's ("Lee", "Academy") do not vote for their small-town readings.
      if ((e.kind === 'city' && e.nameKey === c.key && !(c.weak && e.population < BIG_CITY)) || e.featureCode === ADM2) {
        const g = cell(e.lat, e.lon);
        let l = grid.get(g);
        if (!l) grid.set(g, (l = []));
        l.push({ key: kid, e });
        const rk = regionKeyOf(e);
        let r = inRegion.get(rk);
        if (!r) inRegion.set(rk, (r = new Set()));
        r.add(kid);
      }
    }
  });
  const support = new Map<number, number>();
  cands.forEach((c, i) => {
    if (c.demonym || c.alias || c.extra) return;
    const kid = keyIds.get(c.key) as number;
    const es = entries[i] as GazEntry[];
    // An exact country name, or a region name shared only with small towns ("Oregon"), keeps that
    // reading against the towns: only a same-named region may be supported.
    const bigCity = es.some((e) => e.kind === 'city' && e.population >= BIG_CITY);
    const hasCountry = es.some((e) => e.kind === 'country' || (!bigCity && e.kind === 'region' && e.featureCode !== ADM2 && e.nameKey === c.key));
    for (const e of es) {
      if (e.kind === 'country' || support.has(e.index)) continue;
      if (hasCountry && e.kind === 'city') continue;
      // Alternate spellings are too many to vote ("California" is also a name of Califon, NJ).
      if (e.kind === 'city' && e.nameKey !== c.key) continue;
      const keys = new Set<number>();
      if (e.kind === 'region' && e.featureCode !== ADM2) {
        for (const k of inRegion.get(regionKeyOf(e)) ?? []) if (k !== kid) keys.add(k);
      } else {
        const la = Math.floor(e.lat);
        const lo = Math.floor(e.lon);
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            for (const p of grid.get(la + dy + ':' + (lo + dx)) ?? []) {
              if (p.key === kid || keys.has(p.key)) continue;
              if (haversineKm(p.e.lat, p.e.lon, e.lat, e.lon) < SUPPORT_KM) keys.add(p.key);
            }
          }
        }
      }
      support.set(e.index, keys.size);
    }
  });
  return support;
}

/** True when other names of the document point at an entry's surroundings: nearby readings or its region. */
function evidenced(e: GazEntry, ctx: PlaceContext): boolean {
  return (ctx.support?.get(e.index) ?? 0) > 0 && ((ctx.regions.get(regionKeyOf(e)) ?? 0) > 0 || nearAnchor(e, ctx));
}

/** True when an entry lies within 200 km of a place already settled elsewhere in the document. */
function nearAnchor(e: GazEntry, ctx: PlaceContext): boolean {
  for (const a of ctx.anchors) {
    if (a.lat === e.lat && a.lon === e.lon) continue;
    if (haversineKm(a.lat, a.lon, e.lat, e.lon) < 200) return true;
  }
  return false;
}

/**
 * 1 when a region reading has a city reading of the same name that is its seat or a big city in it,
 * 2 when that city is the national capital ("Washington"), else 0.
 */
function isNamesakeRegion(region: GazEntry, cities: GazEntry[]): number {
  let level = 0;
  for (const c of cities) {
    if (c.kind !== 'city' || c.country !== region.country) continue;
    const seat = c.featureCode === 'PPLA' || c.featureCode === 'PPLC';
    // The seat may be spelled otherwise ("Ar Raqqah" in "Raqqa"); a mere big town matched by an
    // alternate name ("Arizona" for Yuma) does not make the region a namesake.
    // A same-named town elsewhere in the country ("Oregon", Ohio) does not make the region a namesake.
    const inside = c.admin1 === null || c.admin1 === region.name || c.featureCode === 'PPLC' || haversineKm(c.lat, c.lon, region.lat, region.lon) < NAMESAKE_KM;
    if (((c.population >= 20_000 || seat) && c.name === region.name && inside) || (seat && c.admin1 === region.name)) {
      level = Math.max(level, c.featureCode === 'PPLC' ? 2 : 1);
    }
  }
  return level;
}

function consistent(a: GazEntry, b: GazEntry): number {
  if (a.country !== b.country) return 0;
  if (b.kind === 'country') return 1;
  if (b.kind === 'region' && a.admin1 !== null && a.admin1 === b.name) return 2;
  if (b.kind === 'region' && b.featureCode === ADM2) return a.admin1 !== null && a.admin1 === b.admin1 ? 1 : 0;
  if (b.kind === 'region') return 0.5;
  return 0;
}

/**
 * Rule id of demonym and adjective mentions ("Russian", "European"). They carry the country's (or
 * continent's) coordinates and precision 4, but they name who, not where: consumers choosing an
 * event location should skip this rule.
 */
export const DEMONYM_RULE = 'place.demonym';
/** Feature code of demonym mentions, outside GeoNames' codes so that no consumer takes it for a PCLI. */
export const DEMONYM_FEATURE = 'DEMONYM';

/** Score taken from alternate-name readings when another place has the name as its main name. */
const ALT_NAME_PENALTY = 2;

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
    // Demonyms voted for their country when recognised.
    if (c.demonym) continue;
    const first = es[0];
    if (!first) continue;
    if (first.kind === 'country') ctx.countries.set(first.country, (ctx.countries.get(first.country) ?? 0) + 2);
    else if (es.every((e) => e.country === first.country)) {
      ctx.countries.set(first.country, (ctx.countries.get(first.country) ?? 0) + 1);
      if (first.kind === 'region' && es.every((e) => regionKeyOf(e) === regionKeyOf(first))) ctx.regions.set(regionKeyOf(first), 1);
    } else {
      const cities = es.filter((e) => e.kind === 'city');
      const top = cities[0];
      const second = cities[1];
      if (top && top.population >= 100_000 && (!second || second.population * 10 <= top.population)) {
        ctx.countries.set(top.country, (ctx.countries.get(top.country) ?? 0) + 0.5);
      }
    }
  }
  const pick = (i: number, local: PlaceContext, self: GazEntry | null): { e: GazEntry | null; margin: number } => {
    const es = entries[i] as GazEntry[];
    const c = cands[i] as Candidate;
    let best: GazEntry | null = null;
    let bestS = -Infinity;
    let secondS = -Infinity;
    // When some place bears the name as its main name, places that merely list it among their
    // alternate names ("Riverdale" for Glendale) step back.
    const mainExists = es.some((e) => e.kind === 'city' && e.nameKey === c.key);
    for (const e of es) {
      if (c.weak && e.kind === 'city' && e.population < BIG_CITY && !evidenced(e, local)) continue;
      let s = scoreReading(e, local, c, e.kind === 'region' ? isNamesakeRegion(e, es) : 0, self);
      if (mainExists && e.kind === 'city' && e.nameKey !== c.key) s -= ALT_NAME_PENALTY;
      if (s > bestS) {
        secondS = bestS;
        bestS = s;
        best = e;
      } else if (s > secondS) secondS = s;
    }
    return { e: best, margin: bestS - secondS };
  };
  const support = computeSupport(cands, entries);
  const firstPass = cands.map((_, i) => pick(i, { countries: ctx.countries, regions: ctx.regions, anchors: [], support }, null));
  // Second pass: the first choices of the other names vote for their countries and regions, and
  // confident city choices become anchors for proximity.
  const second: PlaceContext = { countries: new Map(ctx.countries), regions: new Map(ctx.regions), anchors: [], support };
  // Each distinct place votes once: a town named ten times must not outvote its own context.
  const voted = new Set<number>();
  for (const r of firstPass) {
    const e = r.e;
    if (!e || e.kind === 'country' || voted.has(e.index)) continue;
    voted.add(e.index);
    second.countries.set(e.country, (second.countries.get(e.country) ?? 0) + 1);
    const rk = regionKeyOf(e);
    second.regions.set(rk, (second.regions.get(rk) ?? 0) + 1);
    if ((e.kind === 'city' || e.featureCode === ADM2) && r.margin >= ANCHOR_MARGIN) second.anchors.push({ lat: e.lat, lon: e.lon });
  }
  return cands.map((_, i) => pick(i, second, (firstPass[i] as { e: GazEntry | null }).e).e);
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
/**
 * Tokens that cannot start a place name: 1 inside an organisation name, 2 inside an actor found
 * upstream (organisations, people; a listed place may still be read there).
 */
function blockedTokens(doc: Doc, C: Compiled): Uint8Array {
  const tokens = doc.tokens;
  const n = tokens.length;
  const blocked = new Uint8Array(n);
  for (const m of C.orgs.findAll(tokens)) for (let k = m.first; k < m.last; k++) blocked[k] = 1;
  // Actors found upstream (organisations, people) that contain a capitalised span block it, except
  // states, whose names are places too.
  for (const a of doc.actors ?? []) {
    if (a.kind !== 'entity' && a.kind !== 'person') continue;
    if (a.id.startsWith('state.')) continue;
    // Binary search for the first token of the actor: a long article has many actors and many tokens.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tokens[mid] as Token).start < a.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < n; k++) {
      const t = tokens[k] as Token;
      if (t.start >= a.end) break;
      if (t.end <= a.end) blocked[k] = 2;
    }
  }
  return blocked;
}

/** Candidates for the well-known places named in the parts of a hyphenated word ("Russian-backed"). */
function hyphenParts(tokens: readonly Token[], i: number, lang: LangCode, gaz: Gazetteer, C: Compiled, ctx: PlaceContext, cands: Candidate[]): void {
  const t = tokens[i] as Token;
  let off = 0;
  for (const part of t.text.split('-')) {
    const pStart = t.start + off;
    off += part.length + 1;
    if (part.length < 3 || !isCap(part)) continue;
    const key = phraseKey(part);
    const pdem = gaz.demonym(lang, key);
    let readings: number[] = [];
    if (pdem) readings = [gaz.countryEntry(pdem)].filter((x) => x >= 0);
    else if (!C.stop.has(key) && !C.personNames.has(key)) {
      const all = gaz.lookup(key).entries;
      // Small towns alone are too often ordinary words; they stay readings (weak, below) so
      // that the part does not look like an unambiguous big place.
      if (all.some((r) => gaz.kindOf(r) === 'country' || (gaz.kindOf(r) === 'region' && gaz.entry(r).featureCode !== ADM2) || gaz.populationOf(r) >= BIG_CITY)) {
        let cities = 0;
        readings = all.filter((r) => gaz.kindOf(r) !== 'city' || ++cities <= MAX_CITY_READINGS);
      }
    }
    if (readings.length === 0) continue;
    const c = makeCand(tokens, i, i + 1, readings, null);
    c.start = pStart;
    c.end = pStart + part.length;
    c.key = key;
    c.demonym = pdem !== null;
    c.weak = pdem === null;
    if (pdem) ctx.countries.set(pdem, (ctx.countries.get(pdem) ?? 0) + 1);
    cands.push(c);
  }
}

/**
 * Turns the longest gazetteer name found at token `i` (ending before `bestLast`) into a candidate,
 * unless the words are common ones or a title makes it a person; returns the token to go on from.
 * Its own function: the rare branches here, first met after recognise() was optimised, each
 * deoptimised and recompiled the whole loop (five compiles of 110-165 ms on the Guardian articles).
 */
function nameCandidate(doc: Doc, i: number, bestLast: number, bestEntries: readonly number[], gaz: Gazetteer, C: Compiled, lowerVocab: ReadonlySet<string>, cands: Candidate[]): number {
  const tokens = doc.tokens;
  const t = tokens[i] as Token;
  const single = bestLast === i + 1;
  // "La Force conjointe": an article that opens the sentence plus a common word is not "La Force".
  if (!single && C.stop.has(t.norm)) {
    let common = false;
    // Unit words ("Orange County" in a text that also says "the county") do not count.
    for (let x = i + 1; x < bestLast; x++) {
      const tx = tokens[x] as Token;
      if (lowerVocab.has(tx.norm) && !C.adminSuffixes.has(tx.text)) common = true;
    }
    if (common) return i + 1;
  }
  let readings = [...bestEntries];
  // A common word is a region only when a cue says so ("la région du Centre", "Centre region").
  const common = single && (C.stop.has(t.norm) || lowerVocab.has(t.norm));
  const cued = common && (cueBefore(C.regionBefore, doc.text, tokens, i) >= 0 || C.regionAfter.matchAt(tokens, bestLast).length > 0);
  if (single && (C.stop.has(t.norm) || C.personNames.has(t.norm))) {
    readings = cued && C.stop.has(t.norm) ? readings.filter((r) => gaz.kindOf(r) === 'region') : [];
  }
  if (single && lowerVocab.has(t.norm)) readings = readings.filter((r) => gaz.kindOf(r) === 'country' || (cued && gaz.kindOf(r) === 'region'));
  // Short all-capital words are acronyms (BA, APC), not towns; country abbreviations come from the alias list.
  if (single && t.text.length <= 3 && t.text === t.text.toUpperCase()) readings = readings.filter((r) => gaz.kindOf(r) === 'country');
  // "M. Paris", "Gen. Lee": a title (its abbreviation dot skipped) makes the name a person.
  const titleEnd = tokens[i - 1]?.text === '.' ? i - 1 : i;
  if (cueBefore(C.titles, doc.text, tokens, titleEnd) >= 0) readings = [];
  // Cities beyond the most populous homonyms never win; cut them so scoring stays cheap.
  let cities = 0;
  readings = readings.filter((r) => gaz.kindOf(r) !== 'city' || ++cities <= MAX_CITY_READINGS);
  if (readings.length > 0) {
    // "Laurel County", "Idlib Province": the unit word belongs to the name and says it is an area.
    let last = bestLast;
    const after = tokens[bestLast];
    const suffixed = after !== undefined && after.sentence === t.sentence && C.adminSuffixes.has(after.text);
    if (suffixed) last = bestLast + 1;
    const c = makeCand(tokens, i, last, readings, null);
    c.key = spanKey(doc.text, tokens, i, bestLast - 1) ?? '';
    c.preferRegion = C.preferRegion.has(c.key);
    // "Henry County" is named after a person, not after a town's alternate name: keep main names.
    if (suffixed) {
      const main = c.readings.filter((r) => gaz.kindOf(r) !== 'city' || gaz.entry(r).nameKey === c.key);
      if (main.length > 0) c.readings = main;
    }
    let cueIdx = i;
    const filler = cueBefore(C.fillers, doc.text, tokens, cueIdx);
    if (filler >= 0) cueIdx = filler;
    c.near = cueBefore(C.near, doc.text, tokens, cueIdx) >= 0;
    c.regionCue = cueBefore(C.regionBefore, doc.text, tokens, cueIdx) >= 0 || C.regionAfter.matchAt(tokens, bestLast).length > 0;
    cands.push(c);
    return last;
  }
  return bestLast;
}

/** Marks weak the candidates inside runs of capitalised words, or that such runs show are people. */
function markPersonRuns(doc: Doc, C: Compiled, cands: Candidate[]): void {
  const tokens = doc.tokens;
  const n = tokens.length;
  // Names inside a run of capitalised words that is not itself a place are usually parts of person
  // or organisation names ("Hassan Nasrallah", "Aleppo University"); the words of such runs, met
  // alone elsewhere in the document ("Jones said"), are people too. Only big places survive.
  const covered = new Int32Array(n).fill(-1);
  cands.forEach((c, k) => {
    for (let x = c.first; x < c.last; x++) covered[x] = k;
  });
  const personish = new Set<string>();
  // Arabic name particles ("al-Bashir", "el-Sisi") continue a capitalised name.
  const capWord = (t: Token | undefined): boolean =>
    t !== undefined && t.kind === 'word' && (isCap(t.text) || /^\p{Ll}{1,3}-\p{Lu}/u.test(t.text)) && !C.stop.has(t.norm);
  for (const sent of doc.sentences) {
    if (sent.heading) continue;
    let runStart = -1;
    for (let x = sent.tokenStart; x <= sent.tokenEnd; x++) {
      const t = x < sent.tokenEnd ? tokens[x] : undefined;
      if (t && capWord(t) && !(covered[x] !== undefined && covered[x]! >= 0 && cands[covered[x]!]!.alias)) {
        if (runStart < 0) runStart = x;
        continue;
      }
      if (runStart >= 0 && x - runStart >= 2) {
        const k0 = covered[runStart] ?? -1;
        const whole = k0 >= 0 && cands[k0]!.first === runStart && cands[k0]!.last === x;
        // "Gainesville Public Utilities" is an organisation named after a place, not a person.
        let orgRun = false;
        for (let y = runStart; y < x; y++) if (C.orgHeads.has((tokens[y] as Token).norm)) orgRun = true;
        if (!whole && !orgRun) for (let y = runStart; y < x; y++) personish.add((tokens[y] as Token).norm);
      }
      runStart = -1;
    }
  }
  for (const c of cands) {
    if (c.alias || c.extra || c.regionAlias || c.demonym) continue;
    if (doc.sentences[c.sentence]?.heading) continue;
    const prev = c.first > 0 ? tokens[c.first - 1] : undefined;
    const next = c.last < n ? tokens[c.last] : undefined;
    const inRun =
      (capWord(prev) && prev!.sentence === c.sentence && covered[prev!.index] === -1 && prev!.index !== doc.sentences[c.sentence]?.tokenStart) ||
      (capWord(next) && next!.sentence === c.sentence && covered[next!.index] === -1 && !C.orgHeads.has(next!.norm));
    const alone = c.last - c.first === 1 && personish.has((tokens[c.first] as Token).norm);
    // Small towns stay possible readings, but only with evidence from the rest of the document
    // (see resolve()): "the Alexandria Blizzard" near Fargo is Alexandria, Minnesota.
    if (inRun || alone) c.weak = true;
  }
}

function recognise(doc: Doc, lang: LangCode, gaz: Gazetteer, C: Compiled, ctx: PlaceContext): Candidate[] {
  const tokens = doc.tokens;
  const n = tokens.length;
  const blocked = blockedTokens(doc, C);
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
    // "Canada-wide", "made-in-China", "Russian-backed": a hyphenated word that is not itself a
    // name may hold one; only well-known parts count (countries, first-level regions, big cities,
    // demonyms), as small towns' names are too often ordinary words.
    if (t.text.includes('-') && !blocked[i] && gaz.lookup(t.norm).entries.length === 0) {
      hyphenParts(tokens, i, lang, gaz, C, ctx, cands);
      i++;
      continue;
    }
    // An actor found upstream may be named after a place ("EU", "White House"): a listed place that
    // says so (an adjective-like entry, which events do not take for a location) is still reported.
    if (blocked[i] === 2) {
      const x = C.extra.matchAt(tokens, i)[0];
      if (x !== undefined && x.entry.demonym === true) {
        const c = makeCand(tokens, i, x.last, [], null);
        c.extra = x.entry;
        cands.push(c);
        i = x.last;
        continue;
      }
    }
    const dem = isDemonym(t.norm);
    if (dem) ctx.countries.set(dem, (ctx.countries.get(dem) ?? 0) + 1);
    if ((blocked[i] && !dem) || !isCap(t.text)) {
      i++;
      continue;
    }
    let bestLast = -1;
    let bestEntries: readonly number[] = [];
    for (let j = i; j < n && j - i < MAX_NAME_TOKENS && !blocked[i]; j++) {
      const tj = tokens[j] as Token;
      if (tj.sentence !== t.sentence || blocked[j]) break;
      const key = spanKey(doc.text, tokens, i, j);
      if (key === null) break;
      const r = gaz.lookup(key);
      // Inner words may be lower case ("Bosnia and Herzegovina", "Deir ez-Zor"), the last one must
      // carry a capital somewhere.
      if (r.entries.length > 0 && (j === i || tj.text !== tj.text.toLowerCase())) {
        bestLast = j + 1;
        bestEntries = r.entries;
      }
      if (!r.hasLonger) break;
    }
    // Listed places of several words win over a demonym that opens them ("Indian Ocean").
    let extra: PhraseMatch<ExtraPlace> | undefined = C.extra.matchAt(tokens, i)[0];
    // "Gulf War", "Florida Atlantic University": a word that names a sea only alone.
    if (extra !== undefined && extra.entry.alone === true && inNameRun(tokens, t, extra.last)) extra = undefined;
    const longExtra = extra !== undefined && extra.last > i + 1 && extra.last >= bestLast;
    // A capitalised demonym is a country-level mention ("Russian troops", "the Palestinians"), unless
    // it opens a longer place name ("American Samoa").
    if (dem && bestLast <= i + 1 && !longExtra && (C.demonymPlurals || gaz.demonym(lang, t.norm) !== null)) {
      const e = gaz.countryEntry(dem);
      if (e >= 0) {
        const c = makeCand(tokens, i, i + 1, [e], null);
        c.demonym = true;
        cands.push(c);
      }
      i++;
      continue;
    }
    if (dem && bestLast <= i + 1 && !longExtra) {
      i++;
      continue;
    }
    const alias = C.aliases.matchAt(tokens, i)[0];
    const regionAlias = C.regionAliases.matchAt(tokens, i)[0];
    if (extra && extra.last >= bestLast && extra.last >= (alias?.last ?? 0)) {
      const c = makeCand(tokens, i, extra.last, [], null);
      c.extra = extra.entry;
      cands.push(c);
      i = extra.last;
      continue;
    }
    if (alias && alias.last >= bestLast) {
      const e = gaz.countryEntry(alias.entry.country);
      cands.push(makeCand(tokens, i, alias.last, e >= 0 ? [e] : [], alias.entry));
      i = alias.last;
      continue;
    }
    // Abbreviations with two or more dots ("S.C.", "W. Va.") are unambiguous alone; the others
    // ("Ind.", "Miss.") only after "Town,".
    const afterComma = i >= 2 && tokens[i - 1]?.text === ',';
    if (regionAlias && regionAlias.last >= bestLast && (afterComma || regionAlias.entry.form.split('.').length > 2)) {
      const ra = regionAlias.entry;
      const rs = gaz.lookup(phraseKey(ra.region)).entries.filter((r) => gaz.kindOf(r) === 'region' && gaz.entry(r).country === ra.country);
      if (rs.length > 0) {
        const c = makeCand(tokens, i, regionAlias.last, rs.slice(0, 1), null);
        c.regionAlias = true;
        cands.push(c);
        i = regionAlias.last;
        continue;
      }
    }
    if (bestLast < 0) {
      i++;
      continue;
    }
    i = nameCandidate(doc, i, bestLast, bestEntries, gaz, C, lowerVocab, cands);
  }
  markPersonRuns(doc, C, cands);
  return cands.filter((c) => c.readings.length > 0 || c.extra !== null);
}

function makeCand(tokens: readonly Token[], first: number, last: number, readings: number[], alias: CountryAlias | null): Candidate {
  const a = tokens[first] as Token;
  const b = tokens[last - 1] as Token;
  return {
    first,
    last,
    start: a.start,
    end: b.end,
    sentence: a.sentence,
    readings,
    key: '',
    alias,
    extra: null,
    regionAlias: false,
    demonym: false,
    preferRegion: false,
    weak: false,
    near: false,
    regionCue: false,
    pairBonus: new Map(),
  };
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

function extraMention(doc: Doc, c: Candidate, x: ExtraPlace): PlaceMention {
  return {
    start: c.start,
    end: c.end,
    text: doc.text.slice(c.start, c.end),
    rule: x.demonym ? DEMONYM_RULE : x.id,
    sentence: c.sentence,
    name: x.name,
    country: x.country ?? null,
    admin1: x.admin1 ?? null,
    lat: x.lat,
    lon: x.lon,
    geonameId: x.geonameId,
    featureCode: x.featureCode,
    // A listed town is as precise as a gazetteer one; seas, continents and macro-regions are coarse.
    precision: x.featureCode.startsWith('PPL') ? 1 : 4,
  };
}

function toMention(doc: Doc, lang: LangCode, c: Candidate, e: GazEntry): PlaceMention {
  let precision: PlacePrecision;
  let rule: string;
  if (c.demonym) {
    return {
      start: c.start,
      end: c.end,
      text: doc.text.slice(c.start, c.end),
      rule: DEMONYM_RULE,
      sentence: c.sentence,
      name: e.name,
      country: e.country,
      admin1: null,
      lat: e.lat,
      lon: e.lon,
      geonameId: e.geonameId,
      featureCode: DEMONYM_FEATURE,
      precision: 4,
    };
  }
  if (c.alias) {
    precision = 4;
    rule = `${lang}.place.country-alias`;
  } else if (e.kind === 'country') {
    precision = 4;
    rule = 'place.country';
  } else if (c.regionAlias) {
    precision = 3;
    rule = `${lang}.place.region-abbreviation`;
  } else if (e.kind === 'region' && e.featureCode === ADM2) {
    precision = 3;
    rule = 'place.county';
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
    const c = cands[k] as Candidate;
    const e = chosen[k];
    if (c.extra) out.push(extraMention(doc, c, c.extra));
    else if (e) out.push(toMention(doc, lang, c, e));
  }
  return out;
}

/** A geocoded name outside a document (for evaluation helpers and the CLI): an output place without a span. */
export type GeocodeResult = Omit<OutputPlace, 'text' | 'start' | 'end'>;

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
  const cand = { regionCue: false, pairBonus: new Map<number, number>(), key };
  for (const e of es) {
    const s = scoreReading(e, ctx, cand, e.kind === 'region' ? isNamesakeRegion(e, es) : 0);
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
