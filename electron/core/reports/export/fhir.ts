/**
 * The signed report as a FHIR R4 Bundle (type collection): the Patient, the signing
 * Practitioner, the DiagnosticReport (the PDF as its presentedForm) and one Observation per
 * answered synoptic item.
 *
 * - DiagnosticReport.status: 'final', or 'appended' once an addendum is signed (FHIR R4:
 *   "subsequent to being final, the report has been modified by adding new content; the
 *   existing content is unchanged"), which is what an addendum is here.
 * - Observation.code: the template item's code (LOINC when it looks like one, SNOMED CT
 *   when all digits) with the item's label as text; the label alone otherwise.
 * - Values: numbers as valueQuantity in UCUM (the templates' units are UCUM), pick lists as
 *   valueCodeableConcept (several answers: one component each), text as valueString.
 *
 * Resource ids are name-based UUIDs of the case and the signature, so the same signed report
 * always gives the same Bundle (a receiving system can recognise a repeated export).
 */
import { createHash } from 'node:crypto';
import type { ReportDocument, SynopticRow } from './document';
import { splitName } from './document';

/** Our identifier systems (URIs under the product's OID-free namespace). */
export const ACCESSION_SYSTEM = 'urn:lille-pathology:accession';
export const PATIENT_ID_SYSTEM = 'urn:lille-pathology:patient-id';
export const USER_SYSTEM = 'urn:lille-pathology:user';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
/** LOINC 60567-5 "Comprehensive pathology report panel". */
const REPORT_CODE = {
  system: LOINC,
  code: '60567-5',
  display: 'Comprehensive pathology report panel',
};

type Json = Record<string, unknown>;

export interface FhirCoding {
  system?: string;
  code: string;
  display?: string;
}
export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: Json & { resourceType: string; id: string } }[];
}

function uuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5: name-based
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The coding of a template code: LOINC (nnnn-n), SNOMED CT (digits) or none. */
export function codingOf(code: string | null, display: string): FhirCoding[] | undefined {
  if (code === null) return undefined;
  if (/^\d{1,7}-\d$/.test(code)) return [{ system: LOINC, code, display }];
  if (/^\d{6,18}$/.test(code)) return [{ system: SNOMED, code, display }];
  return undefined;
}

function concept(code: string | null, text: string): FhirCodeableConcept {
  const coding = codingOf(code, text);
  return coding ? { coding, text } : { text };
}

function observationValue(row: SynopticRow): Json {
  const v = row.value;
  if (v.kind === 'number') {
    return {
      valueQuantity: v.unit
        ? { value: v.value, unit: v.unit, system: UCUM, code: v.unit }
        : { value: v.value },
    };
  }
  if (v.kind === 'text') return { valueString: v.text };
  const [only, ...more] = v.options;
  if (only !== undefined && more.length === 0) {
    return { valueCodeableConcept: concept(only.code, only.label) };
  }
  return {
    component: v.options.map((o) => ({
      code: concept(row.code, row.label),
      valueCodeableConcept: concept(o.code, o.label),
    })),
  };
}

function humanName(name: string): Json {
  const split = splitName(name);
  return split ? { text: name, family: split.family, given: [split.given] } : { text: name };
}

const GENDER = { F: 'female', M: 'male', O: 'other' } as const;

/** The FHIR R4 Bundle of a signed report; `pdf` goes in as the report's presentedForm. */
export function buildFhirBundle(d: ReportDocument, pdf: Uint8Array): FhirBundle {
  const seed = [d.caseId, d.signature.sha256];
  const ids = {
    bundle: uuid(...seed, 'bundle', String(d.addenda.length)),
    patient: uuid(...seed, 'patient'),
    practitioner: uuid(...seed, 'practitioner'),
    report: uuid(...seed, 'report'),
  };
  const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
  const issued = d.signature.signedAt;
  const last = d.addenda.at(-1)?.signature.signedAt ?? issued;

  const patient = {
    resourceType: 'Patient',
    id: ids.patient,
    identifier: [{ system: PATIENT_ID_SYSTEM, value: d.patient.id }],
    name: [humanName(d.patient.name)],
    ...(d.patient.sex ? { gender: GENDER[d.patient.sex] } : {}),
    ...(d.patient.birthDate ? { birthDate: d.patient.birthDate } : {}),
  };
  const practitioner = {
    resourceType: 'Practitioner',
    id: ids.practitioner,
    identifier: [{ system: USER_SYSTEM, value: d.signature.signerId }],
    name: [
      {
        text: d.signature.displayName,
        ...(d.signature.title ? { prefix: [d.signature.title] } : {}),
      },
    ],
  };
  const observations = (d.synoptic?.rows ?? []).map((row) => ({
    resourceType: 'Observation',
    id: uuid(...seed, 'observation', row.itemId),
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
          },
        ],
      },
    ],
    code: concept(row.code, row.label),
    subject: ref(ids.patient),
    issued,
    performer: [ref(ids.practitioner)],
    ...observationValue(row),
  }));
  const conclusion = d.sections.find((s) => s.id === 'conclusion')?.text;
  const report = {
    resourceType: 'DiagnosticReport',
    id: ids.report,
    identifier: [{ system: ACCESSION_SYSTEM, value: d.case.accession }],
    status: d.status,
    category: [{ coding: [{ system: V2_0074, code: 'SP', display: 'Surgical Pathology' }] }],
    code: { coding: [REPORT_CODE], text: d.title },
    subject: ref(ids.patient),
    effectiveDateTime: d.case.receivedAt,
    issued,
    performer: [ref(ids.practitioner)],
    resultsInterpreter: [ref(ids.practitioner)],
    ...(observations.length > 0 ? { result: observations.map((o) => ref(o.id)) } : {}),
    ...(conclusion ? { conclusion } : {}),
    presentedForm: [
      {
        contentType: 'application/pdf',
        language: d.language,
        data: Buffer.from(pdf).toString('base64'),
        title: `${d.title} — ${d.case.accession}`,
        creation: last,
      },
    ],
  };
  const resources = [report, patient, practitioner, ...observations];
  return {
    resourceType: 'Bundle',
    id: ids.bundle,
    type: 'collection',
    timestamp: last,
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}
