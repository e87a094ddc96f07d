import { describe, expect, it } from 'vitest';
import { redactPaths } from './logger';

describe('redactPaths', () => {
  it('removes file paths from messages, keeping the rest', () => {
    expect(redactPaths("ENOENT: no such file, open '/data/slides/DUPONT Marie/A1.svs'")).toBe(
      "ENOENT: no such file, open '<path>'",
    );
    expect(redactPaths('Cannot read C:\\Lames\\B26-000123\\A1.svs now')).toBe(
      'Cannot read <path> now',
    );
    expect(redactPaths('HTTP 503 from archive (connection refused)')).toBe(
      'HTTP 503 from archive (connection refused)',
    );
    expect(redactPaths('a/b ratio 3/4')).toBe('a/b ratio 3/4');
  });
});
