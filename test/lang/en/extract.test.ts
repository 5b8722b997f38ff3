import { test } from 'node:test';
import { checkRow, type Expect } from '../table.js';

/** English end to end: sentences written for these tests, published Friday 14 June 2024. */
const rows: [string, Expect][] = [
  [
    'Israeli air strikes killed at least 27 people in Rafah on Tuesday, Palestinian health officials said.',
    { type: 'ASSAULT', acled: 'Explosions/Remote violence / Air/drone strike', date: '2024-06-11..2024-06-11', counts: ['killed:at_least:27'], stance: 'asserted' },
  ],
  [
    'Houthi rebels fired two missiles at a cargo ship in the Red Sea on Wednesday, the US military said.',
    { type: 'ASSAULT', acled: 'Explosions/Remote violence / Shelling/artillery/missile attack', source: ['YEM/REB'], date: '2024-06-12..2024-06-12', stance: 'asserted' },
  ],
  [
    "Sudan's Rapid Support Forces reportedly seized the town of Singa last week.",
    { type: 'ASSAULT', acled: 'Battles / Non-state actor overtakes territory', source: ['SDN/REB'], place: 'Singa/SDN/p1', date: '2024-06-03..2024-06-09', stance: 'reported' },
  ],
  [
    'Police arrested 14 protesters in Nairobi on Thursday after clashes over the finance bill.',
    { type: 'COERCE', acled: 'Strategic developments / Arrests', source: ['KEN/COP'], target: ['KEN/CVL'], place: 'Nairobi/KEN/p1', counts: ['arrested:exact:14'] },
  ],
  ['Russia denied that its forces had shelled a hospital in Kharkiv.', { type: 'ASSAULT', source: ['RUS/GOV'], place: 'Kharkiv/UKR/p1', stance: 'denied' }],
  [
    'Al-Shabaab militants attacked a military base near Mogadishu on Monday, killing five soldiers.',
    { type: 'ASSAULT', acled: 'Battles / Armed clash', source: ['SOM/REB'], target: ['SOM/MIL'], place: 'Mogadishu/SOM/p2', date: '2024-06-10..2024-06-10', counts: ['killed:exact:5'], events: 1 },
  ],
  ['The European Union imposed new sanctions on Iran on Friday.', { type: 'SANCTION', acled: null, source: ['-/IGO'], target: ['IRN/GOV'], date: '2024-06-14..2024-06-14' }],
];

for (const [text, want] of rows) test(`en: ${text.slice(0, 70)}`, () => checkRow('en', '2024-06-14', text, want));
