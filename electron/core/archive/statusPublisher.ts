/**
 * Publishes a case status to the archive. DICOMweb has no notion of a case status (it
 * lives in the LIS, or in UPS-RS workitems that few archives implement), so this targets
 * Orthanc's REST API, next to its DICOMweb root: the status is stored as the study's
 * user-defined metadata `WorkstationCaseStatus` (Orthanc configuration:
 * `"UserMetadata": { "WorkstationCaseStatus": 4242 }`). Archives that cannot take it
 * answer with an error, and the change stays in the outbox with that error.
 */
import { WorkstationError } from '../../common/errors';
import type { DicomwebAuth } from '../sources/dicomweb/client';
import { authorizationHeader } from '../sources/dicomweb/client';

export const STATUS_METADATA_NAME = 'WorkstationCaseStatus';
const TIMEOUT_MS = 15_000;

function authorization(auth: DicomwebAuth): Record<string, string> {
  const header = authorizationHeader(auth);
  return header === null ? {} : { authorization: header };
}

/** Orthanc's REST root for a DICOMweb root such as http://pacs:8042/dicom-web. */
export function orthancRoot(dicomwebBaseUrl: string): string {
  return dicomwebBaseUrl.replace(/\/+$/, '').replace(/\/dicom-web$/i, '');
}

async function call(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new WorkstationError('unavailable', 'The image archive cannot be reached.');
  }
  if (res.status === 401 || res.status === 403)
    throw new WorkstationError('unauthorized', 'The image archive refused the credentials.');
  if (res.status >= 500)
    throw new WorkstationError(
      'unavailable',
      `The image archive answered with an error (HTTP ${res.status}).`,
    );
  return res;
}

export async function publishCaseStatus(
  baseUrl: string,
  auth: DicomwebAuth,
  studyUID: string,
  status: string,
): Promise<void> {
  const root = orthancRoot(baseUrl);
  const headers = authorization(auth);
  const lookup = await call(`${root}/tools/lookup`, { method: 'POST', headers, body: studyUID });
  if (!lookup.ok) {
    await lookup.body?.cancel();
    throw new WorkstationError(
      'unsupported',
      `This archive cannot store case statuses (HTTP ${lookup.status}).`,
    );
  }
  const found = (await lookup.json().catch(() => [])) as { ID?: string; Type?: string }[];
  const study = Array.isArray(found)
    ? found.find((f) => f.Type === 'Study' && typeof f.ID === 'string')
    : undefined;
  if (!study?.ID) throw new WorkstationError('not_found', 'The archive no longer has this study.');
  const put = await call(
    `${root}/studies/${encodeURIComponent(study.ID)}/metadata/${STATUS_METADATA_NAME}`,
    {
      method: 'PUT',
      headers,
      body: status,
    },
  );
  await put.body?.cancel();
  if (!put.ok)
    throw new WorkstationError(
      'unsupported',
      `This archive cannot store case statuses (HTTP ${put.status}).`,
    );
}

/** Reads back a published status (for tests and support). */
export async function readCaseStatus(
  baseUrl: string,
  auth: DicomwebAuth,
  studyUID: string,
): Promise<string | null> {
  const root = orthancRoot(baseUrl);
  const headers = authorization(auth);
  const lookup = await call(`${root}/tools/lookup`, { method: 'POST', headers, body: studyUID });
  const found = (await lookup.json().catch(() => [])) as { ID?: string; Type?: string }[];
  const study = found.find((f) => f.Type === 'Study');
  if (!study?.ID) return null;
  const res = await call(`${root}/studies/${study.ID}/metadata/${STATUS_METADATA_NAME}`, {
    headers,
  });
  return res.ok ? res.text() : null;
}
