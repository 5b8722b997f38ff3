/**
 * Bumped whenever extraction output can change; stored reports older than this get reprocessed.
 * Its own module, so the store (and its writer thread) can read it without loading the pipeline.
 */
export const PIPELINE_VERSION = '0.1.0';
