import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy({ tileSources: ['wsi:'] });
  const d = directives(csp);

  it("defaults to 'self' and runs only our own scripts: no eval, no inline script", () => {
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('loads images and fetches from the tile scheme', () => {
    expect(d.get('img-src')).toContain('wsi:');
    expect(d.get('connect-src')).toContain('wsi:');
  });

  it('forbids plugins, frames, base rewriting, form posts and being framed', () => {
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(d.get(name), name).toEqual(["'none'"]);
    }
  });

  it('allows no remote host anywhere', () => {
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('without tile sources (web host: tiles are same-origin) adds no scheme', () => {
    const web = directives(contentSecurityPolicy());
    expect(web.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(web.get('connect-src')).toEqual(["'self'"]);
  });
});
