/**
 * Content sniffing that needs no DOM: kept apart from the feed and HTML readers so that deciding what
 * an input is does not load linkedom (some 140 ms at start-up), which only markup inputs need.
 */

/** Whether markup looks like a feed (RSS 2.0, RSS 1.0/RDF or Atom) from its first element. */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').replace(/<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '').trimStart();
  return /^<(?:rss|feed|rdf:RDF)[\s>]/i.test(head);
}
