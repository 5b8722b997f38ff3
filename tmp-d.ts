import { prepare } from './test/helpers.js';
import { findDates } from './src/stages/mentions/dates/index.js';
import { readFileSync } from 'node:fs';
const t = readFileSync('/work/shared/gold/seed/aleppo-2024-12.txt','utf8');
const { doc } = prepare(t, 'fr');
for (const d of findDates(doc)) console.log(JSON.stringify(d));
for (const [s,l] of [["le 3 mai, puis mardi soir et dans la nuit de samedi à dimanche. hier à 14 h, aujourd'hui, la semaine dernière, fin novembre, début 2024, ces derniers jours, il y a 3 jours, il y a 5 ans, en 5 ans, lundi prochain. 2016 morts. plus de 2000 personnes. depuis le 3 mai. l'an dernier.",'fr'],["On 5 May 2020, police. Since Wednesday, this weekend, last week, yesterday, Tuesday night, I may go, in May, on Monday, in 2016, late November, early 2024, for 5 years, in recent days, 2016 people.",'en']] as const) {
  const { doc: d2 } = prepare(s, l);
  for (const d of findDates(d2)) console.log(d.text, '|', d.startDate, d.endDate, d.precision, d.rule);
}
