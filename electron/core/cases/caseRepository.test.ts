import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import type { CaseRecord } from './caseRepository';
import { CaseRepository, caseKeyOf, stableId } from './caseRepository';

const record = (key: string, slides: string[], extra: Partial<CaseRecord> = {}): CaseRecord => ({
  source: 'local',
  sourceKey: key,
  accession: key,
  patient: { name: 'P', id: '1', birthDate: null, sex: null },
  specimen: 'S',
  priority: 'routine',
  initialStatus: 'new',
  receivedAt: '2026-11-01T08:00:00Z',
  slides: slides.map((p) => ({ label: p, stain: 'HE', locator: { kind: 'file', path: p } })),
  ...extra,
});

describe('CaseRepository', () => {
  it('keeps ids and user-set statuses across rescans, and hides vanished cases', async () => {
    const repo = new CaseRepository(await openWorkstationDb(':memory:', memoryLogger()));
    repo.replaceSource('local', [record('A', ['a1', 'a2']), record('B', ['b1'])]);
    const a = repo.list().find((c) => c.accession === 'A')!;
    expect(a.slideCount).toBe(2);
    repo.setStatus(a.id, 'in_progress');
    repo.replaceSource('local', [
      record('A', ['a2', 'a3'], { specimen: 'changed', initialStatus: 'signed_out' }),
    ]);
    const again = repo.get(a.id);
    expect(again.status).toBe('in_progress');
    expect(again.specimen).toBe('changed');
    expect(repo.slides(a.id).map((s) => [s.label, s.position])).toEqual([
      ['a2', 1],
      ['a3', 2],
    ]);
    expect(repo.list().map((c) => c.accession)).toEqual(['A']);
  });

  it('records slide identity and errors', async () => {
    const repo = new CaseRepository(await openWorkstationDb(':memory:', memoryLogger()));
    repo.replaceSource('demo', [record('A', ['a1'])]);
    const slide = repo.slides(repo.list()[0]!.id)[0]!;
    repo.setSlideState(slide.id, { error: { code: 'corrupt', message: 'Truncated' } });
    expect(repo.slide(slide.id).error).toEqual({ code: 'corrupt', message: 'Truncated' });
    repo.setSlideState(slide.id, { identity: 'tiff:1', error: null });
    expect(repo.slide(slide.id)).toMatchObject({
      identity: 'tiff:1',
      error: null,
      stainKind: 'HE',
    });
  });

  it('answers not_found for unknown ids', async () => {
    const repo = new CaseRepository(await openWorkstationDb(':memory:', memoryLogger()));
    expect(() => repo.get('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => repo.setStatus('nope', 'new')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('CaseRepository: libraries that move', () => {
  const at = (library: string, name: string, files = ['A1.svs'], extra: Partial<CaseRecord> = {}) =>
    record(
      path.join(library, name),
      files.map((f) => path.join(library, name, f)),
      { accession: name, patient: { name: '', id: '', birthDate: null, sex: null }, ...extra },
    );
  const D = path.join(path.sep, 'mnt', 'D', 'Lames');
  const E = path.join(path.sep, 'mnt', 'E', 'Lames 2026');
  const open = async () => new CaseRepository(await openWorkstationDb(':memory:', memoryLogger()));

  it('re-attaches a moved case to its row: same id, same status, same slide ids', async () => {
    const repo = await open();
    repo.replaceSource('local', [at(D, 'B26-000123', ['A1.svs', 'A2.svs'])]);
    const [before] = repo.list();
    repo.setStatus(before!.id, 'signed_out');
    const slideIds = repo.slides(before!.id).map((s) => s.id);
    repo.setSlideState(slideIds[0]!, { identity: 'tiff:abc' });

    repo.replaceSource('local', [at(E, 'B26-000123', ['A1.svs', 'A2.svs'])]);
    expect(repo.list().map((c) => [c.id, c.status])).toEqual([[before!.id, 'signed_out']]);
    const slides = repo.slides(before!.id);
    expect(slides.map((s) => s.id)).toEqual(slideIds);
    expect(slides[0]).toMatchObject({
      identity: 'tiff:abc',
      locator: { kind: 'file', path: path.join(E, 'B26-000123', 'A1.svs') },
    });
    // And it stays put on the next scan.
    repo.replaceSource('local', [at(E, 'B26-000123', ['A1.svs', 'A2.svs'])]);
    expect(repo.slides(before!.id).map((s) => s.id)).toEqual(slideIds);
  });

  it('keeps copies apart, and gives a case found later at the old place a new id', async () => {
    const repo = await open();
    repo.replaceSource('local', [at(D, 'B26-1')]);
    const [original] = repo.list();
    repo.setStatus(original!.id, 'in_progress');
    // Both the library and a copy of it are scanned: the copy is another case.
    repo.replaceSource('local', [at(D, 'B26-1'), at(E, 'B26-1')]);
    expect(
      repo
        .list()
        .map((c) => c.status)
        .sort(),
    ).toEqual(['in_progress', 'new']);
    expect(repo.get(original!.id).status).toBe('in_progress');

    // Moved from D to a third place; later something appears at D again.
    const F = path.join(path.sep, 'srv', 'lames');
    repo.replaceSource('local', [at(F, 'B26-1')]);
    expect(repo.list().find((c) => c.id === original!.id)?.status).toBe('in_progress');
    repo.replaceSource('local', [at(F, 'B26-1'), at(D, 'B26-1')]);
    const ids = repo.list().map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(original!.id);
  });

  it('does not hand a status to another case that merely has the same folder name', async () => {
    const repo = await open();
    repo.replaceSource('local', [
      at(D, 'case1', ['x.svs'], { patient: { name: '', id: 'P1', birthDate: null, sex: null } }),
      at(D, 'case2', ['A1.svs']),
      at(D, 'case3', ['A1.svs'], { accession: 'B26-3' }),
    ]);
    for (const c of repo.list()) repo.setStatus(c.id, 'signed_out');
    repo.replaceSource('local', [
      // Another patient.
      at(E, 'case1', ['x.svs'], { patient: { name: '', id: 'P2', birthDate: null, sex: null } }),
      // No slide file in common.
      at(E, 'case2', ['other.svs']),
      // Another accession (case.json).
      at(E, 'case3', ['A1.svs'], { accession: 'B26-4' }),
    ]);
    expect(repo.list().map((c) => c.status)).toEqual(['new', 'new', 'new']);
  });

  it('prefers the row from a library folder of the same name when two libraries move at once', async () => {
    const repo = await open();
    const root = (drive: string, lib: string) => path.join(path.sep, 'mnt', drive, lib);
    repo.replaceSource('local', [
      at(root('D', 'Lille'), 'case1'),
      at(root('D', 'Roubaix'), 'case1'),
    ]);
    const lille = repo.list().find((c) => c.id === stableIdOf(root('D', 'Lille'), 'case1'))!;
    repo.setStatus(lille.id, 'signed_out');
    repo.replaceSource('local', [
      at(root('E', 'Roubaix'), 'case1'),
      at(root('E', 'Lille'), 'case1'),
    ]);
    expect(repo.get(lille.id).status).toBe('signed_out');
    expect(repo.slides(lille.id)[0]?.locator).toEqual({
      kind: 'file',
      path: path.join(root('E', 'Lille'), 'case1', 'A1.svs'),
    });
  });

  it('never re-attaches archive cases (their key is their study)', async () => {
    const repo = await open();
    repo.replaceSource(
      'archive',
      [{ ...at(D, 'x'), source: 'archive', sourceKey: 'a1/1.2.3' }],
      'a1/',
    );
    const [c] = repo.list();
    expect(caseKeyOf('archive', 'a1/1.2.3')).toBe('a1/1.2.3');
    expect(caseKeyOf('local', path.join(D, 'x'))).toBe('x');
    expect(c?.source).toBe('archive');
  });
});

function stableIdOf(library: string, name: string): string {
  return stableId('c', 'local', path.join(library, name));
}
