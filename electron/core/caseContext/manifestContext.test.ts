import { describe, expect, it } from 'vitest';
import { CaseManifestSchema } from '../library/caseManifest';
import { manifestContext } from './manifestContext';

describe('manifestContext', () => {
  it('reads clinical information, parts, blocks and a conclusion from case.json', () => {
    const manifest = CaseManifestSchema.parse({
      accession: 'P26-000001',
      clinicalInfo: '  Masse du QSE gauche, ACR5.  ',
      parts: [{ id: 'A', description: 'Tumorectomie gauche' }],
      blocks: [
        { id: 'A1', description: 'Tumeur' },
        { id: 'B1', part: 'B' },
      ],
      conclusion: 'Carcinome infiltrant de type non spécifique, grade 2.',
      slides: [{ file: 'a.svs', block: 'A1' }],
    });
    expect(manifestContext(manifest)).toEqual({
      clinicalInfo: 'Masse du QSE gauche, ACR5.',
      parts: [
        { id: 'A', description: 'Tumorectomie gauche' },
        { id: 'B', description: '' },
      ],
      blocks: [
        { id: 'A1', part: 'A', description: 'Tumeur' },
        { id: 'B1', part: 'B', description: '' },
      ],
      conclusion: 'Carcinome infiltrant de type non spécifique, grade 2.',
    });
  });

  it('is null without case.json or when it says nothing of the context', () => {
    expect(manifestContext(null)).toBeNull();
    expect(manifestContext(CaseManifestSchema.parse({ accession: 'X' }))).toBeNull();
  });

  it('refuses malformed part and block ids in case.json', () => {
    expect(
      CaseManifestSchema.safeParse({ accession: 'X', blocks: [{ id: 'bloc 1' }] }).success,
    ).toBe(false);
    expect(CaseManifestSchema.safeParse({ accession: 'X', parts: [{ id: 'A1' }] }).success).toBe(
      false,
    );
    expect(
      CaseManifestSchema.safeParse({ accession: 'X', slides: [{ file: 'a', block: 'HE' }] })
        .success,
    ).toBe(false);
  });
});
