import { dateParser } from './src/stages/mentions/dates/index.js';
const c = dateParser('en');
for (const s of ["On 5 May 2020, 20-30 women protesters from Zhenys village"]) {
const r = c.parse(s, new Date(2020,4,16,12), {debug: (b: () => void) => b()} as never);
console.log(r.map(x=>x.text));
}
