/**
 * Figures: cardinal numbers ({@link findNumbers}) and the casualty, displacement, arrest and
 * abduction counts built on them ({@link findCounts}).
 */

import type { Stage } from '../../../core/pipeline.js';
import type { Doc } from '../../../core/types.js';
import { findCounts } from './counts.js';
import { findNumbers } from './numbers.js';

export { findNumbers, isCountable, CARDINAL_FORMS, type NumbersData } from './numbers.js';
export { findCounts, type CueEntry, type FiguresData } from './counts.js';

/**
 * Pipeline stage: fills `doc.numbers` and `doc.counts`. When the dates stage ran before, numbers
 * inside day dates ("le 3 mai") are marked as dates and never counted.
 */
export const figuresStage: Stage = {
  name: 'figures',
  requires: ['tokens', 'language'],
  provides: ['numbers', 'counts'],
  run(doc: Doc): Doc {
    const numbers = findNumbers(doc);
    return { ...doc, numbers, counts: findCounts(doc, numbers) };
  },
};
