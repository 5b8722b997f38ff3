import { dateParser } from './src/stages/mentions/dates/index.js';
const c = dateParser('en');
for (const s of ["this weekend", "Since Wednesday, this weekend, last week"]) {
const r = c.parse(s, new Date(2024,11,2,12), {debug: (b: () => void) => b()} as never);
console.log(r.map(x=>x.text));
}
