/**
 * `<base>/studies/<uid>/series/<uid>`: how a person (or the `slide` CLI) names one slide
 * of an archive. The base is the DICOMweb root; credentials in it are basic auth.
 */

export interface DicomwebSeriesAddress {
  /** The DICOMweb root, credentials included when the address had them. */
  baseUrl: string;
  studyUID: string;
  seriesUID: string;
}

const SERIES_PATH = /^(.*?)\/studies\/([^/?#]+)\/series\/([^/?#]+)\/?$/;

/** Parses a DICOMweb series URL; null for anything else. */
export function parseDicomwebSeriesUrl(target: string): DicomwebSeriesAddress | null {
  if (!/^https?:\/\//i.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  const full = `${url.origin}${url.pathname}`;
  const m = SERIES_PATH.exec(full);
  if (m === null) return null;
  const [, base = '', study = '', series = ''] = m;
  const auth =
    url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  const baseUrl = base.replace(/^(https?:\/\/)/i, `$1${auth}`);
  return { baseUrl, studyUID: decodeURIComponent(study), seriesUID: decodeURIComponent(series) };
}

/** True when the target looks like a DICOMweb series address. */
export function isDicomwebSeriesUrl(target: string): boolean {
  return parseDicomwebSeriesUrl(target) !== null;
}
