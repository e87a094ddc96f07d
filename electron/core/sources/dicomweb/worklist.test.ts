import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../dicom/dicomJson';
import { seriesToSlide, stainFromSpecimen, stainFromText, studyToCase } from './worklist';
import { parseDicomwebSeriesUrl } from './seriesUrl';

const v = (vr: string, ...Value: unknown[]) => ({ vr, Value }) as DicomJson[string];

const code = (value: string, scheme: string, meaning: string): DicomJson => ({
  '00080100': v('SH', value),
  '00080102': v('SH', scheme),
  '00080104': v('LO', meaning),
});

function specimen(items: DicomJson[]): DicomJson {
  return {
    '00400560': v('SQ', {
      '00400551': v('LO', 'S24-123-A'),
      '00400600': v('LO', 'Colon, biopsy'),
      '00400610': v('SQ', { '00400612': v('SQ', ...items) }),
    }),
  };
}

const substance = (meaning: string): DicomJson => ({
  '0040A040': v('CS', 'CODE'),
  '0040A043': v('SQ', code('424361007', 'SCT', 'Using substance')),
  '0040A168': v('SQ', code('x', 'SCT', meaning)),
});

describe('studyToCase', () => {
  it('maps a QIDO study to a case', () => {
    const c = studyToCase({
      '0020000D': v('UI', '1.2.3'),
      '00080050': v('SH', 'S24-00123'),
      '00100010': v('PN', { Alphabetic: 'DOE^JANE' }),
      '00100020': v('LO', 'P001'),
      '00100030': v('DA', '19700131'),
      '00100040': v('CS', 'F'),
      '00080020': v('DA', '20240502'),
      '00080030': v('TM', '143005'),
      '00081030': v('LO', 'Colon biopsy'),
      '00080061': v('CS', 'SM', 'OT'),
      '00201206': v('IS', 3),
      '00081060': v('PN', { Alphabetic: 'DUPONT^CLAIRE^^DR' }),
    });
    expect(c).toEqual({
      studyUID: '1.2.3',
      accession: 'S24-00123',
      patient: { name: 'DOE JANE', id: 'P001', birthDate: '1970-01-31', sex: 'F' },
      specimen: 'Colon biopsy',
      receivedAt: '2024-05-02T14:30:05',
      modalities: ['SM', 'OT'],
      seriesCount: 3,
      readingPhysician: 'DR DUPONT CLAIRE',
    });
  });

  it('copes with missing attributes', () => {
    const c = studyToCase({ '0020000D': v('UI', '1.2.3'), '00100040': v('CS', 'X') });
    expect(c.accession).toBe('1.2.3');
    expect(c.patient).toEqual({ name: '', id: '', birthDate: null, sex: null });
    expect(c.receivedAt).toBeNull();
    expect(c.specimen).toBe('');
    expect(c.readingPhysician).toBeNull();
  });
});

describe('seriesToSlide', () => {
  it('takes label from the container identifier and stain from the staining step', () => {
    const s = seriesToSlide({
      '0020000D': v('UI', '1.2.3'),
      '0020000E': v('UI', '1.2.3.4'),
      '00200011': v('IS', 2),
      '0008103E': v('LO', 'whatever'),
      '00400512': v('LO', 'S24-123-A1'),
      ...specimen([substance('hematoxylin stain'), substance('water soluble eosin stain')]),
    });
    expect(s).toEqual({
      studyUID: '1.2.3',
      seriesUID: '1.2.3.4',
      seriesNumber: 2,
      label: 'S24-123-A1',
      stain: 'H&E',
      specimen: 'Colon, biopsy',
      description: 'whatever',
      context: {
        block: 'A1',
        parts: [{ id: 'A', description: '' }],
        blocks: [{ id: 'A1', part: 'A', description: '' }],
      },
      clinicalInfo: null,
    });
  });

  it('names HES, single substances and text substances (antibodies)', () => {
    expect(
      stainFromSpecimen(
        specimen([substance('hematoxylin stain'), substance('eosin'), substance('saffron')]),
      ),
    ).toBe('HES');
    expect(stainFromSpecimen(specimen([substance('periodic acid Schiff stain')]))).toBe(
      'periodic acid Schiff',
    );
    const antibody: DicomJson = {
      '0040A040': v('CS', 'TEXT'),
      '0040A043': v('SQ', code('424361007', 'SCT', 'Using substance')),
      '0040A160': v('UT', 'CD20'),
    };
    expect(stainFromSpecimen(specimen([antibody]))).toBe('CD20');
    expect(stainFromSpecimen({})).toBeNull();
  });

  it('falls back to the series description for label and stain', () => {
    const s = seriesToSlide({ '0020000E': v('UI', '9'), '0008103E': v('LO', 'A1 HES') });
    expect(s.label).toBe('A1 HES');
    expect(s.stain).toBe('HES');
    expect(seriesToSlide({ '00200011': v('IS', 4) }).label).toBe('Series 4');
  });

  it('recognises usual stains in text, and nothing in unrelated words', () => {
    expect(stainFromText('Bloc A - H&E')).toBe('H&E');
    expect(stainFromText('he')).toBe('H&E');
    expect(stainFromText('IHC cd20')).toBe('CD20');
    expect(stainFromText('Ki-67 index')).toBe('KI-67');
    expect(stainFromText('PAS')).toBe('PAS');
    expect(stainFromText('Whole slide')).toBeNull();
    expect(stainFromText('Theme')).toBeNull();
    expect(stainFromText(null)).toBeNull();
  });
});

describe('parseDicomwebSeriesUrl', () => {
  it('splits base, study and series, keeping credentials on the base', () => {
    expect(
      parseDicomwebSeriesUrl('http://127.0.0.1:8042/dicom-web/studies/1.2/series/1.2.3'),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:8042/dicom-web',
      studyUID: '1.2',
      seriesUID: '1.2.3',
    });
    expect(parseDicomwebSeriesUrl('https://u:p@pacs/wado/rs/studies/1/series/2/')?.baseUrl).toBe(
      'https://u:p@pacs/wado/rs',
    );
    expect(parseDicomwebSeriesUrl('http://pacs/dicom-web/studies/1')).toBeNull();
    expect(parseDicomwebSeriesUrl('/data/slide.svs')).toBeNull();
  });
});
