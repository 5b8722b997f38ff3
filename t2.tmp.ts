import { loadGeoVirus } from './src/eval/loaders/geovirus.ts';
import { loadTrNews } from './src/eval/loaders/tr-news.ts';
for (const r of [loadGeoVirus('/work/shared/datasets/geovirus'), loadTrNews('/work/shared/datasets/tr-news')]) {
let k=0;
for (const it of r.items) for (const t of it.gold.toponyms) { const s=it.text.slice(t.start,t.end); if (s!==t.phrase && k++<6) console.log(it.id, JSON.stringify(t.phrase), JSON.stringify(s), JSON.stringify(it.text.slice(t.start-3,t.end+3)), t.start); }
}
