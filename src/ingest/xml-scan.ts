/**
 * A single linear pass over a feed's XML that finds what the DOM parser forgives in silence.
 * linkedom reads XML leniently: a feed cut short in the middle of an item still yields that item,
 * its text cut mid-word, and `watch` would then remember it as seen and never read it whole; a bare
 * "<" in a description swallows the text after it. This pass tells the feed reader where the feed
 * ends early and which "<" are text, so it can refuse the cut item and read the others as they are.
 *
 * It is not a validating parser: mismatched end tags (HTML pasted into a description) are read as
 * the DOM parser reads them. Every step moves forward with indexOf or one character at a time, so
 * the pass stays linear on hostile input.
 */

/** A top-level feed item (`<item>` under the channel or the root, `<entry>` under an Atom feed). */
export interface ScannedItem {
  /** Offset of its start tag's "<". */
  start: number;
  /** Whether its end tag (or a self-closing start tag) was found. */
  closed: boolean;
}

/** What the pass found. Offsets are UTF-16 indexes into the scanned text. */
export interface XmlScan {
  items: ScannedItem[];
  /**
   * Where the text ends while elements are still open or markup is unfinished (a comment, CDATA
   * section or tag without its end): the offset of the innermost unfinished construct. Null when
   * the document is complete.
   */
  truncatedAt: number | null;
  /** The element names still open at the end, outermost first (empty when complete). */
  openAtEnd: string[];
  /** Offsets of "<" characters that start no markup (followed by a space, a digit, "=" ...): text. */
  bareLt: number[];
}

/** Most end tags matched against open elements below the innermost one: bounds hostile nesting. */
const MATCH_WINDOW = 64;

/** Whether a character can start an element name (XML NameStartChar, any non-ASCII accepted). */
function nameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 128;
}

/** Whether a character ends an element name in a tag. */
function nameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

/** Element name without its namespace prefix, lower-cased. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/**
 * Scans feed XML once. Items are the `item` and `entry` elements whose parent is the root element
 * or the root's `channel`, in document order: the elements the feed reader takes as items.
 */
export function scanFeedXml(xml: string): XmlScan {
  const stack: { name: string; start: number; item: ScannedItem | null }[] = [];
  const items: ScannedItem[] = [];
  const bareLt: number[] = [];
  const n = xml.length;
  let i = xml.indexOf('<');
  const unfinished = (at: number): XmlScan => ({ items, truncatedAt: at, openAtEnd: stack.map((e) => e.name), bareLt });
  while (i >= 0 && i < n) {
    const next = xml.charCodeAt(i + 1);
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return unfinished(i);
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) return unfinished(i);
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (next === 63 /* ? */) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return unfinished(i);
      i = xml.indexOf('<', end + 2);
      continue;
    }
    if (next === 33 /* ! */) {
      // DOCTYPE and other declarations; an internal subset in brackets may hold ">".
      // The "[" is looked for only up to that ">": searching the rest of the text for it at every
      // declaration would make a run of declarations quadratic.
      const close = xml.indexOf('>', i + 2);
      const limit = close < 0 ? n : close;
      let bracket = -1;
      for (let k = i + 2; k < limit; k++) {
        if (xml.charCodeAt(k) === 91 /* [ */) {
          bracket = k;
          break;
        }
      }
      let end = close;
      if (bracket >= 0) {
        const sub = xml.indexOf(']', bracket + 1);
        end = sub < 0 ? -1 : xml.indexOf('>', sub + 1);
      }
      if (end < 0) return unfinished(i);
      i = xml.indexOf('<', end + 1);
      continue;
    }
    const isEnd = next === 47; /* / */
    const nameAt = isEnd ? i + 2 : i + 1;
    if (nameAt >= n) return unfinished(i);
    if (!nameStart(xml.charCodeAt(nameAt))) {
      bareLt.push(i);
      i = xml.indexOf('<', i + 1);
      continue;
    }
    let j = nameAt + 1;
    while (j < n && !nameEnd(xml.charCodeAt(j))) j++;
    const name = xml.slice(nameAt, j);
    // The rest of the tag: attribute values in quotes may hold ">".
    let selfClosing = false;
    let end = -1;
    while (j < n) {
      const c = xml.charCodeAt(j);
      if (c === 34 || c === 39) {
        const q = xml.indexOf(c === 34 ? '"' : "'", j + 1);
        if (q < 0) break;
        j = q + 1;
        continue;
      }
      if (c === 62) {
        end = j;
        selfClosing = xml.charCodeAt(j - 1) === 47;
        break;
      }
      j++;
    }
    if (end < 0) return unfinished(i);
    if (isEnd) {
      // Closes the innermost open element of that name, and any left open inside it, as the DOM
      // parser does; an end tag that matches nothing nearby is ignored.
      for (let k = stack.length - 1; k >= 0 && k >= stack.length - MATCH_WINDOW; k--) {
        if (stack[k]?.name !== name) continue;
        for (const open of stack.splice(k)) if (open.item !== null) open.item.closed = true;
        break;
      }
    } else {
      let item: ScannedItem | null = null;
      const local = localName(name);
      if (local === 'item' || local === 'entry') {
        const parent = stack[stack.length - 1];
        if (stack.length === 1 || (stack.length === 2 && parent !== undefined && localName(parent.name) === 'channel')) {
          item = { start: i, closed: selfClosing };
          items.push(item);
        }
      }
      if (!selfClosing) stack.push({ name, start: i, item });
    }
    i = xml.indexOf('<', end + 1);
  }
  if (stack.length > 0) return unfinished(stack[stack.length - 1]?.start ?? 0);
  return { items, truncatedAt: null, openAtEnd: [], bareLt };
}

/**
 * Line and column (both from 1) of offsets in one text. The line starts are found once, at the first
 * lookup (a feed read without a message needs none), and each lookup is a binary search: messages
 * about many items of a large feed stay linear.
 */
export function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | null = null;
  return (offset) => {
    if (starts === null) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}
