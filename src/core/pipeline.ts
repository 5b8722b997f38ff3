import { SitrepError, toDocError } from './errors.js';
import type { Context } from './context.js';
import type { Doc } from './types.js';

/** A field of the document a stage reads or writes. */
export type DocField = keyof Doc;

/**
 * A pipeline stage: a function of (document, context) to document, with a declared contract. The
 * contract is checked when the pipeline is assembled, not at run time.
 */
export interface Stage {
  readonly name: string;
  /** Fields that must have been provided by an earlier stage (or by the input). */
  readonly requires: readonly DocField[];
  /** Fields this stage fills in. */
  readonly provides: readonly DocField[];
  run(doc: Doc, ctx: Context): Doc;
}

/** Fields present on a document before any stage runs. */
export const INPUT_FIELDS: readonly DocField[] = ['id', 'text', 'title', 'url', 'published', 'errors'];

/** An assembled, checked pipeline. */
export interface Pipeline {
  readonly stages: readonly Stage[];
  /** Runs every stage in order. A stage that throws stops the document and the error is recorded. */
  run(doc: Doc, ctx: Context): Doc;
}

/**
 * Checks that stage names are unique and that every stage's requirements are provided earlier, then
 * returns the runnable pipeline. Mis-ordering is a programming error, reported with E_PIPELINE.
 */
export function assemblePipeline(stages: readonly Stage[], inputFields: readonly DocField[] = INPUT_FIELDS): Pipeline {
  const provided = new Set<DocField>(inputFields);
  const names = new Set<string>();
  for (const stage of stages) {
    if (names.has(stage.name)) throw new SitrepError('E_PIPELINE', `stage "${stage.name}" appears twice in the pipeline`);
    names.add(stage.name);
    const missing = stage.requires.filter((f) => !provided.has(f));
    if (missing.length > 0) {
      throw new SitrepError(
        'E_PIPELINE',
        `stage "${stage.name}" requires ${missing.join(', ')}, which no earlier stage provides (earlier: ${[...names].slice(0, -1).join(', ') || 'none'})`,
      );
    }
    for (const f of stage.provides) provided.add(f);
  }
  const frozen = Object.freeze([...stages]);
  return {
    stages: frozen,
    run(doc: Doc, ctx: Context): Doc {
      let current = doc;
      for (const stage of frozen) {
        try {
          current = sameShape(stage.run(current, ctx));
        } catch (err) {
          const rec = toDocError(err, stage.name);
          return { ...current, events: [], errors: [...current.errors, rec] };
        }
      }
      return current;
    },
  };
}

/** A fresh document with every pipeline field empty. */
export function emptyDoc(input: { id: string; text: string; title?: string | null; url?: string | null; published?: string | null }): Doc {
  return sameShape({
    id: input.id,
    text: input.text,
    title: input.title ?? null,
    url: input.url ?? null,
    language: null,
    published: input.published ?? null,
    sentences: [],
    tokens: [],
    actors: [],
    places: [],
    dates: [],
    numbers: [],
    counts: [],
    triggers: [],
    cues: [],
    events: [],
    errors: [],
  });
}

/**
 * The same document, rebuilt by this one object literal. Stages return `{ ...doc, field }`, and in V8
 * the objects a spread makes change hidden class while the process warms up (fields turn from constant
 * to mutable, then move into the object): every optimised function that reads the document was thrown
 * away and recompiled at each change, some of them at a few hundred milliseconds of compiler time
 * apiece. Rebuilt here, every stage sees documents of one hidden class.
 */
function sameShape(d: Doc): Doc {
  return {
    id: d.id,
    text: d.text,
    title: d.title,
    url: d.url,
    language: d.language,
    published: d.published,
    sentences: d.sentences,
    tokens: d.tokens,
    actors: d.actors,
    places: d.places,
    dates: d.dates,
    numbers: d.numbers,
    counts: d.counts,
    triggers: d.triggers,
    cues: d.cues,
    events: d.events,
    errors: d.errors,
  };
}
