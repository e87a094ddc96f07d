/**
 * The Encapsulated PDF object checked by dciodvfy (dicom3tools) and read back with the
 * project's Part 10 reader (dicom-parser underneath).
 */
import { describe, expect, it } from 'vitest';
import { readPart10 } from '../../annotations/dicomAnn/part10';
import { dciodvfy, dciodvfyInstalled } from '../../annotations/dicomAnn/testing/dciodvfy';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { buildReportDocument } from './document';
import {
  ENCAPSULATED_PDF_SOP_CLASS_UID,
  buildEncapsulatedPdf,
  nameUid,
  personNameOf,
  reportSeriesUid,
} from './dicomPdf';
import { SAMPLE_ADDENDUM, SAMPLE_CASE, SAMPLE_TEMPLATE, sampleReport } from './testing/samples';

const STUDY_UID = '1.2.826.0.1.3680043.8.498.12345';
// Odd length: the writer pads the value, Encapsulated Document Length keeps the true one.
const PDF = new TextEncoder().encode('%PDF-1.7\n% a tiny stand-in\n%%EOF\n');

function doc(addenda = false) {
  return buildReportDocument({
    report: sampleReport({ addenda: addenda ? [SAMPLE_ADDENDUM] : [] }),
    template: SAMPLE_TEMPLATE,
    case: SAMPLE_CASE,
    snapshots: [],
    language: 'fr',
  });
}

const STUDY: DicomJson = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DUPONT^Hélène^^^' }] },
  '00100020': { vr: 'LO', Value: ['P-000123'] },
  '00100030': { vr: 'DA', Value: ['19700131'] },
  '00100040': { vr: 'CS', Value: ['F'] },
  '00080020': { vr: 'DA', Value: ['20261201'] },
  '00080030': { vr: 'TM', Value: ['081500'] },
  '00080050': { vr: 'SH', Value: ['B26-013102'] },
  '00200010': { vr: 'SH', Value: ['S-42'] },
};

const text = (ds: ReturnType<typeof readPart10>, tag: string) => ds[tag]?.Value?.[0];

describe('buildEncapsulatedPdf', () => {
  it('writes the PDF in the study, in a DOC series, with the study’s patient and a true length', () => {
    const built = buildEncapsulatedPdf({
      document: doc(),
      pdf: PDF,
      studyUID: STUDY_UID,
      study: STUDY,
      softwareVersion: '0.1.0',
    });
    const ds = readPart10(built.bytes);
    expect(text(ds, '00080016')).toBe(ENCAPSULATED_PDF_SOP_CLASS_UID);
    expect(text(ds, '0020000D')).toBe(STUDY_UID);
    expect(text(ds, '0020000E')).toBe(reportSeriesUid(STUDY_UID));
    expect(text(ds, '00080060')).toBe('DOC');
    expect(text(ds, '00420012')).toBe('application/pdf');
    expect(text(ds, '00100010')).toEqual({ Alphabetic: 'DUPONT^Hélène^^^' });
    expect(text(ds, '00200010')).toBe('S-42');
    expect(PDF.length % 2).toBe(1);
    expect(text(ds, '00420015')).toBe(PDF.length);
    const stored = ds['00420011']?.bytes;
    expect(stored?.length).toBe(PDF.length + 1);
    expect(Buffer.from(stored!.subarray(0, PDF.length)).equals(Buffer.from(PDF))).toBe(true);
    expect(text(ds, '00420010')).toBe(
      'Compte rendu d’anatomie et de cytologie pathologiques — B26-013102',
    );
  });

  it('numbers each signature in the same series, and gives the same instance for the same signatures', () => {
    const a = buildEncapsulatedPdf({
      document: doc(),
      pdf: PDF,
      studyUID: STUDY_UID,
      study: null,
      softwareVersion: '0.1.0',
    });
    const again = buildEncapsulatedPdf({
      document: doc(),
      pdf: PDF,
      studyUID: STUDY_UID,
      study: null,
      softwareVersion: '0.1.0',
    });
    const b = buildEncapsulatedPdf({
      document: doc(true),
      pdf: PDF,
      studyUID: STUDY_UID,
      study: null,
      softwareVersion: '0.1.0',
    });
    expect(again.sopInstanceUID).toBe(a.sopInstanceUID);
    expect(b.seriesUID).toBe(a.seriesUID);
    expect(b.sopInstanceUID).not.toBe(a.sopInstanceUID);
    expect([a.instanceNumber, b.instanceNumber]).toEqual([1, 2]);
    // Offline, the patient comes from the case, in DICOM's form.
    expect(text(readPart10(a.bytes), '00100010')).toEqual({ Alphabetic: 'DUPONT^Hélène' });
  });

  it('makes valid UIDs and person names', () => {
    for (let i = 0; i < 200; i++) {
      const uid = nameUid(String(i));
      expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
    expect(personNameOf('LE GALL Anne-Marie')).toBe('LE GALL^Anne-Marie');
    expect(personNameOf('Anonyme')).toBe('Anonyme');
  });

  it.skipIf(!dciodvfyInstalled())(
    'passes dciodvfy without errors, online and offline variants',
    async () => {
      for (const study of [STUDY, null]) {
        for (const addenda of [false, true]) {
          const built = buildEncapsulatedPdf({
            document: doc(addenda),
            pdf: PDF,
            studyUID: STUDY_UID,
            study,
            softwareVersion: '0.1.0',
          });
          const report = await dciodvfy(built.bytes);
          expect(report.output).toMatch(/EncapsulatedPDF/);
          expect(report.errors).toEqual([]);
        }
      }
    },
  );
});
