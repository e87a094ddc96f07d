import { describe, expect, it } from 'vitest';
import type { RequestFacts } from './guard';
import { checkRequest } from './guard';

const PORT = 4321;
const base: RequestFacts = {
  method: 'POST',
  host: `127.0.0.1:${PORT}`,
  origin: `http://127.0.0.1:${PORT}`,
  secFetchSite: 'same-origin',
  contentType: 'application/json',
};
const check = (facts: Partial<RequestFacts>, isApi = true) =>
  checkRequest({ ...base, ...facts }, PORT, isApi);

describe('checkRequest', () => {
  it('accepts the page’s own calls, by IP or by localhost', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ host: `localhost:${PORT}`, origin: `http://localhost:${PORT}` })).toEqual({
      ok: true,
    });
    expect(check({ contentType: 'application/json; charset=utf-8' })).toEqual({ ok: true });
  });

  it('accepts clients that are not browsers (no Origin, no Sec-Fetch-Site)', () => {
    expect(check({ origin: undefined, secFetchSite: undefined })).toEqual({ ok: true });
  });

  it('refuses other host names (DNS rebinding) and other ports', () => {
    expect(check({ host: `evil.example:${PORT}` })).toMatchObject({ ok: false, status: 421 });
    expect(check({ host: '127.0.0.1:80' })).toMatchObject({ ok: false, status: 421 });
    expect(check({ host: undefined })).toMatchObject({ ok: false, status: 421 });
  });

  it('refuses another origin, including another port of 127.0.0.1', () => {
    expect(check({ origin: 'http://127.0.0.1:9999' })).toMatchObject({ ok: false, status: 403 });
    expect(check({ origin: 'null' })).toMatchObject({ ok: false, status: 403 });
    expect(check({ origin: `http://localhost:${PORT}` })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses cross-site and same-site fetches even without an Origin', () => {
    for (const secFetchSite of ['cross-site', 'same-site'])
      expect(check({ origin: undefined, secFetchSite })).toMatchObject({ ok: false, status: 403 });
    expect(check({ secFetchSite: 'none', origin: undefined })).toEqual({ ok: true });
  });

  it('refuses contract calls that are not JSON (the no-cors text/plain POST)', () => {
    for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded'])
      expect(check({ contentType })).toMatchObject({ ok: false, status: 415 });
    // Tiles and pages are GETs and carry no body.
    expect(check({ method: 'GET', contentType: undefined }, false)).toEqual({ ok: true });
  });
});
