import { test } from 'node:test';
import { checkRow, type Expect } from '../table.js';

/** French end to end: sentences written for these tests, published Friday 14 June 2024. */
const rows: [string, Expect][] = [
  [
    'Au moins douze soldats ont été tués jeudi dans une embuscade tendue par des djihadistes près de Djibo, dans le nord du Burkina Faso, selon une source sécuritaire.',
    { type: 'ASSAULT', acled: 'Battles / Armed clash', source: ['BFA/REB'], target: ['BFA/MIL'], place: 'Djibo/BFA/p2', date: '2024-06-13..2024-06-13', counts: ['killed:at_least:12'], stance: 'asserted' },
  ],
  [
    "L'armée malienne a repris mardi le contrôle de la ville de Kidal, a annoncé le gouvernement de transition.",
    { type: 'ASSAULT', acled: 'Battles / Government regains territory', source: ['MLI/MIL'], place: 'Kidal/MLI/p1', date: '2024-06-11..2024-06-11', stance: 'asserted' },
  ],
  [
    "Des milliers de manifestants ont défilé samedi à Dakar pour dénoncer le report de l'élection présidentielle.",
    { type: 'PROTEST', acled: 'Protests / Peaceful protest', source: ['SEN/CVL'], place: 'Dakar/SEN/p1', date: '2024-06-08..2024-06-08' },
  ],
  [
    'La police a dispersé les manifestants à coups de gaz lacrymogène à Conakry mercredi.',
    { type: 'COERCE', acled: 'Protests / Protest with intervention', source: ['GIN/COP'], target: ['GIN/CVL'], place: 'Conakry/GIN/p1', date: '2024-06-12..2024-06-12', events: 1 },
  ],
  ['Le M23 a démenti avoir bombardé le camp de déplacés de Mugunga, près de Goma.', { type: 'ASSAULT', source: ['COD/REB'], place: 'Goma/COD/p2', stance: 'denied' }],
  [
    "Des hommes armés ont enlevé lundi une vingtaine de passagers sur l'axe Kaya-Dori.",
    { type: 'ASSAULT', acled: 'Violence against civilians / Abduction/forced disappearance', source: ['-/UAF'], date: '2024-06-10..2024-06-10', counts: ['kidnapped:approx:20'] },
  ],
  [
    "Des hommes armés auraient enlevé deux enseignants près de Djibo, a rapporté l'AFP.",
    { type: 'ASSAULT', source: ['-/UAF'], place: 'Djibo/BFA/p2', stance: 'reported' },
  ],
];

for (const [text, want] of rows) test(`fr: ${text.slice(0, 70)}`, () => checkRow('fr', '2024-06-14', text, want));
