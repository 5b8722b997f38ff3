import { createRequire } from 'node:module';
import { readJsonFile, memoize } from '../../../core/data.js';
import { SitrepError } from '../../../core/errors.js';

/** The subset of a world-countries record that the actor dictionary reads. */
export interface WorldCountry {
  name: { common: string; official: string };
  cca3: string;
  independent: boolean | null;
  unMember: boolean;
  altSpellings: string[];
  area: number;
  capital?: string[];
  translations: Record<string, { common: string; official: string } | undefined>;
  demonyms?: Record<string, { f: string; m: string } | undefined>;
}

/**
 * Reads the world-countries list once per process. It is resolved through Node's module resolution
 * so it works from `src/` under tsx and from `dist/` after a build.
 */
export function worldCountries(): WorldCountry[] {
  return memoize('actors.world-countries', () => {
    let path: string;
    try {
      path = createRequire(import.meta.url).resolve('world-countries/dist/countries.json');
    } catch (err) {
      throw new SitrepError('E_DATA', 'the world-countries package is not installed; run npm install in the sitrep folder', { cause: err });
    }
    const list = readJsonFile<WorldCountry[]>(path);
    if (!Array.isArray(list)) throw new SitrepError('E_DATA', `expected an array of countries in ${path}`);
    return list;
  });
}
