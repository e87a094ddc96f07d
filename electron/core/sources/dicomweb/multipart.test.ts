import { describe, expect, it } from 'vitest';
import { parseMediaType, parseMultipart } from './multipart';

const enc = (s: string) => Buffer.from(s, 'latin1');
const JPEG_A = Uint8Array.from([0xff, 0xd8, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0xd9]); // holds CRLF--
const JPEG_B = Uint8Array.from([0xff, 0xd8, 0x01, 0xff, 0xd9, 0x00]); // even-length padding

function body(...chunks: Array<string | Uint8Array>): Uint8Array {
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? enc(c) : c)));
}

describe('parseMediaType', () => {
  it('keeps quoted parameters whole, as Orthanc sends them', () => {
    const m = parseMediaType(
      'multipart/related; type="image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50"; boundary=abc-123',
    );
    expect(m.type).toBe('multipart/related');
    expect(m.params).toEqual({
      type: 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50',
      boundary: 'abc-123',
    });
    expect(parseMediaType('Multipart/Related; BOUNDARY="a;b"').params['boundary']).toBe('a;b');
  });
});

describe('parseMultipart', () => {
  const ct = 'multipart/related; type="image/jpeg"; boundary=XyZ';

  it('splits several parts with CRLF framing and keeps binary bodies intact', () => {
    const parts = parseMultipart(
      body(
        '--XyZ\r\nContent-Type: image/jpeg\r\nContent-Length: 8\r\n\r\n',
        JPEG_A,
        '\r\n--XyZ\r\nContent-Type: image/jpeg\r\n\r\n',
        JPEG_B,
        '\r\n--XyZ--\r\n',
      ),
      ct,
    );
    expect(parts).toHaveLength(2);
    expect(parts[0]?.headers['content-type']).toBe('image/jpeg');
    expect(parts[0]?.headers['content-length']).toBe('8');
    expect(Buffer.from(parts[0]?.body ?? [])).toEqual(Buffer.from(JPEG_A));
    // The padding byte is part of the body here; frame readers trim it (trimJpegPadding).
    expect(Buffer.from(parts[1]?.body ?? [])).toEqual(Buffer.from(JPEG_B));
  });

  it('skips a preamble and an epilogue', () => {
    const parts = parseMultipart(
      body('This is a preamble.\r\n--XyZ\r\n\r\n', JPEG_B, '\r\n--XyZ--\r\nepilogue'),
      ct,
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]?.headers).toEqual({});
    expect(Buffer.from(parts[0]?.body ?? [])).toEqual(Buffer.from(JPEG_B));
  });

  it('accepts LF-only framing and transport padding after a boundary', () => {
    const parts = parseMultipart(
      body(
        '--XyZ  \nContent-Type: image/jpeg\n\n',
        JPEG_B,
        '\n--XyZ\nContent-Type: image/png\n\n',
        'PNG',
        '\n--XyZ--\n',
      ),
      ct,
    );
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['image/jpeg', 'image/png']);
    expect(Buffer.from(parts[0]?.body ?? [])).toEqual(Buffer.from(JPEG_B));
    expect(Buffer.from(parts[1]?.body ?? []).toString()).toBe('PNG');
  });

  it('reads a body that ends without its close delimiter', () => {
    const parts = parseMultipart(body('--XyZ\r\n\r\n', JPEG_B), ct);
    expect(Buffer.from(parts[0]?.body ?? [])).toEqual(Buffer.from(JPEG_B));
  });

  it('handles an empty part', () => {
    const parts = parseMultipart(body('--XyZ\r\nA: b\r\n\r\n\r\n--XyZ--'), ct);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.body.length).toBe(0);
  });

  it('refuses a body without the boundary, or a Content-Type without one', () => {
    expect(() => parseMultipart(body('nothing here'), ct)).toThrow(
      expect.objectContaining({ code: 'corrupt' }) as Error,
    );
    expect(() => parseMultipart(body('--XyZ\r\n'), 'multipart/related')).toThrow(
      expect.objectContaining({ code: 'corrupt' }) as Error,
    );
    expect(() => parseMultipart(body('--XyZ\r\nA: b'), ct)).toThrow(
      expect.objectContaining({ code: 'corrupt' }) as Error,
    );
  });
});
