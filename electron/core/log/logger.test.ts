import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkstationError } from '../../common/errors';
import { consoleLogger, errorCode, memoryLogger, redactPaths, safeFields } from './logger';

/** Messages as Node, SQLite and our own readers write them, naming a patient in a path. */
const LEAKY = [
  "ENOENT: no such file or directory, open '/data/DUPONT Marie 1961/slide.svs'",
  'ENOENT: no such file or directory, open /data/DUPONT Marie 1961/slide.svs',
  'Cannot open file:///C:/Patients/DUPONT Marie/a.svs',
  'file:///C:/Patients/DUPONT Marie/a.svs',
  'EACCES: permission denied, scandir \\\\srv\\path\\DUPONT Marie\\x.svs',
  "EPERM: operation not permitted, rename 'C:\\Lames\\DUPONT Marie\\a.svs' -> 'C:\\Lames\\DUPONT Marie\\b.svs'",
  'Cannot read C:/Users/DUPONT Marie/Lames/a.svs (locked)',
  "ENOENT: open '/home/lab/D'ALMEIDA DUPONT/a.svs'",
  'Not found: ~/Lames/DUPONT Marie/a.svs',
  'QIDO failed for http://pacs:8042/dicom-web/studies?PatientName=DUPONT%20Marie',
  'GET http://admin:DUPONTsecret@pacs.local failed',
];

describe('redactPaths', () => {
  it('removes paths, file:// and UNC addresses, and web address paths, keeping the rest', () => {
    expect(redactPaths(LEAKY[0]!)).toBe("ENOENT: no such file or directory, open '<path>'");
    expect(redactPaths(LEAKY[1]!)).toBe('ENOENT: no such file or directory, open <path>');
    expect(redactPaths(LEAKY[3]!)).toBe('<path>');
    expect(redactPaths(LEAKY[4]!)).toBe('EACCES: permission denied, scandir <path>');
    expect(redactPaths(LEAKY[9]!)).toBe('QIDO failed for http://pacs:8042/<redacted>');
    expect(redactPaths(LEAKY[10]!)).toBe('GET http://<credentials>@pacs.local failed');
    expect(redactPaths('HTTP 503 from archive (connection refused)')).toBe(
      'HTTP 503 from archive (connection refused)',
    );
    expect(redactPaths('a/b ratio 3/4, 50 / 100')).toBe('a/b ratio 3/4, 50 / 100');
  });

  it.each(LEAKY)('leaves no name in %s', (text) => {
    expect(redactPaths(text)).not.toMatch(/DUPONT|Marie|ALMEIDA/);
  });
});

describe('errorCode', () => {
  it('keeps codes and class names, never messages', () => {
    expect(errorCode(new WorkstationError('corrupt', "Bad '/data/DUPONT/a.svs'"))).toBe('corrupt');
    const errno = Object.assign(new Error(LEAKY[0]), { code: 'ENOENT' });
    expect(errorCode(errno)).toBe('ENOENT');
    expect(errorCode(new TypeError('DUPONT'))).toBe('TypeError');
    expect(errorCode({ code: 'DUPONT Marie was here' })).toBe('Error');
    expect(errorCode('DUPONT Marie')).toBe('thrown_string');
    expect(errorCode(undefined)).toBe('undefined');
  });
});

describe('loggers', () => {
  afterEach(() => vi.restoreAllMocks());

  it('write an error as its code, and redact any string field', () => {
    const written: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void written.push(line));
    const log = consoleLogger('test');
    for (const text of LEAKY) {
      log.error('x.failed', {
        error: Object.assign(new Error(text), { code: 'ENOENT' }),
        message: text,
        nested: { detail: [text] },
      });
      log.error('x.thrown', { error: text });
    }
    expect(written).toHaveLength(LEAKY.length * 2);
    for (const line of written) expect(line).not.toMatch(/DUPONT|Marie|ALMEIDA/);
    expect(written[0]).toContain('"error":"ENOENT"');
    expect(written[1]).toContain('"error":"thrown_string"');
  });

  it('keep in memory what the console would write', () => {
    const log = memoryLogger();
    log.warn('slide.open_failed', { slideId: 's1', error: new WorkstationError('corrupt', 'x') });
    log.info('plain');
    expect(log.lines).toEqual([
      { level: 'warn', event: 'slide.open_failed', fields: { slideId: 's1', error: 'corrupt' } },
      { level: 'info', event: 'plain' },
    ]);
  });

  it('keep numbers, booleans and short identifiers as they are', () => {
    expect(safeFields({ n: 3, ok: true, id: 'c0123', none: null })).toEqual({
      n: 3,
      ok: true,
      id: 'c0123',
      none: null,
    });
  });
});
