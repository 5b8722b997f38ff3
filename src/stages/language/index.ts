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

/** Per function word, the registered languages (by index into LANG_CODES) that list it. */
function stopwordIndex(): Map<string, number[]> {
  return memoize('language.stopwords', () => {
    const index = new Map<string, number[]>();
    LANG_CODES.forEach((code, li) => {
      for (const w of new Set(langData<LanguageData>(code, 'language').stopwords.map(fold))) {
        const list = index.get(w);
        if (list) list.push(li);
        else index.set(w, [li]);
      }
    });
    return index;
  });
}

const LETTER = /\p{L}/u;

/** Share of word tokens per registered language that are that language's function words. */
export function languageScores(text: string): Record<LangCode, number> {
  // Function words are frequent everywhere in a text, so a bounded sample (head and tail) suffices
  // and keeps detection cost constant on very long inputs.
  const sample = text.length > 40_000 ? text.slice(0, 20_000) + ' ' + text.slice(-20_000) : text;
  const folded = fold(sample);
  const index = stopwordIndex();
  const hits = new Array<number>(LANG_CODES.length).fill(0);
  let words = 0;
  // Words are maximal runs of letters, scanned by character code: folded ASCII letters are a-z,
  // and only other characters need the Unicode letter test.
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const code = i < folded.length ? folded.charCodeAt(i) : 32;
    const letter = code < 128 ? code >= 97 && code <= 122 : isLetterAt(folded, i, code);
    if (letter) {
      if (start < 0) start = i;
      if (code >= 0xd800 && code <= 0xdbff) i++;
      continue;
    }
    if (start >= 0) {
      words++;
      const langs = index.get(folded.slice(start, i));
      if (langs) for (const li of langs) hits[li] = (hits[li] as number) + 1;
      start = -1;
    }
  }
  const scores = {} as Record<LangCode, number>;
  LANG_CODES.forEach((code, li) => {
    scores[code] = words === 0 ? 0 : (hits[li] as number) / words;
  });
  return scores;
}

function isLetterAt(text: string, i: number, code: number): boolean {
  // A letter outside the BMP is a surrogate pair and must be tested whole.
  const ch = code >= 0xd800 && code <= 0xdbff ? text.slice(i, i + 2) : text[i];
  return ch !== undefined && LETTER.test(ch);
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
