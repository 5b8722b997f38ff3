import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { SitrepError } from '../core/errors.js';
import type { IngestItem, ReaderOptions } from './types.js';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'HEAD']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/**
 * Turns an HTML fragment's DOM into text with one paragraph per block, so sentence segmentation sees
 * paragraph breaks (Readability's own textContent runs paragraphs together).
 */
export function domToText(root: DomNode): string {
  const parts: string[] = [];
  const walk = (n: DomNode): void => {
    if (n.nodeType === 3) {
      parts.push((n.textContent ?? '').replace(/\s+/gu, ' '));
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = n.nodeName.toUpperCase();
    if (SKIP.has(tag)) return;
    const block = BLOCK.has(tag);
    if (block) parts.push('\n');
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i] as DomNode);
    if (block) parts.push('\n');
  };
  walk(root);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n\n');
}

/** Text of an HTML fragment (feed item content). */
export function htmlFragmentToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return domToText(document.body as unknown as DomNode);
}

/** Language code fr/en from an `lang` attribute like "fr-FR"; other languages are left to detection. */
export function langOf(tag: string | null | undefined): string | null {
  const base = (tag ?? '').trim().toLowerCase().slice(0, 2);
  return base === 'fr' || base === 'en' ? base : null;
}

/** YYYY-MM-DD of an ISO or RFC 822 date-time, or null. */
export function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (iso) return iso[1] as string;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

function meta(doc: Document, ...names: string[]): string | null {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"]`) ?? doc.querySelector(`meta[name="${n}"]`) ?? doc.querySelector(`meta[itemprop="${n}"]`);
    const c = el?.getAttribute('content');
    if (c && c.trim() !== '') return c.trim();
  }
  return null;
}

/**
 * Reads a saved or fetched web page: main text via Readability over linkedom, and metadata (title,
 * byline, site name, language, published time, canonical URL). When Readability finds no article
 * (broken or very short pages) the body text is used, so a page is refused only when it has no text.
 */
export function readHtmlPage(html: string, origin: string, opts: ReaderOptions, extra: { url?: string | null; charset?: string } = {}): IngestItem {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url');
  const htmlLang = doc.documentElement?.getAttribute('lang') ?? meta(doc, 'og:locale', 'language', 'content-language');
  const publishedMeta = meta(doc, 'article:published_time', 'datePublished', 'date', 'DC.date.issued', 'pubdate');
  // Readability mutates the DOM, so metadata is read first and the fallback text is taken now.
  const fallbackText = doc.body ? domToText(doc.body as unknown as DomNode) : '';
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(doc, { charThreshold: 100 }).parse();
  } catch {
    article = null;
  }
  let text = '';
  if (article?.content) text = htmlFragmentToText(article.content);
  if (text.trim().length === 0) text = fallbackText;
  if (text.trim().length === 0) throw new SitrepError('E_EMPTY', `${origin}: the page has no readable text`, { input: origin, stage: 'html' });
  const title = article?.title?.trim() || doc.querySelector('title')?.textContent?.trim() || null;
  return {
    id: extra.url ?? canonical ?? origin,
    text,
    published: isoDay(article?.publishedTime ?? publishedMeta) ?? opts.published,
    language: opts.language ?? langOf(article?.lang ?? htmlLang),
    title,
    url: canonical ?? extra.url ?? null,
    source: opts.source ?? article?.siteName ?? meta(doc, 'og:site_name'),
    raw: html,
    kind: 'html',
    origin,
    byline: article?.byline?.trim() || meta(doc, 'author'),
    siteName: article?.siteName ?? meta(doc, 'og:site_name'),
    meta: { readability: article !== null, ...(extra.charset ? { charset: extra.charset } : {}) },
  };
}
