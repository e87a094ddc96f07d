import { describe, expect, it } from 'vitest';
import { buildReportDocument } from './document';
import { SAMPLE_ADDENDUM, SAMPLE_CASE, SAMPLE_TEMPLATE, sampleReport } from './testing/samples';

const IMAGE = { id: 'snap1', mimeType: 'image/png' as const, bytes: new Uint8Array([1, 2, 3]) };

function build(language: 'fr' | 'en', report = sampleReport()) {
  return buildReportDocument({
    report,
    template: SAMPLE_TEMPLATE,
    case: SAMPLE_CASE,
    snapshots: [IMAGE],
    language,
    timeZone: 'Europe/Paris',
  });
}

describe('buildReportDocument', () => {
  it('titles the sections with text exactly, in French and in English', () => {
    expect(build('fr').sections.map((s) => s.title)).toEqual([
      'Renseignements cliniques',
      'Macroscopie',
      'Microscopie',
      'Conclusion',
    ]);
    expect(build('en').sections.map((s) => s.title)).toEqual([
      'Clinical information',
      'Macroscopy',
      'Microscopy',
      'Conclusion',
    ]);
    const all = sampleReport();
    all.content.sections.comment = 'Relu en RCP.';
    expect(build('fr', all).sections.at(-1)?.title).toBe('Commentaire');
    expect(build('en', all).sections.at(-1)?.title).toBe('Comment');
  });

  it('maps the synoptic answers to labels, numbers with their unit, and skips the unanswered', () => {
    const fr = build('fr').synoptic;
    expect(fr?.title).toBe('Biopsie mammaire (carcinome infiltrant)');
    expect(fr?.rows.map((r) => [r.label, r.answer])).toEqual([
      ['Type histologique', 'Carcinome infiltrant de type non spécifique'],
      ['Grade de Nottingham', 'Grade 2'],
      ['Taille du foyer infiltrant', '12,4 mm'],
      ['Lésions associées', 'Carcinome canalaire in situ, Microcalcifications'],
      ['Remarque', 'Récepteurs en cours'],
    ]);
    const en = build('en').synoptic;
    expect(en?.rows[2]).toMatchObject({
      answer: '12.4 mm',
      code: '21889-1',
      value: { kind: 'number', value: 12.4, unit: 'mm' },
    });
    expect(en?.rows[0]?.value).toEqual({
      kind: 'choice',
      options: [{ id: 'nst', label: 'Invasive carcinoma of no special type', code: '408643008' }],
    });
  });

  it('has the header, patient and case, the snapshot and the signature', () => {
    const d = build('fr');
    expect(d.institution.department).toBe('Service d’anatomie et cytologie pathologiques');
    expect(d.patient).toMatchObject({
      name: 'DUPONT Hélène',
      id: 'P-000123',
      birthDateText: '31/01/1970',
      sexText: 'Féminin',
    });
    expect(d.case.accession).toBe('B26-013102');
    expect(d.snapshots).toHaveLength(1);
    expect(d.snapshots[0]).toMatchObject({
      caption: 'Lame A1, HES, ×20 : foyer infiltrant',
      bytes: IMAGE.bytes,
    });
    expect(d.signature.line).toBe(
      'Signé électroniquement par Dr Claire Martin, le 3 décembre 2026 à 11:05',
    );
    expect(d.signature.sha256).toBe('a'.repeat(64));
    expect(d.status).toBe('final');
    expect(build('en').signature.line).toBe(
      'Electronically signed by Dr Claire Martin on 3 December 2026, 11:05',
    );
  });

  it('takes the settings’ institution when given', () => {
    const d = buildReportDocument({
      report: sampleReport(),
      template: null,
      case: SAMPLE_CASE,
      snapshots: [],
      language: 'en',
      institution: { name: 'CH de Roubaix', department: 'Pathologie' },
    });
    expect(d.institution).toEqual({ name: 'CH de Roubaix', department: 'Pathologie' });
    expect(d.synoptic).toBeNull();
    // A snapshot without its bytes is left out rather than drawn empty.
    expect(d.snapshots).toEqual([]);
  });

  it('lists each addendum with its own signature and marks the report appended', () => {
    const d = build('fr', sampleReport({ addenda: [SAMPLE_ADDENDUM] }));
    expect(d.status).toBe('appended');
    expect(d.addenda).toEqual([
      expect.objectContaining({
        title: 'Addendum n° 1',
        text: SAMPLE_ADDENDUM.text,
        signature: expect.objectContaining({
          sha256: 'b'.repeat(64),
          signedAtText: '4 décembre 2026 à 15:30',
        }) as unknown,
      }),
    ]);
  });

  it('refuses a report that is not signed (conflict)', () => {
    expect(() => build('fr', sampleReport({ status: 'draft', signature: null }))).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});
