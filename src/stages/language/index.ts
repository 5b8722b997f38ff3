import { franc } from 'franc-min';
import type { Stage } from '../../core/pipeline.js';
import type { Context } from '../../core/context.js';
import type { Doc, LangCode } from '../../core/types.js';
import { LANG_CODES, LANGUAGES } from '../../core/languages.js';
import { langData, memoize } from '../../core/data.js';
import { SitrepError } from '../../core/errors.js';
import { fold } from '../../core/text.js';

interface LanguageData {
  stopwords: string[];
}

/** Share of word tokens per registered language that are that language's function words. */
export function languageScores(text: string): Record<LangCode, number> {
  // Function words are frequent everywhere in a text, so a bounded sample (head and tail) suffices
  // and keeps detection cost constant on very long inputs.
  const sample = text.length > 40_000 ? text.slice(0, 20_000) + ' ' + text.slice(-20_000) : text;
  const words = fold(sample).match(/\p{L}+/gu) ?? [];
  const scores = {} as Record<LangCode, number>;
  for (const code of LANG_CODES) {
    const stop = memoize(`language.stopwords.${code}`, () => new Set(langData<LanguageData>(code, 'language').stopwords.map(fold)));
    let hits = 0;
    for (const w of words) if (stop.has(w)) hits++;
    scores[code] = words.length === 0 ? 0 : hits / words.length;
  }
  return scores;
}

/** Below this share of function words a text is not in that language. */
const MIN_SCORE = 0.12;
/** Above this share the text is taken as that language whatever a general identifier says. */
const SURE_SCORE = 0.25;

/**
 * Detects the document language over the whole body, restricted to registered languages. A text in
 * another language gets E_LANGUAGE with the best guess of what it is, not a garbage analysis.
 */
export function detectLanguage(text: string, where: string): LangCode {
  const scores = languageScores(text);
  let best: LangCode | null = null;
  let bestScore = 0;
  for (const code of LANG_CODES) {
    if (scores[code] > bestScore) {
      best = code;
      bestScore = scores[code];
    }
  }
  // Romance languages share many function words with French ("la", "se", "y"), so a middling score
  // is confirmed with a general identifier before it is accepted.
  const guess = best !== null && bestScore >= SURE_SCORE ? LANGUAGES[best].iso639_3 : franc(text.slice(0, 5000), { minLength: 10 });
  const confirmed = best !== null && (bestScore >= SURE_SCORE || (bestScore >= MIN_SCORE && (guess === 'und' || guess === LANGUAGES[best].iso639_3)));
  if (best === null || !confirmed) {
    const named = guess === 'und' ? 'undetermined' : `ISO 639-3 "${guess}"`;
    throw new SitrepError(
      'E_LANGUAGE',
      `${where}: unsupported language (${named}); sitrep reads ${LANG_CODES.map((c) => `${LANGUAGES[c].name} (${c})`).join(' and ')}. Pass --lang to force one.`,
    );
  }
  return best;
}

/** Sets `language`, from the context when forced, otherwise by detection. */
export const languageStage: Stage = {
  name: 'language',
  requires: ['text'],
  provides: ['language'],
  run(doc: Doc, ctx: Context): Doc {
    const language = ctx.language === 'auto' ? detectLanguage(doc.text, `document ${JSON.stringify(doc.id)}`) : ctx.language;
    return { ...doc, language };
  },
};
