import type { Stage } from '../../../core/pipeline.js';
import type { Doc } from '../../../core/types.js';
import { findPlaces } from './find.js';

export { findPlaces, geocodeName, DEMONYM_RULE, DEMONYM_FEATURE, type GeocodeResult, type PlaceContext, type PlacesLangData } from './find.js';
export { loadGazetteer, gazetteerDir, type Gazetteer, type GazEntry, type GazKind, type KeyLookup } from './gazetteer.js';

/** Recognises and geocodes place names; fills `doc.places`. */
export const placesStage: Stage = {
  name: 'places',
  requires: ['tokens', 'language'],
  provides: ['places'],
  run(doc: Doc): Doc {
    return { ...doc, places: findPlaces(doc) };
  },
};
