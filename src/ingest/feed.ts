import { DOMParser } from 'linkedom';
import { createHash } from 'node:crypto';
import { SitrepError } from '../core/errors.js';
import { htmlFragmentToText, isoDay, langOf } from './html.js';
import { looksLikeFeed } from './sniff.js';
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
 * that is not a feed is refused as a whole; an item with no text is refused alone.
 */
export function parseFeed(xml: string, origin: string, opts: ReaderOptions): ParsedFeed {
  if (!looksLikeFeed(xml)) throw new SitrepError('E_BAD_RECORD', `${origin}: not an RSS or Atom feed (expected a <rss>, <feed> or <rdf:RDF> root element)`, { input: origin, stage: 'feed' });
  let doc: { documentElement: XmlEl | null };
  try {
    doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as { documentElement: XmlEl | null };
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
  const failures: IngestFailure[] = [];
  if (entries.length === 0) {
    throw new SitrepError('E_BAD_RECORD', `${origin}: the feed has no ${atom ? '<entry>' : '<item>'} elements (empty or truncated feed)`, { input: origin, stage: 'feed' });
  }
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
      meta: { feed: origin, guid },
    });
  });
  return { title: feedTitle, items, failures };
}
