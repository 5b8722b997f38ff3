import { DOMParser } from 'linkedom';
import { createHash } from 'node:crypto';
import { SitrepError } from '../core/errors.js';
import { htmlFragmentToText, isoDay, langOf } from './html.js';
import { looksLikeFeed } from './sniff.js';
import { lineColumns, scanFeedXml } from './xml-scan.js';
import type { IngestFailure, IngestItem, ReaderOptions } from './types.js';

interface XmlEl {
  tagName: string;
  textContent: string | null;
  children: ArrayLike<XmlEl>;
  getAttribute(name: string): string | null;
  outerHTML?: string;
  toString(): string;
}

export { looksLikeFeed } from './sniff.js';

const kids = (el: XmlEl): XmlEl[] => Array.from(el.children);
const named = (el: XmlEl, ...names: string[]): XmlEl | undefined => kids(el).find((c) => names.includes(c.tagName.toLowerCase()));
const textOf = (el: XmlEl | undefined): string | null => {
  const t = el?.textContent?.trim();
  return t ? t : null;
};

/** Result of parsing a feed: its items and per-item failures. */
export interface ParsedFeed {
  title: string | null;
  items: IngestItem[];
  failures: IngestFailure[];
}

/**
 * Parses an RSS 2.0, RSS 1.0 or Atom feed. Item text is the full content when the feed carries it
 * (content:encoded, Atom content), else the description or summary, with HTML stripped. A document
 * that is not a feed is refused as a whole; an item with no text is refused alone. A feed cut short
 * (an interrupted download) keeps its complete items; the item it ends in is refused, not read with
 * half its text (and, in `watch`, not remembered as seen, so the next poll reads it whole). A "<"
 * that starts no tag is read as text, and the item's metadata says where (`xmlNotes`).
 */
