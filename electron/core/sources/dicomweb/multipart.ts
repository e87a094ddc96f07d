/**
 * multipart/related bodies (RFC 2387, framing of RFC 2046 5.1), as WADO-RS answers frame
 * and bulk-data requests. Tolerant of what servers do in practice: a preamble before the
 * first boundary, LF instead of CRLF, transport padding after a boundary, and a missing
 * close delimiter at the very end.
 */
import { WorkstationError } from '../../../common/errors';

export interface MediaType {
  /** Lower-case type/subtype, e.g. `multipart/related`. */
  type: string;
  /** Parameter names lower-cased; values unquoted. */
  params: Record<string, string>;
}

/** Parses a Content-Type value; quoted parameter values may contain `;` and `=`. */
export function parseMediaType(value: string): MediaType {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    if (quoted && c === '\\' && i + 1 < value.length) {
      cur += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  const [type = '', ...rest] = parts.map((p) => p.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2)
      v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = v;
  }
  return { type: type.toLowerCase(), params };
}

export interface MultipartPart {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Index just past the end of the line starting at `from` (after LF), or -1. */
function endOfLine(buf: Buffer, from: number): number {
  const lf = buf.indexOf(LF, from);
  return lf === -1 ? -1 : lf + 1;
}

function corrupt(what: string): WorkstationError {
  return new WorkstationError(
    'corrupt',
    `The image archive sent a malformed multipart answer (${what}).`,
  );
}

/**
 * Splits a multipart body into its parts, in order. `contentType` is the response's
 * Content-Type header, from which the boundary is taken.
 */
export function parseMultipart(body: Uint8Array, contentType: string): MultipartPart[] {
  const { type, params } = parseMediaType(contentType);
  const boundary = params['boundary'];
  if (!type.startsWith('multipart/') || boundary === undefined || boundary === '') {
    throw corrupt('no boundary');
  }
  const buf = asBuffer(body);
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  // The delimiter is CRLF--boundary; the first may open the body with no line break.
  const delimiter = Buffer.from(`\n--${boundary}`, 'latin1');

  let pos: number;
  if (buf.subarray(0, dash.length).equals(dash)) {
    pos = dash.length;
  } else {
    const at = buf.indexOf(delimiter);
    if (at === -1) throw corrupt('boundary not found');
    pos = at + delimiter.length;
  }

  const parts: MultipartPart[] = [];
  for (;;) {
    // After a boundary: `--` closes the body; else padding then a line break.
    if (buf[pos] === DASH && buf[pos + 1] === DASH) break;
    const headerStart = endOfLine(buf, pos);
    if (headerStart === -1) {
      if (buf.subarray(pos).toString('latin1').trim() === '') break;
      throw corrupt('truncated after a boundary');
    }
    // Headers end at the first empty line (CRLF CRLF or LF LF).
    const headers: Record<string, string> = {};
    let line = headerStart;
    let bodyStart: number;
    for (;;) {
      const next = endOfLine(buf, line);
      if (next === -1) throw corrupt('truncated part headers');
      const text = buf
        .subarray(line, next)
        .toString('latin1')
        .replace(/\r?\n$/, '');
      if (text === '') {
        bodyStart = next;
        break;
      }
      const colon = text.indexOf(':');
      if (colon > 0)
        headers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
      line = next;
    }
    const at = buf.indexOf(delimiter, bodyStart - 1 < 0 ? 0 : bodyStart - 1);
    let bodyEnd: number;
    if (at === -1) {
      // No close delimiter: a lenient reading takes the rest as the last part.
      parts.push({ headers, body: body.subarray(bodyStart) });
      break;
    }
    bodyEnd = at;
    if (bodyEnd > bodyStart && buf[bodyEnd - 1] === CR) bodyEnd -= 1;
    if (bodyEnd < bodyStart) bodyEnd = bodyStart;
    parts.push({ headers, body: body.subarray(bodyStart, bodyEnd) });
    pos = at + delimiter.length;
  }
  return parts;
}
