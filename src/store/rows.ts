import { createHash } from 'node:crypto';
import { fold } from '../core/text.js';
import type { EventActor, EventLocation, SitrepEvent } from '../core/types.js';

/**
 * Normalises text before hashing: Unicode NFC and collapsed whitespace, so the same article saved with
 * different line breaks or a trailing newline is recognised as the same document.
 */
export function normaliseForHash(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** sha256 hex of the normalised text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text)).digest('hex');
}

/** Lower-case, accent-free form used for name lookups and search. */
export function foldName(s: string): string {
  return fold(s.normalize('NFC')).replace(/\s+/gu, ' ').trim();
}

/** Flat, indexable columns of one event report (the event itself is stored beside them as JSON). */
export interface ReportRow {
  ordinal: number;
  localId: string;
  ploverType: string;
  mode: string | null;
  acledEventType: string | null;
  acledSubEventType: string | null;
  eventDate: string | null;
  dateEnd: string | null;
  datePrecision: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  geoPrecision: number | null;
  fatalities: number | null;
  stance: string;
  historical: boolean;
  triggerStart: number;
  triggerEnd: number;
  triggerText: string;
}

/** Stable key of an actor in the normalised actors table: the dictionary id, or the name for ad-hoc ones. */
export function actorKey(a: EventActor): string {
  return a.id !== '' ? `${a.id}|${a.name}` : `name:${a.name}`;
}

/** Stable key of a place: GeoNames id when known, else name, country and rounded coordinates. */
export function placeKey(p: EventLocation): string {
  return p.geonameId !== null ? `gn:${p.geonameId}` : `${p.name}|${p.country ?? ''}|${p.lat.toFixed(3)}|${p.lon.toFixed(3)}`;
}

/**
 * Flattens an event into report columns. The event date falls back to the publication day (with
 * precision `published`) so every report can be placed in time, as ACLED requires.
 */
export function reportRow(ev: SitrepEvent, ordinal: number, published: string | null): ReportRow {
  const killed = ev.counts.filter((c) => c.kind === 'killed').map((c) => c.value);
  return {
    ordinal,
    localId: ev.id,
    ploverType: ev.type,
    mode: ev.mode,
    acledEventType: ev.acled?.eventType ?? null,
    acledSubEventType: ev.acled?.subEventType ?? null,
    eventDate: ev.date?.start ?? published,
    dateEnd: ev.date?.end ?? published,
    datePrecision: ev.date?.precision ?? (published === null ? null : 'published'),
    country: ev.location?.country ?? null,
    admin1: ev.location?.admin1 ?? null,
    lat: ev.location?.lat ?? null,
    lon: ev.location?.lon ?? null,
    geoPrecision: ev.location?.precision ?? null,
    // Several figures for one event are usually competing reports of the same toll: keep the highest.
    fatalities: killed.length > 0 ? Math.max(...killed) : null,
    stance: ev.attribution?.stance ?? 'asserted',
    historical: ev.historical,
    triggerStart: ev.trigger.start,
    triggerEnd: ev.trigger.end,
    triggerText: ev.trigger.text,
  };
}

