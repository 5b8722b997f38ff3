/** Mean Earth radius in km (IUGG), the usual constant for great-circle distances. */
const EARTH_RADIUS_KM = 6371.0088;

/** Half the Earth's circumference in km: the largest possible error, used to normalise the AUC. */
export const MAX_ERROR_KM = 20039;

/** Great-circle distance between two lat/lon points in km (haversine formula). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Area under the curve of geocoding errors as Gritta et al. define it ("What's missing in geographical
 * parsing?", 2018, and their evaluation code): sort the errors, take ln(1 + km), integrate with the
 * trapezoidal rule at unit spacing, and divide by ln(20039) × (n − 1), the area of the worst curve.
 * 0 is perfect, 1 is every toponym at the antipode. With a single error the curve has no width, so
 * the normalised height ln(1 + e) / ln(20039) is returned; with none, null.
 */
export function errorAuc(errorsKm: readonly number[]): number | null {
  const n = errorsKm.length;
  if (n === 0) return null;
  const ys = errorsKm.map((e) => Math.log(1 + Math.max(0, e))).sort((a, b) => a - b);
  const maxLog = Math.log(MAX_ERROR_KM);
  if (n === 1) return ys[0]! / maxLog;
  let area = 0;
  for (let i = 1; i < n; i++) area += (ys[i - 1]! + ys[i]!) / 2;
  return area / (maxLog * (n - 1));
}

/** Summary of a list of geocoding errors. */
export interface GeoSummary {
  n: number;
  /** Share of errors ≤ 161 km (100 miles). */
  acc161: number | null;
  meanKm: number | null;
  medianKm: number | null;
  auc: number | null;
}

/** The median of a list (mean of the middle two for an even count), or null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Accuracy@161 km, mean and median error and AUC of a list of errors in km. */
export function summariseErrors(errorsKm: readonly number[]): GeoSummary {
  const n = errorsKm.length;
  if (n === 0) return { n, acc161: null, meanKm: null, medianKm: null, auc: null };
  let within = 0;
  let sum = 0;
  for (const e of errorsKm) {
    if (e <= 161) within++;
    sum += e;
  }
  return { n, acc161: within / n, meanKm: sum / n, medianKm: median(errorsKm), auc: errorAuc(errorsKm) };
}
