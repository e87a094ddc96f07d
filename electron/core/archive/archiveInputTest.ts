/**
 * "Test connection" on an archive as typed in Settings: the credentials it would use, and
 * one QIDO-RS search through a client of its own. Nothing is saved, and the archives the
 * app uses keep their state: a failed test does not take the app offline.
 */
import type { ArchiveTestResult } from '../../common/contract';
import { ARCHIVE_TEST_STUDY_LIMIT } from '../../common/contract';
import { WorkstationError, toWorkstationError } from '../../common/errors';
import type { DicomwebAuth } from '../sources/dicomweb/client';
import { DicomwebClient } from '../sources/dicomweb/client';
import { addressCredentials, secretDropReason } from './archiveAddress';
import type { ArchiveInput, ArchiveRecord } from './archiveRepository';
import { CREDENTIALS_IN_ADDRESS, secretAgainMessage } from './archiveRepository';

/** What the test needs of the stored archives: the record and its sealed secret, opened. */
export interface StoredArchives {
  get(id: string): ArchiveRecord;
  auth(id: string): DicomwebAuth;
}

/**
 * The credentials an input would be saved with: the typed secret, else the stored one when
 * it may follow the edit (same origin, kind of authentication and user), as save() decides.
 */
export function authForInput(input: ArchiveInput, stored: StoredArchives): DicomwebAuth {
  if (addressCredentials(input.baseUrl) !== null)
    throw new WorkstationError('invalid_argument', CREDENTIALS_IN_ADDRESS);
  const { auth } = input;
  if (auth.kind === 'none') return { kind: 'none' };
  const typed = auth.kind === 'basic' ? auth.password : auth.token;
  if (typed !== undefined && typed !== '') {
    return auth.kind === 'basic'
      ? { kind: 'basic', user: auth.user, password: typed }
      : { kind: 'bearer', token: typed };
  }
  const record = input.id ? stored.get(input.id) : null;
  const user = auth.kind === 'basic' ? auth.user : null;
  const dropped = record
    ? secretDropReason(record, { baseUrl: input.baseUrl, authKind: auth.kind, user })
    : 'address';
  if (record === null || !record.hasSecret || dropped !== null) {
    throw new WorkstationError(
      'invalid_argument',
      secretAgainMessage(dropped ?? 'address', auth.kind),
    );
  }
  const kept = stored.auth(record.id);
  if (kept.kind === 'basic' && auth.kind === 'basic') return { ...kept, user: auth.user };
  return kept;
}

/** Asks the archive for a few slide studies; never throws, never changes any state. */
export async function testArchiveInput(
  input: ArchiveInput,
  stored: StoredArchives,
  options: { timeoutMs?: number } = {},
): Promise<ArchiveTestResult> {
  try {
    const client = new DicomwebClient({
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      auth: authForInput(input, stored),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const studies = await client.searchStudies({
      limit: ARCHIVE_TEST_STUDY_LIMIT,
      match: { ModalitiesInStudy: 'SM' },
    });
    return { ok: true, code: null, message: 'ok', studies: studies.length };
  } catch (e) {
    const error = toWorkstationError(e);
    return { ok: false, code: error.code, message: error.message, studies: 0 };
  }
}
