/**
 * The report calls through a real workstation (real workstation.db, migrations, the users
 * service, the audit trail), as the renderer uses them.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../common/rpc';
import { EMPTY_SECTIONS } from '../../common/reports/model';
import { fakeLibrary, fakeWorkstation } from '../testing/fakeWorkstation';

async function signedInWorkstation(dataDir?: string) {
  const ws = await fakeWorkstation({
    libraryFolders: [fakeLibrary()],
    ...(dataDir ? { dataDir } : {}),
  });
  const [c] = await ws.handlers.listCases({});
  return { ws, caseId: c!.id };
}

describe('report calls in the workstation', () => {
  it('lists the shipped templates', async () => {
    const { ws } = await signedInWorkstation();
    const templates = await ws.handlers.listReportTemplates({});
    expect(templates.map((t) => t.id)).toContain('breast_core_biopsy');
    await ws.close();
  });

  it('drafts, checks, signs with the PIN, refuses status changes, and keeps it all across a restart', async () => {
    const { ws, caseId } = await signedInWorkstation();
    const h = ws.handlers;
    const user = await h.saveUser({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    await h.setUserPin({ userId: user.id, pin: '2468' });
    await h.chooseUser({ userId: user.id, pin: '2468' });

    const content = {
      templateId: 'melanoma_excision',
      sections: { ...EMPTY_SECTIONS, microscopy: 'Mélanome invasif.', conclusion: '' },
      synoptic: { breslow_mm: 1.2 },
      snapshotIds: [],
    };
    expect((await h.saveReportDraft({ caseId, content })).version).toBe(1);
    const checks = await h.checkSignOut({ caseId });
    expect(checks.filter((c) => c.severity === 'blocking').map((c) => c.code)).toEqual(
      expect.arrayContaining(['conclusion_empty', 'required_item_missing']),
    );
    expect(checks.filter((c) => c.code === 'slide_never_opened')).toHaveLength(2);
    const refused = await dispatch(h, 'signReport', { caseId, pin: '2468', overrides: [] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });

    // Status "signed out" cannot be chosen without a signed report.
    const early = await dispatch(h, 'setCaseStatus', { caseId, status: 'signed_out' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const { slides } = await h.getCase({ caseId });
    const info = await h.getSlideInfo({ slideId: slides[0]!.id });
    const complete = {
      ...content,
      sections: { ...content.sections, conclusion: 'Mélanome à extension superficielle, pT2a.' },
      synoptic: {
        procedure: 'excision_biopsy',
        subtype: 'superficial_spreading',
        breslow_mm: 1.2,
        ulceration: 'not_identified',
        mitotic_rate: 3,
        microsatellites: 'not_identified',
        tils: 'non_brisk',
        lvi: 'not_identified',
        neurotropism: 'not_identified',
        margin_peripheral_invasive: 'not_involved',
        peripheral_distance_mm: 4.5,
        margin_peripheral_in_situ: 'not_involved',
        margin_deep: 'not_involved',
        deep_distance_mm: 2.1,
        pt: 'pt2a',
      },
    };
    await h.saveReportDraft({ caseId, content: complete });
    // Opened but nothing seen at 10× yet (slide tracking): a warning; seen whole at 10×: none.
    expect(await h.checkSignOut({ caseId })).toEqual([
      { code: 'slide_low_coverage', severity: 'warning', subject: slides[0]!.id },
      { code: 'slide_never_opened', severity: 'warning', subject: slides[1]!.id },
    ]);
    const whole = { x: 0, y: 0, width: info.width, height: info.height, magnification: 10 };
    expect((await h.recordSlideCoverage({ slideId: info.slideId, views: [whole] })).seen10).toBe(1);
    expect(await h.checkSignOut({ caseId })).toEqual([
      { code: 'slide_never_opened', severity: 'warning', subject: slides[1]!.id },
    ]);
    const wrongPin = await dispatch(h, 'signReport', { caseId, pin: '1111', overrides: [] });
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const signed = await h.signReport({
      caseId,
      pin: '2468',
      overrides: [
        {
          code: 'slide_never_opened',
          subject: slides[1]!.id,
          reason: 'Lame illisible (fichier corrompu)',
        },
      ],
    });
    expect(signed).toMatchObject({ status: 'signed', version: 2 });
    expect((await h.listCases({}))[0]?.status).toBe('signed_out');
    const back = await dispatch(h, 'setCaseStatus', { caseId, status: 'in_progress' });
    expect(back).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const edit = await dispatch(h, 'saveReportDraft', { caseId, content });
    expect(edit).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const withAddendum = await h.addAddendum({
      caseId,
      pin: '2468',
      text: 'Relecture : sans changement.',
    });
    expect(withAddendum.addenda).toHaveLength(1);
    const actions = [...ws.audit.entries()].map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['report.override', 'report.sign', 'report.addendum']),
    );
    await ws.close();

    const again = await fakeWorkstation({ dataDir: ws.dataDir });
    const state = await again.handlers.getReport({ caseId });
    expect(state).toMatchObject({ status: 'signed', signature: signed.signature });
    expect(state.addenda).toHaveLength(1);
    expect((await again.handlers.listReportVersions({ caseId })).map((v) => v.version)).toEqual([
      2, 1,
    ]);
    await again.close();
  });
});
