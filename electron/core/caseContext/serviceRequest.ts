/**
 * A stain request as a FHIR R4 ServiceRequest, for the laboratory system (LIS):
 *
 * - one ServiceRequest per request, `intent: order`, `status: active`;
 * - `requisition` is the case's accession number (the LIS's case), `identifier` the
 *   request's own id, so a request sent twice is recognised;
 * - each item is one `orderDetail` (block, what to do, stain), coded with our own
 *   CodeSystem for the kind (stain, recut, level) and the stain's name as text: stain names
 *   differ from lab to lab ("RE" for ER in France), and the LIS maps them to its catalogue;
 * - subject and requester are logical references (identifier and display), since the
 *   workstation holds no FHIR server's Patient or Practitioner.
 *
 * Checked in tests by @medplum/core's validator against the R4 StructureDefinitions.
 */
import { createHash } from 'node:crypto';
import type { StainRequestItem } from '../../common/caseContext/model';
import type { Priority } from '../../common/contract';

export const ACCESSION_SYSTEM = 'urn:lille-pathology:accession';
export const PATIENT_ID_SYSTEM = 'urn:lille-pathology:patient-id';
export const USER_SYSTEM = 'urn:lille-pathology:user';
export const REQUEST_SYSTEM = 'urn:lille-pathology:stain-request';
export const REQUEST_KIND_SYSTEM = 'urn:lille-pathology:request-kind';
/** SNOMED CT 108257001 "Anatomic pathology procedure": what the request is for. */
const CATEGORY = {
  system: 'http://snomed.info/sct',
  code: '108257001',
  display: 'Anatomic pathology procedure',
};

const KIND_DISPLAY: Record<StainRequestItem['kind'], string> = {
  stain: 'Stain',
  recut: 'Recut',
  level: 'Levels',
};

export interface ServiceRequestInput {
  requestId: string;
  accession: string;
  patient: { id: string; name: string };
  priority: Priority;
  requester: { id: string; name: string; title: string };
  requestedAt: string;
  items: readonly StainRequestItem[];
  note: string;
}

/** FHIR priority codes: frozen sections are stat, urgent cases urgent. */
const PRIORITY: Record<Priority, 'stat' | 'urgent' | 'routine'> = {
  frozen: 'stat',
  urgent: 'urgent',
  routine: 'routine',
};

function uuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5: name-based
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** "A1: Stain HER2", "A2: Recut": one line per item, as shown to the technician. */
export function itemText(item: StainRequestItem): string {
  return `${item.block}: ${KIND_DISPLAY[item.kind]}${item.stain ? ` ${item.stain}` : ''}`;
}

export function buildServiceRequest(input: ServiceRequestInput): Record<string, unknown> {
  const requester = [input.requester.title, input.requester.name].filter(Boolean).join(' ');
  return {
    resourceType: 'ServiceRequest',
    id: uuid('stain-request', input.requestId),
    identifier: [{ system: REQUEST_SYSTEM, value: input.requestId }],
    requisition: { system: ACCESSION_SYSTEM, value: input.accession },
    status: 'active',
    intent: 'order',
    category: [{ coding: [CATEGORY] }],
    priority: PRIORITY[input.priority],
    code: { text: 'Additional stains, recuts and levels' },
    orderDetail: input.items.map((item) => ({
      coding: [{ system: REQUEST_KIND_SYSTEM, code: item.kind, display: KIND_DISPLAY[item.kind] }],
      text: itemText(item),
    })),
    subject: {
      identifier: { system: PATIENT_ID_SYSTEM, value: input.patient.id || 'unknown' },
      ...(input.patient.name ? { display: input.patient.name } : {}),
    },
    authoredOn: input.requestedAt,
    requester: {
      identifier: { system: USER_SYSTEM, value: input.requester.id },
      display: requester,
    },
    ...(input.note ? { note: [{ text: input.note }] } : {}),
  };
}