/** Compares dotted versions numerically ("0.10.0" > "0.9.1"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Builds a search query of AND-ed terms from free text, folded like the index. */
export function searchTerms(query: string): string[] {
  return foldName(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** PostgreSQL's limits on a tsvector: positions per lexeme, highest position, bytes of one lexeme. */
const TSV_MAX_POSITIONS = 256;
const TSV_MAX_POSITION = 16383;
const TSV_MAX_LEXEME_BYTES = 2047;
/** Weight A in a tsvector position (the two high bits); D, the default, is 0. */
const TSV_WEIGHT_A = 3 << 14;

/** One lexeme of a search vector and its positions, each with its weight in the two high bits. */
export type SearchLexeme = readonly [word: string, positions: readonly number[]];

/** ASCII letters and digits: 1 where a word goes on. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 122; c++) if (c <= 57 || (c >= 65 && c <= 90) || c >= 97) ASCII_WORD[c] = 1;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Whether each non-ASCII code point met so far is a letter or digit (few distinct ones per text). */
const nonAsciiWord = new Map<number, boolean>();

function isWordCodePoint(cp: number): boolean {
  let v = nonAsciiWord.get(cp);
  if (v === undefined) {
    v = WORD_CHAR.test(String.fromCodePoint(cp));
    nonAsciiWord.set(cp, v);
  }
  return v;
}

/**
 * The words of a document's PostgreSQL search vector: every word of the folded title (weight A) and
 * text, with its positions, cut exactly as {@link searchTerms} cuts a query (runs of letters and
 * digits), so every query term is a lexeme the vector can hold. Sorted in PostgreSQL's lexeme order
 * (UTF-8 bytes, for words of the Basic Multilingual Plane), so the server need not sort them. Within
 * PostgreSQL's limits: 256 positions per word, positions up to 16383, words of at most 2047 bytes
 * (longer ones are left out, as `to_tsvector` leaves them out). The text is scanned by character
 * code rather than with a Unicode-property regular expression, which took twice as long.
 */
export function searchLexemes(title: string, text: string): SearchLexeme[] {
  const positions = new Map<string, number[]>();
  let pos = 0;
  const add = (s: string, weight: number): void => {
    // foldName's fold, without its whitespace collapse: a regular-expression pass words do not need.
    const f = fold(s.normalize('NFC'));
    const n = f.length;
    let start = -1;
    for (let i = 0; i <= n; i++) {
      let inWord = false;
      let width = 1;
      if (i < n) {
        const c = f.charCodeAt(i);
        if (c < 128) inWord = ASCII_WORD[c] === 1;
        else {
          const cp = f.codePointAt(i) as number;
          if (cp > 0xffff) width = 2;
          inWord = isWordCodePoint(cp);
        }
      }
      if (inWord) {
        if (start < 0) start = i;
        i += width - 1;
        continue;
      }
      if (start < 0) continue;
      const word = f.slice(start, i);
      start = -1;
      if (pos < TSV_MAX_POSITION) pos++;
      // UTF-8 takes at most 3 bytes per UTF-16 unit: only long words need counting.
      if (word.length * 3 > TSV_MAX_LEXEME_BYTES && Buffer.byteLength(word) > TSV_MAX_LEXEME_BYTES) continue;
      let list = positions.get(word);
      if (list === undefined) positions.set(word, (list = []));
      // Positions past the last one all read as the last one; it is kept once.
      if (list.length < TSV_MAX_POSITIONS && ((list[list.length - 1] ?? 0) & TSV_MAX_POSITION) < pos) list.push(pos | weight);
    }
  };
  add(title, TSV_WEIGHT_A);
  add(text, 0);
  // The default sort orders strings by UTF-16 code unit, as `<` does, without calling back into
  // JavaScript per comparison: in a writer thread whose code never gets hot (a few hundred documents
  // per run), a comparator function ran unoptimised and made the sort a third of this function's time.
  return [...positions.keys()].sort().map((word) => [word, positions.get(word) as number[]]);
}

/**
 * A search vector in PostgreSQL's binary tsvector format (what `tsvector_recv` reads), sent as a
 * binary parameter. It replaces `to_tsvector('simple', ...)` on the server: PostgreSQL's text parser
 * (which also looks for URLs, e-mail addresses, hosts and version numbers) cost 0.8-0.9 ms of server
 * CPU per Guardian article, a quarter of its save, on the core the writer thread shares; reading
 * binary lexemes already in order costs the server next to nothing.
 */
export function searchVectorBinary(lexemes: readonly SearchLexeme[]): Buffer {
  let size = 4;
  for (const [word, list] of lexemes) size += word.length * 3 + 1 + 2 + 2 * list.length;
  const buf = Buffer.allocUnsafe(size);
  let at = buf.writeInt32BE(lexemes.length, 0);
  for (const [word, list] of lexemes) {
    // Most words are ASCII after folding: copied byte by byte, without a call into the encoder each.
    let ascii = true;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c > 127) {
        ascii = false;
        break;
      }
      buf[at + i] = c;
    }
    at += ascii ? word.length : buf.write(word, at, 'utf8');
    buf[at++] = 0;
    buf[at++] = list.length >> 8;
    buf[at++] = list.length & 255;
    for (const p of list) {
      buf[at++] = p >> 8;
      buf[at++] = p & 255;
    }
  }
  return buf.subarray(0, at);
}

/** The tsvector input text of {@link searchLexemes}' output, for reading and for tests. */
export function searchVectorText(lexemes: readonly SearchLexeme[]): string {
  const weight = (p: number): string => (p >= TSV_WEIGHT_A ? 'A' : '');
  return lexemes.map(([word, list]) => `'${word}':${list.map((p) => `${p & TSV_MAX_POSITION}${weight(p)}`).join(',')}`).join(' ');
}
