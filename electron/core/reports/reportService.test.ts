import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ReportContent, ReportTemplate } from '../../common/reports/model';
import { EMPTY_SECTIONS, ReportTemplateSchema } from '../../common/reports/model';
import { canonicalJson } from './canonical';
import { ReportService } from './reportService';
import { ReportStore } from './reportStore';
import { fakeUsers, recordingAudit, reportDb } from './testing';

const both = (en: string) => ({ en, fr: `${en} (fr)` });
const template: ReportTemplate = ReportTemplateSchema.parse({
  id: 'mini',
  name: both('Mini'),
  basedOn: 'test',
  sections: {},
  items: [
    {
      id: 'grade',
      label: both('Grade'),
      kind: 'choice',
      required: true,
      options: [
        { id: 'g1', label: both('1') },
        { id: 'g2', label: both('2') },
      ],
    },
    {
      id: 'size',
      label: both('Size'),
      kind: 'number',
      required: false,
      min: 0,
      max: 100,
      decimals: 1,
    },
  ],
  rules: [],
});

async function setup() {
  const { db, file } = await reportDb();
  const users = fakeUsers();
  const audit = recordingAudit();
  const statuses = new Map([['c1', 'in_progress']]);
  const service = new ReportService({
    store: new ReportStore(db),
    users,
    audit,
    cases: {
      assertCase: (id) => {
        if (!statuses.has(id)) throw Object.assign(new Error('no case'), { code: 'not_found' });
      },
      slideIds: () => ['s1', 's2'],
      setSignedOut: (id) => void statuses.set(id, 'signed_out'),
    },
    template: (id) => (id === 'mini' ? template : null),
  });
  return { db, file, users, audit, statuses, service };
}

