import { prepare } from './test/helpers.js';
import { findDates } from './src/stages/mentions/dates/index.js';
for (const s of ["ralentissement par rapport à la période 1982-1990, selon.", "avant que le bilan 2001 de la délinquance soit", "rebond en 2003... »", "Championnat du monde 2003, ont", "veuve depuis... 1950. Elle", "saison 2002/2003, avec", "du 19 au 23 juillet, pour les enfants", "du mercredi 3 avril au samedi 6 avril inclus.", "entre 1982 et 1990 la"]) {
  const { doc: d2 } = prepare(s, 'fr', '1999-07-01');
  console.log(s, '=>', findDates(d2).map(d => `${d.text}|${d.startDate}..${d.endDate}|${d.rule}`).join(' ; '));
}
