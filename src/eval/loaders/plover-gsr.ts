import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActorKey } from '../scorers/actors.js';
import type { LoadResult } from '../types.js';

/** Gold of one PLOVER GSR sentence. */
export interface PloverGold {
  /** Event type in PLOVER v0.8 terms. */
  type: string;
  /** Event type as coded (PLOVER 0.5b1). */
  codedType: string;
  source: ActorKey[];
  target: ActorKey[];
}

/**
 * PLOVER 0.5b1 types that v0.8 renamed or merged (per the CAMEO2PLOVER-2021 table: CAMEO 09
 * investigate and 11 disapprove → ACCUSE, 10 demand → REQUEST, 19 fight → ASSAULT).
 */
export const PLOVER_05_TO_08: Readonly<Record<string, string>> = {
  DEMAND: 'REQUEST',
  DISAPPROVE: 'ACCUSE',
  INVESTIGATE: 'ACCUSE',
  FIGHT: 'ASSAULT',
};

const SECTORS = new Set(['GOV', 'MIL', 'REB', 'JUD', 'LEG', 'COP', 'PTY', 'OPP', 'CVL', 'MED', 'REF', 'IGO', 'NGO', 'BUS', 'EDU', 'HLH', 'REL', 'LAB', 'AGR', 'CRM', 'UAF', 'ETH', 'ELI', 'SPY', 'PRI']);
/** Older CAMEO-style sector codes in the GSR with their PLOVER equivalent. */
const SECTOR_ALIASES: Readonly<Record<string, string>> = { CIV: 'CVL', JRN: 'MED' };
/** Actor codes that are not countries: international or non-state bodies without a country. */
const NON_COUNTRY = new Set(['IGO', 'NGO', 'MNC', 'UNK', 'INT']);

/**
 * Normalises a GSR actor: a three-letter country code (or null for IGO/NGO-like codes, whose code
 * then stands as the sector), and the first three letters of the sector (ethnic or religious
 * suffixes such as `CVLalb` dropped). Unknown or missing sectors (`***`) become null, which the
 * scorer treats as "any sector".
 */
export function gsrActor(a: { code?: unknown; sector?: unknown }): ActorKey {
  const code = typeof a.code === 'string' ? a.code.trim().toUpperCase() : '';
  const raw = typeof a.sector === 'string' ? a.sector.trim().slice(0, 3).toUpperCase() : '';
  let sector: string | null = SECTOR_ALIASES[raw] ?? (SECTORS.has(raw) ? raw : null);
  let country: string | null = /^[A-Z]{3}$/.test(code) ? code : null;
  if (country !== null && NON_COUNTRY.has(country)) {
    if (sector === null && SECTORS.has(country)) sector = country;
    country = null;
  }
  return { country, sector };
}

/** PLOVER gold standard records: `PLOVER_GSR_CAMEO.json` in the dataset folder. */
export function loadPloverGsr(dir: string): LoadResult<PloverGold> {
  const path = join(dir, 'PLOVER_GSR_CAMEO.json');
  const res: LoadResult<PloverGold> = { items: [], problems: [] };
  let arr: unknown;
  try {
    arr = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    res.problems.push(`${path}: not valid JSON (${(err as Error).message}); nothing loaded`);
    return res;
  }
  if (!Array.isArray(arr)) {
    res.problems.push(`${path}: expected a JSON array; nothing loaded`);
    return res;
  }
  arr.forEach((rec: unknown, k) => {
    const r = (rec ?? {}) as Record<string, unknown>;
    if (r.event === 'DOCUMENT') return;
    if (typeof r.id !== 'string' || typeof r.text !== 'string' || typeof r.event !== 'string') {
      res.problems.push(`${path}: record ${k}: no id, text or event; skipped`);
      return;
    }
    const list = (v: unknown): ActorKey[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null).map((x) => gsrActor(x as Record<string, unknown>)) : []);
    res.items.push({
      id: r.id,
      text: r.text,
      // Every GSR date is the placeholder 2000-01-01, which still anchors relative dates harmlessly.
      published: typeof r.date === 'string' ? r.date : null,
      language: 'en',
      gold: { type: PLOVER_05_TO_08[r.event] ?? r.event, codedType: r.event, source: list(r.source), target: list(r.target) },
    });
  });
  return res;
}
