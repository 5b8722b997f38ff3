/** An actor reduced to what set comparisons look at. A null sector in gold accepts any sector. */
export interface ActorKey {
  country: string | null;
  sector: string | null;
}

/**
 * Whether predicted actors equal the gold actors as sets of country+sector: every gold actor is
 * matched one-to-one by a predicted actor of the same country and sector (a gold actor without a
 * sector accepts any), and no predicted actor is left over. Duplicates on the predicted side are
 * collapsed first, since naming the same actor twice is not a second actor.
 */
export function actorSetsMatch(gold: readonly ActorKey[], pred: readonly ActorKey[]): boolean {
  const uniq = (xs: readonly ActorKey[]): ActorKey[] => {
    const seen = new Set<string>();
    return xs.filter((a) => {
      const k = `${a.country ?? '-'}|${a.sector ?? '*'}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  const g = uniq(gold);
  const p = uniq(pred);
  if (g.length !== p.length) return false;
  // Exact-sector gold first, so a wildcard never steals the only prediction an exact one could take.
  const order = [...g].sort((a, b) => Number(a.sector === null) - Number(b.sector === null));
  const used = new Array<boolean>(p.length).fill(false);
  for (const ga of order) {
    const j = p.findIndex((pa, k) => !used[k] && pa.country === ga.country && (ga.sector === null || pa.sector === ga.sector));
    if (j < 0) return false;
    used[j] = true;
  }
  return true;
}

/** Country-only variant: the sets of countries are equal. */
export function actorCountriesMatch(gold: readonly ActorKey[], pred: readonly ActorKey[]): boolean {
  const gs = [...new Set(gold.map((a) => a.country ?? '-'))].sort();
  const ps = [...new Set(pred.map((a) => a.country ?? '-'))].sort();
  return gs.length === ps.length && gs.every((x, i) => x === ps[i]);
}
