import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SitrepError } from './errors.js';
import type { LangCode } from './languages.js';

let root: string | null = null;

/**
 * The project root (the folder holding `lang/` and `data/`), found by walking up from this module so
 * that it works from `src/` under tsx and from `dist/src/` after a build.
 */
export function projectRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'lang')) && existsSync(join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new SitrepError('E_DATA', `cannot find the sitrep project root (a folder with lang/ and package.json) above ${fileURLToPath(import.meta.url)}`);
}

const jsonCache = new Map<string, unknown>();

/** Reads and caches a JSON file, with an error naming the file and the parse problem. */
export function readJsonFile<T>(path: string): T {
  const hit = jsonCache.get(path);
  if (hit !== undefined) return hit as T;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SitrepError('E_DATA', `cannot read data file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    // Language data maps words to values and is indexed with words from the input; objects without a
    // prototype make "constructor" or "__proto__" in an article plain misses, not inherited functions.
    parsed = JSON.parse(raw, (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.assign(Object.create(null) as object, value) : value,
    );
  } catch (err) {
    throw new SitrepError('E_DATA', `expected JSON in ${path}, found a syntax error: ${(err as Error).message}`, { cause: err });
  }
  jsonCache.set(path, parsed);
  return parsed as T;
}

const byLang = new Map<string, Map<string, unknown>>();

/** Language data lives in `lang/<code>/<name>.json`; stage code never embeds it. */
export function langData<T>(lang: LangCode, name: string): T {
  // Stages ask for their data per sentence or per candidate; a two-level map skips building the path.
  let files = byLang.get(lang);
  if (files === undefined) {
    files = new Map();
    byLang.set(lang, files);
  }
  if (files.has(name)) return files.get(name) as T;
  const value = readJsonFile<T>(join(projectRoot(), 'lang', lang, `${name}.json`));
  files.set(name, value);
  return value;
}

/** Language-independent data in `lang/common/<name>.json`. */
export function commonData<T>(name: string): T {
  return readJsonFile<T>(join(projectRoot(), 'lang', 'common', `${name}.json`));
}

const memo = new Map<string, unknown>();

/** Builds a compiled resource (a matcher, an index) once per process. */
export function memoize<T>(key: string, build: () => T): T {
  const hit = memo.get(key);
  if (hit !== undefined || memo.has(key)) return hit as T;
  const value = build();
  memo.set(key, value);
  return value;
}
