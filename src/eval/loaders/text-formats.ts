/**
 * Small, linear parsers for the dataset file formats (CSV, simple XML). The datasets are read-only
 * and well-formed enough that a full XML parser is not needed; every parse problem is reported by
 * the loaders rather than thrown.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

/** Text content of an XML element body: CDATA taken verbatim, otherwise entities decoded. */
export function elementText(body: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(body);
  if (cdata) return cdata[1]!;
  return decodeEntities(body);
}

/** Every `<tag ...>body</tag>` (not nested in itself) in order, with its attributes string and body. */
export function elements(xml: string, tag: string): { attrs: string; body: string }[] {
  const out: { attrs: string; body: string }[] = [];
  const open = new RegExp(`<${tag}(\\s[^>]*|\\/)?>`, 'g');
  const close = `</${tag}>`;
  let m: RegExpExecArray | null;
  while ((m = open.exec(xml)) !== null) {
    if (m[0].endsWith('/>')) {
      out.push({ attrs: (m[1] ?? '').replace(/\/$/, ''), body: '' });
      continue;
    }
    const from = m.index + m[0].length;
    const end = xml.indexOf(close, from);
    if (end < 0) break;
    out.push({ attrs: m[1] ?? '', body: xml.slice(from, end) });
    open.lastIndex = end + close.length;
  }
  return out;
}

/** Text of the first `<tag>` child in a body, or null when absent. Self-closing tags give ''. */
export function childText(body: string, tag: string): string | null {
  const el = elements(body, tag)[0];
  return el === undefined ? null : elementText(el.body);
}

/** Value of an attribute in an attributes string. */
export function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : null;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Returns rows of raw
 * fields; one pass over the characters.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows of a header-led table as records keyed by the header names. */
export function recordsOf(rows: string[][]): { header: string[]; records: { line: number; fields: Record<string, string>; width: number }[] } {
  const header = rows[0] ?? [];
  const records: { line: number; fields: Record<string, string>; width: number }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.length === 1 && cells[0] === '') continue;
    const fields: Record<string, string> = {};
    header.forEach((h, k) => {
      fields[h] = cells[k] ?? '';
    });
    records.push({ line: r + 1, fields, width: cells.length });
  }
  return { header, records };
}
