/**
 * A DICOMweb client for the image archive: QIDO-RS searches, WADO-RS series metadata,
 * frames, rendered images and instances, STOW-RS stores. Node's global fetch (undici)
 * keeps connections alive; requests are bounded in number and in time. Credentials stay in this object, in the
 * main process: they are never logged nor put in an error message.
 *
 * Errors: wrong credentials -> 'unauthorized'; connection refused, DNS failure, reset,
 * timeout or a 5xx -> 'unavailable'; 404 -> 'not_found'; 406/415 -> 'unsupported'; a
 * body we cannot read -> 'corrupt'. A caller's abort rethrows the caller's reason.
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from '../dicom/dicomJson';
import { JPEG_BASELINE_TS, trimJpegPadding } from '../dicom/wsiMetadata';
import type { TileContentType, TileData } from '../slideSource';
import { parseMediaType, parseMultipart } from './multipart';

export type DicomwebAuth =
  | { kind: 'none' }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'bearer'; token: string };

export interface DicomwebClientOptions {
  /** The DICOMweb root, e.g. `https://pacs.example/dicom-web` (no trailing slash needed). */
  baseUrl: string;
  auth?: DicomwebAuth;
  /** Per request, body included. */
  timeoutMs?: number;
  /** Requests in flight at once. */
  maxConcurrency?: number;
  /** Frames asked for in one WADO-RS request. */
  maxFramesPerRequest?: number;
  /** Called with each request's path (below the base URL) as it is sent: metrics, tests. */
  onRequest?: (path: string) => void;
  /**
   * Told how each request ended: null when it succeeded, else its error; not called for
   * requests the caller aborted. The archive's reachability is tracked from this.
   */
  onOutcome?: (error: unknown) => void;
}

export interface QidoQuery {
  limit?: number;
  offset?: number;
  /** Attribute tags (8 hex digits) or keywords to return beyond the defaults. */
  includeFields?: readonly string[];
  /** Matching keys, e.g. `{ ModalitiesInStudy: 'SM', StudyDate: '20240101-' }`. */
  match?: Readonly<Record<string, string>>;
}

/** A request that sends a body (STOW-RS). */
interface RequestBody {
  method: 'POST';
  contentType: string;
  body: Uint8Array;
}

/** Defaults: see ARCHITECTURE.md, "Data flow"; a tile request should not hang a viewer. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Browsers allow 6 connections per host; servers are tuned for that. */
export const DEFAULT_MAX_CONCURRENCY = 6;
/** Frames per request: large enough to amortise a request, small enough to start early. */
export const DEFAULT_MAX_FRAMES_PER_REQUEST = 32;

const ACCEPT_JSON = 'application/dicom+json, application/json;q=0.9';
/** One type only: Orthanc's DICOMweb plugin refuses a list in Accept for rendered images. */
const RENDERED_ACCEPT = 'image/jpeg';
/** Orthanc converts to lossless JPEG (unreadable by browsers) unless asked for baseline. */
const ACCEPT_FRAMES = `multipart/related; type="image/jpeg"; transfer-syntax=${JPEG_BASELINE_TS}`;

/** The HTTP Authorization header for `auth`, or null for none. */
export function authorizationHeader(auth: DicomwebAuth): string | null {
  if (auth.kind === 'basic') {
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  }
  return auth.kind === 'bearer' ? `Bearer ${auth.token}` : null;
}