function content(
  patch: Partial<ReportContent> = {},
  conclusion = 'Carcinome canalaire infiltrant.',
) {
  return {
    templateId: 'mini',
    sections: { ...EMPTY_SECTIONS, microscopy: 'Prolifération tumorale.', conclusion },
    synoptic: { grade: 'g2', size: 12.5 },
    snapshotIds: [],
    ...patch,
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('ReportService drafts', () => {
  it('saves each change as a new version, not an identical one, and brings old ones back', async () => {
    const { service, file } = await setup();
    expect(service.get('c1')).toMatchObject({ status: 'none', version: 0 });
    expect(service.saveDraft('c1', content()).version).toBe(1);
    // Same content with keys in another order: no new version.
    const reordered = { ...content(), synoptic: { size: 12.5, grade: 'g2' } };
    expect(service.saveDraft('c1', reordered).version).toBe(1);
    const second = service.saveDraft('c1', content({}, 'Autre conclusion.'));
    expect(second).toMatchObject({ status: 'draft', version: 2 });
    expect(service.versions('c1').map((v) => [v.version, v.author?.name])).toEqual([
      [2, 'Claire Dupont'],
      [1, 'Claire Dupont'],
    ]);
    expect(service.version('c1', 1).content.sections.conclusion).toBe(
      'Carcinome canalaire infiltrant.',
    );
    expect(code(() => service.version('c1', 9))).toBe('not_found');

    // Committed on return: another connection (another process after a crash) reads it.
    const other = new Database(file, { readonly: true });
    const row = other
      .prepare<[], { content: string }>(
        "SELECT content FROM report_versions WHERE case_id = 'c1' AND version = 2",
      )
      .get();
    expect((JSON.parse(row!.content) as ReportContent).sections.conclusion).toBe(
      'Autre conclusion.',
    );
    other.close();
  });

  it('refuses drafts while locked and snapshots it does not have', async () => {
    const { service, users } = await setup();
    users.locked = true;
    expect(code(() => service.saveDraft('c1', content()))).toBe('locked');
    expect(code(() => service.get('c1'))).toBe('locked');
    users.locked = false;
    expect(code(() => service.saveDraft('c1', content({ snapshotIds: ['nope'] })))).toBe(
      'invalid_argument',
    );
    // With nobody chosen a draft is still kept, without author.
    users.user = null;
    expect(service.saveDraft('c1', content()).version).toBe(1);
    expect(service.versions('c1')[0]?.author).toBeNull();
  });
});

describe('ReportService snapshots', () => {
  it('keeps PNG and JPEG images with their size, and refuses anything else', async () => {
    const { service } = await setup();
    const png = await sharp({ create: { width: 7, height: 5, channels: 3, background: '#c04080' } })
      .png()
      .toBuffer();
    const jpeg = await sharp({
      create: { width: 9, height: 4, channels: 3, background: '#ffffff' },
    })
      .jpeg()
      .toBuffer();
    const a = service.addSnapshot('c1', {
      slideId: 's1',
      caption: 'A1',
      imageBase64: png.toString('base64'),
    });
    expect(a).toMatchObject({ slideId: 's1', width: 7, height: 5 });
    const b = service.addSnapshot('c1', {
      slideId: null,
      caption: '',
      imageBase64: jpeg.toString('base64'),
    });
    expect(b).toMatchObject({ width: 9, height: 4 });
    expect(service.snapshot('c1', a.id)).toEqual({ mimeType: 'image/png', bytes: png });
    expect(service.snapshot('c1', b.id).mimeType).toBe('image/jpeg');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64');
    expect(
      code(() => service.addSnapshot('c1', { slideId: null, caption: '', imageBase64: gif })),
    ).toBe('invalid_argument');
    expect(
      code(() => service.addSnapshot('c1', { slideId: null, caption: '', imageBase64: '%%%' })),
    ).toBe('invalid_argument');
    const state = service.saveDraft('c1', content({ snapshotIds: [a.id] }));
    expect(state.snapshots.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(state.content.snapshotIds).toEqual([a.id]);
  });
});

describe('ReportService sign-out', () => {
  it('lists what blocks signing and the slides never opened', async () => {
    const { service, users } = await setup();
    users.user = null;
    service.saveDraft('c1', content({ synoptic: { size: 12.55 } }, '  '));
    expect(service.check('c1')).toEqual([
      { code: 'no_user', severity: 'blocking', subject: null },
      { code: 'conclusion_empty', severity: 'blocking', subject: null },
      { code: 'required_item_missing', severity: 'blocking', subject: 'grade' },
      { code: 'invalid_value', severity: 'blocking', subject: 'size' },
      { code: 'slide_never_opened', severity: 'warning', subject: 's1' },
      { code: 'slide_never_opened', severity: 'warning', subject: 's2' },
    ]);
    service.recordSlideView('c1', 's1');
    service.recordSlideView('c1', 's1');
    expect(
      service
        .check('c1')
        .filter((c) => c.severity === 'warning')
        .map((c) => c.subject),
    ).toEqual(['s2']);
  });

  it('signs with the PIN once checks pass and warnings have reasons; the case is signed out for good', async () => {
    const { service, users, audit, statuses, db } = await setup();
    service.saveDraft('c1', content({ synoptic: {} }));
    expect(code(() => service.sign('c1', '4321', []))).toBe('invalid_argument'); // grade missing
    service.saveDraft('c1', content());
    service.recordSlideView('c1', 's1');
    expect(code(() => service.sign('c1', '0000', []))).toBe('unauthorized');
    users.locked = true;
    expect(code(() => service.sign('c1', '4321', []))).toBe('locked');
    users.locked = false;
    // s2 was never opened: a warning that needs a reason.
    expect(code(() => service.sign('c1', '4321', []))).toBe('invalid_argument');
    const overrides = [
      { code: 'slide_never_opened' as const, subject: 's2', reason: 'Recoupe identique à s1' },
      { code: 'slide_never_opened' as const, subject: 's9', reason: 'not a warning: dropped' },
    ];
    const signed = service.sign('c1', '4321', overrides);
    expect(signed).toMatchObject({
      status: 'signed',
      version: 2,
      signature: { signer: { id: 'u-dupont', name: 'Claire Dupont', title: 'Dr' } },
      overrides: [overrides[0]],
    });
    expect(signed.signature?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(statuses.get('c1')).toBe('signed_out');
    expect(audit.entries.map((e) => e.action)).toEqual(['report.override', 'report.sign']);
    expect(audit.entries[0]?.detail).toMatchObject({
      reason: 'Recoupe identique à s1',
      subject: 's2',
    });
    expect(service.verify('c1')).toEqual({ ok: true });
    // The stored JSON is the canonical form of what was hashed.
    expect(canonicalJson(service.signed('c1'))).toBe(
      db.prepare<[], { content: string }>('SELECT content FROM report_signatures').get()!.content,
    );

    expect(code(() => service.saveDraft('c1', content({}, 'Changed')))).toBe('conflict');
    expect(code(() => service.sign('c1', '4321', overrides))).toBe('conflict');
    expect(
      code(() => service.addSnapshot('c1', { slideId: null, caption: '', imageBase64: '' })),
    ).toBe('conflict');
    expect(code(() => service.assertStatusChange('c1', 'signed_out', 'new'))).toBe('conflict');
    expect(service.get('c1').content.sections.conclusion).toBe('Carcinome canalaire infiltrant.');
  });

  it('keeps the signature frozen in the database, and detects a change made behind its back', async () => {
    const { service, db } = await setup();
    service.saveDraft('c1', content());
    service.recordSlideView('c1', 's1');
    service.recordSlideView('c1', 's2');
    service.sign('c1', '4321', []);
    expect(() => db.prepare("UPDATE report_signatures SET signer_name = 'X'").run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare('DELETE FROM report_signatures').run()).toThrow(/never deleted/);
    db.exec('DROP TRIGGER report_signatures_frozen_update');
    db.prepare(
      "UPDATE report_signatures SET content = replace(content, 'Carcinome', 'Adénome')",
    ).run();
    expect(service.verify('c1')).toEqual({
      ok: false,
      reason: 'the signed content does not match its hash',
    });
  });

  it('detects a snapshot shown in the signed report whose bytes were changed', async () => {
    const { service, db } = await setup();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#102030' } })
      .png()
      .toBuffer();
    const snap = service.addSnapshot('c1', {
      slideId: 's1',
      caption: 'A1',
      imageBase64: png.toString('base64'),
    });
    service.saveDraft('c1', content({ snapshotIds: [snap.id] }));
    service.recordSlideView('c1', 's1');
    service.recordSlideView('c1', 's2');
    service.sign('c1', '4321', []);
    expect(service.verify('c1')).toEqual({ ok: true });
    const forged = Buffer.from(png);
    const at = forged.length - 20;
    forged.writeUInt8(forged.readUInt8(at) ^ 0xff, at);
    db.prepare('UPDATE report_snapshots SET bytes = ? WHERE id = ?').run(forged, snap.id);
    expect(service.verify('c1')).toEqual({ ok: false, reason: `snapshot ${snap.id} changed` });
  });

  it('only refuses "signed out" without a signed report, and changes of a signed-out case', async () => {
    const { service } = await setup();
    expect(code(() => service.assertStatusChange('c1', 'in_progress', 'signed_out'))).toBe(
      'conflict',
    );
    expect(code(() => service.assertStatusChange('c1', 'new', 'pending_ihc'))).toBe('no error');
    expect(code(() => service.assertStatusChange('c1', 'signed_out', 'signed_out'))).toBe(
      'no error',
    );
  });
});

describe('ReportService addenda', () => {
  it('adds signed addenda after signing only, with the PIN, and never touches the original', async () => {
    const { service, audit, db } = await setup();
    service.saveDraft('c1', content());
    expect(code(() => service.addAddendum('c1', '4321', 'Trop tôt'))).toBe('conflict');
    service.recordSlideView('c1', 's1');
    service.recordSlideView('c1', 's2');
    const signed = service.sign('c1', '4321', []);
    expect(code(() => service.addAddendum('c1', '1111', 'Mauvais PIN'))).toBe('unauthorized');
    const after = service.addAddendum('c1', '4321', 'HER2 : score 2+, FISH demandée.');
    expect(after.addenda).toHaveLength(1);
    expect(after.addenda[0]).toMatchObject({
      text: 'HER2 : score 2+, FISH demandée.',
      signature: { signer: { id: 'u-dupont' } },
    });
    expect(after.signature).toEqual(signed.signature);
    expect(after.content).toEqual(signed.content);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'report.addendum', object: { id: 'c1' } });
    expect(() => db.prepare("UPDATE report_addenda SET text = 'x'").run()).toThrow(/never changes/);
    expect(service.verify('c1')).toEqual({ ok: true });
  });
});

describe('ReportService autotext', () => {
  it('keeps one list per user and one for the workstation', async () => {
    const { service, users } = await setup();
    const neg = { abbreviation: '.neg', text: 'Absence de lésion tumorale.' };
    expect(service.setAutotext([neg])).toEqual([neg]);
    users.user = null;
    expect(service.autotext()).toEqual([]);
    const ws = [
      { abbreviation: '.b', text: 'Biopsie' },
      { abbreviation: '.a', text: 'Adénocarcinome' },
    ];
    expect(service.setAutotext(ws)).toEqual(ws);
    expect(code(() => service.setAutotext([neg, neg]))).toBe('invalid_argument');
    expect(service.autotext()).toEqual(ws);
  });
});
