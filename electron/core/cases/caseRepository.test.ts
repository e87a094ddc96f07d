import { describe, expect, it } from 'vitest';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import type { CaseRecord } from './caseRepository';
import { CaseRepository } from './caseRepository';

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