/**
 * A small FIFO semaphore. A waiter whose signal aborts leaves the queue at once: an
 * abandoned tile never takes a connection.
 */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', abandon);
          resolve();
        };
        const abandon = () => {
          const at = this.waiting.indexOf(go);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal?.reason as Error);
        };
        if (signal?.aborted) return abandon();
        signal?.addEventListener('abort', abandon, { once: true });
        this.waiting.push(go);
      });
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur !== null && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export class DicomwebClient {
  readonly baseUrl: string;
  private readonly authorization: string | null;
  private readonly timeoutMs: number;
  private readonly maxFramesPerRequest: number;
  private readonly limiter: Limiter;
  private readonly onRequest: ((path: string) => void) | undefined;
  private readonly onOutcome: ((error: unknown) => void) | undefined;

  constructor(options: DicomwebClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new WorkstationError('invalid_argument', 'The archive address is not a valid URL.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WorkstationError(
        'invalid_argument',
        'The archive address must start with http:// or https://.',
      );
    }
    let auth = options.auth ?? { kind: 'none' };
    // user:password@host in the address is basic authentication, moved out of the URL.
    if (url.username !== '' && auth.kind === 'none') {
      auth = {
        kind: 'basic',
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      };
    }
    url.username = '';
    url.password = '';
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.authorization = authorizationHeader(auth);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxFramesPerRequest = Math.max(
      1,
      options.maxFramesPerRequest ?? DEFAULT_MAX_FRAMES_PER_REQUEST,
    );
    this.limiter = new Limiter(Math.max(1, options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY));
    this.onRequest = options.onRequest;
    this.onOutcome = options.onOutcome;
  }

  /** The archive's host, for messages (never the credentials). */
  get host(): string {
    return new URL(this.baseUrl).host;
  }

  // -------------------------------------------------------------------------------------
  // QIDO-RS

  /** Studies matching the query, e.g. `{ match: { ModalitiesInStudy: 'SM' }, limit: 50 }`. */
  async searchStudies(query: QidoQuery = {}, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.getJsonArray(`/studies${qidoParams(query)}`, signal);
  }

  async searchSeries(
    studyUID: string,
    query: QidoQuery = {},
    signal?: AbortSignal,
  ): Promise<DicomJson[]> {
    return this.getJsonArray(`/studies/${uid(studyUID)}/series${qidoParams(query)}`, signal);
  }

  async searchInstances(
    studyUID: string,
    seriesUID: string,
    query: QidoQuery = {},
    signal?: AbortSignal,
  ): Promise<DicomJson[]> {
    return this.getJsonArray(
      `/studies/${uid(studyUID)}/series/${uid(seriesUID)}/instances${qidoParams(query)}`,
      signal,
    );
  }

  // -------------------------------------------------------------------------------------
  // WADO-RS

  /** The metadata of every instance of a series, in one request. */
  async seriesMetadata(
    studyUID: string,
    seriesUID: string,
    signal?: AbortSignal,
  ): Promise<DicomJson[]> {
    return this.getJsonArray(`/studies/${uid(studyUID)}/series/${uid(seriesUID)}/metadata`, signal);
  }

  async instanceMetadata(
    studyUID: string,
    seriesUID: string,
    instanceUID: string,
    signal?: AbortSignal,
  ): Promise<DicomJson> {
    const list = await this.getJsonArray(
      `/studies/${uid(studyUID)}/series/${uid(seriesUID)}/instances/${uid(instanceUID)}/metadata`,
      signal,
    );
    const first = list[0];
    if (first === undefined)
      throw new WorkstationError('not_found', 'The archive has no such instance.');
    return first;
  }

  /**
   * Frames of one instance as stored (baseline JPEG passed through, padding removed), in
   * the order asked. Frame numbers are 1-based. Several frames go in one request, up to
   * `maxFramesPerRequest`; larger lists are split and fetched concurrently.
   */
  async retrieveFrames(
    studyUID: string,
    seriesUID: string,
    instanceUID: string,
    frameNumbers: readonly number[],
    signal?: AbortSignal,
  ): Promise<TileData[]> {
    if (frameNumbers.length === 0) return [];
    for (const f of frameNumbers) {
      if (!Number.isInteger(f) || f < 1)
        throw new WorkstationError('invalid_argument', `Bad frame number ${f}.`);
    }
    const batches: number[][] = [];
    for (let i = 0; i < frameNumbers.length; i += this.maxFramesPerRequest) {
      batches.push(frameNumbers.slice(i, i + this.maxFramesPerRequest));
    }
    const base = `/studies/${uid(studyUID)}/series/${uid(seriesUID)}/instances/${uid(instanceUID)}/frames/`;
    const results = await Promise.all(
      batches.map((batch) => this.fetchFrames(`${base}${batch.join(',')}`, batch.length, signal)),
    );
    return results.flat();
  }

  /**
   * A server-rendered JPEG of an instance (its first frame for a multi-frame instance), or
   * of one frame when `frameNumber` is given. For images whose stored form a browser
   * cannot show, or labels stored as several tiles.
   */
  async retrieveRendered(
    studyUID: string,
    seriesUID: string,
    instanceUID: string,
    frameNumber?: number,
    signal?: AbortSignal,
  ): Promise<TileData> {
    const frame = frameNumber === undefined ? '' : `/frames/${frameNumber}`;
    const url = `/studies/${uid(studyUID)}/series/${uid(seriesUID)}/instances/${uid(instanceUID)}${frame}/rendered`;
    const res = await this.request(url, RENDERED_ACCEPT, signal);
    const type = parseMediaType(res.contentType).type;
    if (type !== 'image/jpeg' && type !== 'image/png') {
      throw new WorkstationError(
        'unsupported',
        'The archive did not render the image as JPEG or PNG.',
      );
    }
    return { bytes: res.body, contentType: type };
  }

  /**
   * One instance as a DICOM Part 10 file. No transfer syntax is asked for: archives then
   * send Explicit VR Little Endian (PS3.18 8.7.3.5), or the instance as stored.
   */
  async retrieveInstance(
    studyUID: string,
    seriesUID: string,
    instanceUID: string,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const path = `/studies/${uid(studyUID)}/series/${uid(seriesUID)}/instances/${uid(instanceUID)}`;
    const res = await this.request(path, 'multipart/related; type="application/dicom"', signal);
    const media = parseMediaType(res.contentType);
    const body = media.type.startsWith('multipart/')
      ? parseMultipart(res.body, res.contentType)[0]?.body
      : res.body;
    if (body === undefined || body.length === 0) {
      throw new WorkstationError('corrupt', 'The archive sent an empty instance.');
    }
    return body;
  }

  // -------------------------------------------------------------------------------------
  // STOW-RS

  /**
   * Stores Part 10 instances in a study, in one multipart/related request (PS3.18 10.5),
   * and returns the archive's answer (Referenced SOP Sequence...). An instance the archive
   * refuses (Failed SOP Sequence) throws 'invalid_argument' with its failure reason.
   */
  async storeInstances(
    studyUID: string,
    instances: readonly Uint8Array[],
    signal?: AbortSignal,
  ): Promise<DicomJson> {
    const boundary = `lpw-${randomUUID()}`;
    const parts: Uint8Array[] = [];
    for (const instance of instances) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), instance);
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.request(`/studies/${uid(studyUID)}`, ACCEPT_JSON, signal, {
      method: 'POST',
      contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
      body: Buffer.concat(parts),
    });
    let answer: DicomJson = {};
    try {
      const text = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength);
      if (text.length > 0) answer = JSON.parse(text.toString('utf8')) as DicomJson;
    } catch {
      // A store without a readable answer (some archives send none) is taken as done.
    }
    const failed = answer['00081198']?.Value ?? [];
    if (failed.length > 0) {
      const reason = (failed[0] as DicomJson)['00081197']?.Value?.[0];
      const code =
        typeof reason === 'number' ? ` (reason 0x${reason.toString(16).toUpperCase()})` : '';
      throw new WorkstationError(
        'invalid_argument',
        `The archive at ${this.host} refused to store the object${code}.`,
      );
    }
    return answer;
  }

  // -------------------------------------------------------------------------------------

  private async fetchFrames(
    path: string,
    expected: number,
    signal?: AbortSignal,
  ): Promise<TileData[]> {
    const res = await this.request(path, ACCEPT_FRAMES, signal);
    const media = parseMediaType(res.contentType);
    let parts: Array<{ type: string; body: Uint8Array }>;
    if (media.type.startsWith('multipart/')) {
      const inner = media.params['type'] ?? '';
      parts = parseMultipart(res.body, res.contentType).map((p) => ({
        type: parseMediaType(p.headers['content-type'] ?? inner).type,
        body: p.body,
      }));
    } else {
      // A single frame sent bare (some servers do so for one frame).
      parts = [{ type: media.type, body: res.body }];
    }
    if (parts.length !== expected) {
      throw new WorkstationError(
        'corrupt',
        `The archive sent ${parts.length} frames instead of ${expected}.`,
      );
    }
    return parts.map((p) => {
      const contentType = frameContentType(p.type);
      const bytes = contentType === 'image/jpeg' ? trimJpegPadding(p.body) : p.body;
      return { bytes, contentType };
    });
  }

  private async getJsonArray(path: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const res = await this.request(path, ACCEPT_JSON, signal);
    if (res.status === 204 || res.body.length === 0) return [];
    if (parseMediaType(res.contentType).type === 'text/html') {
      // A single sign-on page or a proxy's error page, answered with 200.
      throw new WorkstationError(
        'unavailable',
        `The image archive at ${this.host} answered with a web page instead of DICOM data (a login page or a proxy?).`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(
        Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength).toString('utf8'),
      );
    } catch {
      throw new WorkstationError('corrupt', 'The archive sent an answer that is not valid JSON.');
    }
    if (!Array.isArray(parsed))
      throw new WorkstationError('corrupt', 'The archive sent JSON that is not a list.');
    return parsed.filter(
      (x): x is DicomJson => x !== null && typeof x === 'object' && !Array.isArray(x),
    );
  }

  private async request(
    path: string,
    accept: string,
    signal?: AbortSignal,
    body?: RequestBody,
  ): Promise<{ status: number; contentType: string; body: Uint8Array }> {
    const outcome = this.onOutcome;
    if (!outcome) return this.send(path, accept, signal, body);
    try {
      const res = await this.send(path, accept, signal, body);
      outcome(null);
      return res;
    } catch (e) {
      if (!signal?.aborted) outcome(e);
      throw e;
    }
  }

  private async send(
    path: string,
    accept: string,
    signal?: AbortSignal,
    upload?: RequestBody,
  ): Promise<{ status: number; contentType: string; body: Uint8Array }> {
    return this.limiter.run(async () => {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const headers: Record<string, string> = { Accept: accept };
      if (this.authorization !== null) headers['Authorization'] = this.authorization;
      if (upload) headers['Content-Type'] = upload.contentType;
      this.onRequest?.(path);
      try {
        const res = await fetch(`${this.baseUrl}${path}`, {
          headers,
          signal: combined,
          ...(upload ? { method: upload.method, body: upload.body } : {}),
        });
        if (!res.ok) {
          // Drain so that the connection can be reused.
          await res.arrayBuffer().catch(() => undefined);
          throw this.statusError(res.status);
        }
        const body = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
      } catch (e) {
        if (e instanceof WorkstationError) throw e;
        if (signal?.aborted) throw signal.reason;
        if (timeout.aborted) {
          throw new WorkstationError(
            'unavailable',
            `The image archive at ${this.host} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
          );
        }
        const code = errorCode(e);
        const why =
          code === 'ECONNREFUSED'
            ? 'connection refused'
            : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? 'unknown host'
              : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
                ? 'connection lost'
                : (code ?? 'network error');
        throw new WorkstationError(
          'unavailable',
          `The image archive at ${this.host} cannot be reached (${why}).`,
        );
      }
    }, signal);
  }

  private statusError(status: number): WorkstationError {
    const where = `The image archive at ${this.host}`;
    if (status === 401 || status === 403) {
      const what =
        this.authorization === null
          ? 'requires a user name and password or a token'
          : 'refused the credentials';
      return new WorkstationError(
        'unauthorized',
        `${where} ${what} (HTTP ${status}). Check the archive settings.`,
      );
    }
    if (status === 404)
      return new WorkstationError('not_found', `${where} has no such study, series or image.`);
    if (status === 406 || status === 415) {
      return new WorkstationError(
        'unsupported',
        `${where} cannot send the image in a form we can show (HTTP ${status}).`,
      );
    }
    if (status >= 500 || status === 408 || status === 429) {
      return new WorkstationError(
        'unavailable',
        `${where} answered with an error (HTTP ${status}).`,
      );
    }
    return new WorkstationError('internal', `${where} rejected the request (HTTP ${status}).`);
  }
}

function frameContentType(type: string): TileContentType {
  if (type === 'image/jpeg' || type === 'image/png' || type === 'image/webp') return type;
  throw new WorkstationError(
    'unsupported',
    `The archive sent frames as ${type || 'an unknown type'}, not JPEG.`,
  );
}

/** A UID as a path segment. UIDs are digits and dots (PS3.5 9.1); some archives stray. */
function uid(value: string): string {
  if (value === '' || value.length > 128)
    throw new WorkstationError('invalid_argument', 'Not a DICOM UID.');
  return encodeURIComponent(value);
}

function qidoParams(query: QidoQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query.match ?? {})) params.append(k, v);
  for (const f of query.includeFields ?? []) params.append('includefield', f);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}