export function parseFeed(xml: string, origin: string, opts: ReaderOptions): ParsedFeed {
  if (!looksLikeFeed(xml)) throw new SitrepError('E_BAD_RECORD', `${origin}: not an RSS or Atom feed (expected a <rss>, <feed> or <rdf:RDF> root element)`, { input: origin, stage: 'feed' });
  const failures: IngestFailure[] = [];
  // What the lenient DOM parser would hide: where the feed was cut short, and "<" that are text.
  const scan = scanFeedXml(xml);
  const position = lineColumns(xml);
  const at = (offset: number): string => {
    const { line, column } = position(offset);
    return `line ${line}, column ${column}`;
  };
  /** The first item left open by a cut: it and everything after it are not read. */
  const cutItem = scan.truncatedAt === null ? -1 : scan.items.findIndex((it) => !it.closed);
  const end = cutItem >= 0 ? (scan.items[cutItem] as { start: number }).start : xml.length;
  const truncation = scan.truncatedAt === null ? null : `the feed ends early, inside <${scan.openAtEnd[scan.openAtEnd.length - 1] ?? 'markup'}> (${at(scan.truncatedAt)})`;
  // A "<" that starts no markup (x < y) is text: escaped, the DOM parser keeps it and what follows.
  let readable = '';
  let from = 0;
  const bareLt = scan.bareLt.filter((o) => o < end);
  for (const o of bareLt) {
    readable += `${xml.slice(from, o)}&lt;`;
    from = o + 1;
  }
  readable += xml.slice(from, end);
  let doc: { documentElement: XmlEl | null };
  try {
    doc = new DOMParser().parseFromString(readable, 'text/xml') as unknown as { documentElement: XmlEl | null };
  } catch (err) {
    throw new SitrepError('E_BAD_RECORD', `${origin}: malformed feed XML (${(err as Error).message})`, { input: origin, stage: 'feed' });
  }
  const root = doc.documentElement;
  if (!root) throw new SitrepError('E_BAD_RECORD', `${origin}: malformed feed XML (no root element)`, { input: origin, stage: 'feed' });
  const rootName = root.tagName.toLowerCase();
  const atom = rootName === 'feed';
  const channel = atom ? root : (named(root, 'channel') ?? root);
  const feedTitle = textOf(named(channel, 'title'));
  const feedLang = langOf(root.getAttribute('xml:lang') ?? textOf(named(channel, 'language', 'dc:language')));
  const entries = atom ? kids(root).filter((c) => c.tagName.toLowerCase() === 'entry') : [...kids(channel), ...kids(root)].filter((c) => c.tagName.toLowerCase() === 'item');
  const items: IngestItem[] = [];
  const tag = atom ? '<entry>' : '<item>';
  if (entries.length === 0) {
    if (truncation !== null) throw new SitrepError('E_BAD_RECORD', `${origin}: ${truncation}, before any complete ${tag}; expected a whole feed: fetch it again`, { input: origin, stage: 'feed' });
    throw new SitrepError('E_BAD_RECORD', `${origin}: the feed has no ${tag} elements (empty or truncated feed)`, { input: origin, stage: 'feed' });
  }
  if (truncation !== null) {
    const where = cutItem >= 0 ? `${origin}#${cutItem + 1}` : origin;
    const what =
      cutItem >= 0
        ? `${where}: ${truncation}; this ${tag} (opened at ${at(end)}) is incomplete and was not read. The ${entries.length} complete item(s) before it were read; fetch the feed again for the rest (items already stored are skipped)`
        : `${where}: ${truncation}; its ${entries.length} complete item(s) were read, later ones may be missing: fetch the feed again for the rest (items already stored are skipped)`;
    failures.push({ input: where, stage: 'feed', code: 'E_BAD_RECORD', reason: what });
  }
  // Where each item starts and how many of its "<" were read as text, for the item's metadata.
  // Only when the DOM parser saw the same items as the scan (it always does for RSS and Atom laid out
  // as specified); otherwise a note could land on the wrong item.
  const starts = entries.length === (cutItem >= 0 ? cutItem : scan.items.length) ? scan.items.map((it) => it.start) : [];
  entries.forEach((e, i) => {
    const title = textOf(named(e, 'title'));
    let link: string | null;
    if (atom) {
      const links = kids(e).filter((c) => c.tagName.toLowerCase() === 'link');
      const alt = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links[0];
      link = alt?.getAttribute('href') ?? null;
    } else {
      link = textOf(named(e, 'link'));
    }
    const guid = textOf(named(e, 'guid', 'id'));
    const body = atom ? (textOf(named(e, 'content')) ?? textOf(named(e, 'summary'))) : (textOf(named(e, 'content:encoded')) ?? textOf(named(e, 'description')));
    const text = body === null ? '' : htmlFragmentToText(body);
    const where = `${origin}#${i + 1}`;
    if (text.trim().length === 0 && title === null) {
      failures.push({ input: where, stage: 'feed', code: 'E_EMPTY', reason: `${where}: feed item has neither text nor title` });
      return;
    }
    const date = atom ? (textOf(named(e, 'published')) ?? textOf(named(e, 'updated'))) : (textOf(named(e, 'pubdate')) ?? textOf(named(e, 'dc:date')));
    const raw = typeof e.outerHTML === 'string' ? e.outerHTML : String(e);
    items.push({
      // The key `watch` remembers: guid, else link, else a hash of the item.
      id: guid ?? link ?? `sha1:${createHash('sha1').update(raw).digest('hex')}`,
      text: text.trim().length > 0 ? text : (title as string),
      published: isoDay(date) ?? opts.published,
      language: opts.language ?? langOf(e.getAttribute('xml:lang')) ?? feedLang,
      title,
      url: link,
      source: opts.source ?? feedTitle,
      raw,
      kind: 'feed-item',
      origin: where,
      byline: textOf(named(e, 'author', 'dc:creator')),
      siteName: feedTitle,
      meta: { feed: origin, guid, ...textLtNote(bareLt, starts, i, at) },
    });
  });
  return { title: feedTitle, items, failures };
}

/**
 * The "<" read as text inside item `i` (between its start and the next item's), as a note in its
 * metadata: the stored item says where its XML was not well-formed and how it was read.
 */
function textLtNote(bareLt: readonly number[], starts: readonly number[], i: number, at: (offset: number) => string): { xmlNotes?: string[] } {
  const from = starts[i];
  if (from === undefined || bareLt.length === 0) return {};
  const to = starts[i + 1] ?? Infinity;
  let lo = 0;
  let hi = bareLt.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bareLt[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  const notes: string[] = [];
  for (let k = lo; k < bareLt.length && (bareLt[k] as number) < to; k++) {
    if (notes.length === MAX_XML_NOTES) {
      notes.push('more "<" read as text after these');
      break;
    }
    notes.push(`"<" at ${at(bareLt[k] as number)} starts no tag: read as text`);
  }
  return notes.length > 0 ? { xmlNotes: notes } : {};
}

/** Most notes kept per item. */
const MAX_XML_NOTES = 5;
