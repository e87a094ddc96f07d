import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../sources/dicom/dicomJson';
import { TAG } from '../sources/dicom/dicomJson';
import {
  CONTEXT_TAG,
  blockFromContainer,
  dicomCaseContext,
  dicomClinicalInfo,
  dicomSlideContext,
} from './dicomContext';

const text = (vr: string, value: string) => ({ vr, Value: [value] });
const sq = (...items: DicomJson[]) => ({ vr: 'SQ', Value: items });
const code = (value: string, meaning: string): DicomJson => ({
  [TAG.CodeValue]: text('SH', value),
  [TAG.CodeMeaning]: text('LO', meaning),
});
/** One content item of a preparation step: a text value under a DCM concept name. */
const item = (concept: string, meaning: string, value: string): DicomJson => ({
  [TAG.ValueType]: text('CS', 'TEXT'),
  [TAG.ConceptNameCodeSequence]: sq(code(concept, meaning)),
  [TAG.TextValue]: text('UT', value),
});
/** A sampling step: `made` was cut from `parent`. */
const sampling = (made: string, parent: string): DicomJson => ({
  [TAG.SpecimenPreparationStepContentItemSequence]: sq(
    item('121041', 'Specimen Identifier', made),
    item('111705', 'Parent Specimen Identifier', parent),
  ),
});

function slide(
  specimens: { id: string; description?: string; steps?: DicomJson[] }[],
  extra: DicomJson = {},
): DicomJson {
  return {
    [TAG.SpecimenDescriptionSequence]: sq(
      ...specimens.map((s) => ({
        [TAG.SpecimenIdentifier]: text('LO', s.id),
        ...(s.description ? { [TAG.SpecimenShortDescription]: text('LO', s.description) } : {}),
        [TAG.SpecimenPreparationSequence]: sq(...(s.steps ?? [])),
      })),
    ),
    ...extra,
  };
}

describe('dicomSlideContext', () => {
  it('walks up the sampling steps from the slide specimen to its block and part', () => {
    const json = slide([
      { id: 'S-0001', steps: [sampling('S-0001', 'B2'), sampling('B2', 'B')] },
      { id: 'B', description: 'Ganglion sentinelle axillaire gauche' },
      { id: 'B2', description: 'Ganglion 2, bissecté' },
    ]);
    expect(dicomSlideContext(json)).toEqual({
      block: 'B2',
      parts: [{ id: 'B', description: 'Ganglion sentinelle axillaire gauche' }],
      blocks: [{ id: 'B2', part: 'B', description: 'Ganglion 2, bissecté' }],
    });
  });

  it('takes a specimen identifier that is a block, then the container identifier', () => {
    expect(dicomSlideContext(slide([{ id: 'a3' }])).block).toBe('A3');
    expect(
      dicomSlideContext(
        slide([{ id: '1.2.3' }], { [TAG.ContainerIdentifier]: text('LO', 'C1-HES') }),
      ),
    ).toEqual({
      block: 'C1',
      parts: [{ id: 'C', description: '' }],
      blocks: [{ id: 'C1', part: 'C', description: '' }],
    });
  });

  it('says nothing when nothing names a block, and survives a loop in the steps', () => {
    expect(dicomSlideContext({})).toEqual({ block: null, parts: [], blocks: [] });
    const loop = slide([{ id: 'X', steps: [sampling('X', 'Y'), sampling('Y', 'X')] }], {
      [TAG.ContainerIdentifier]: text('LO', 'lame 4'),
    });
    expect(dicomSlideContext(loop).block).toBeNull();
  });
});

describe('blockFromContainer', () => {
  it('finds the block after an accession number, or at the start', () => {
    expect(blockFromContainer('S24-123-A1')).toBe('A1');
    expect(blockFromContainer('B26-013102-B2-HES')).toBe('B2');
    expect(blockFromContainer('A1-HE')).toBe('A1');
    expect(blockFromContainer('S24-123')).toBeNull();
    expect(blockFromContainer('S24-123-CD20')).toBeNull();
    expect(blockFromContainer('')).toBeNull();
  });
});

describe('dicomClinicalInfo and dicomCaseContext', () => {
  it('reads the reason for the request and the admitting diagnoses, once each', () => {
    const json: DicomJson = {
      [CONTEXT_TAG.RequestAttributesSequence]: sq({
        [CONTEXT_TAG.ReasonForTheRequestedProcedure]: text('LO', 'Masse ACR5 du QSE gauche'),
      }),
      [CONTEXT_TAG.ReasonForTheRequestedProcedure]: text('LO', 'Masse ACR5 du QSE gauche'),
      [CONTEXT_TAG.AdmittingDiagnosesDescription]: text('LO', 'Carcinome mammaire suspecté'),
    };
    expect(dicomClinicalInfo(json)).toBe('Masse ACR5 du QSE gauche\nCarcinome mammaire suspecté');
    expect(dicomClinicalInfo({})).toBeNull();
  });

  it('merges the slides of a study into parts and blocks in natural order', () => {
    const context = dicomCaseContext([
      slide([{ id: 'A10' }]),
      slide([
        { id: 'S1', steps: [sampling('S1', 'A2'), sampling('A2', 'A')] },
        { id: 'A', description: 'Côlon droit' },
      ]),
      slide([{ id: 'A2', description: 'Marge' }], {
        [CONTEXT_TAG.AdmittingDiagnosesDescription]: text('LO', 'Colite'),
      }),
    ]);
    expect(context.clinicalInfo).toBe('Colite');
    expect(context.parts).toEqual([{ id: 'A', description: 'Côlon droit' }]);
    expect(context.blocks).toEqual([
      { id: 'A2', part: 'A', description: 'Marge' },
      { id: 'A10', part: 'A', description: '' },
    ]);
  });
});
