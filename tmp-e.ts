import { dateParser } from './src/stages/mentions/dates/index.js';
const c = dateParser('en');
for (const s of ["Since Wednesday, this weekend, last week, yesterday, Tuesday night", "on Monday, in 2016"]) {
const r = c.parse(s, new Date(2024,11,2,12), {debug: (b: () => void) => b()} as never);
console.log(r.map(x=>x.text));
}
