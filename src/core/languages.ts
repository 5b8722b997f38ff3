/**
 * The language registry. Adding a language means a `lang/<code>/` folder with the same files as
 * `lang/en/`, tests under `test/lang/<code>/`, and one line here.
 */
export const LANGUAGES = {
  fr: { name: 'French', iso639_3: 'fra' },
  en: { name: 'English', iso639_3: 'eng' },
} as const;

/** A language sitrep can analyse. */
export type LangCode = keyof typeof LANGUAGES;

/** All registered language codes, in registry order. */
export const LANG_CODES = Object.keys(LANGUAGES) as LangCode[];

/** True when `code` is a registered language. */
export function isLangCode(code: string): code is LangCode {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, code);
}
