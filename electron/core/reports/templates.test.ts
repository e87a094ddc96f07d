import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bilingual, ReportTemplate } from '../../common/reports/model';
import { evaluateSynoptic, missingRequired } from '../../common/reports/synoptic';
import { findTemplatesDir, loadShippedTemplates, loadTemplates } from './templates';

const shipped = loadTemplates(findTemplatesDir());
const byId = new Map(shipped.templates.map((t) => [t.id, t]));

/** Every bilingual text of a template, with where it is. */
function texts(t: ReportTemplate): [string, Bilingual][] {
  const out: [string, Bilingual][] = [['name', t.name]];
  for (const [id, text] of Object.entries(t.sections)) if (text) out.push([`sections.${id}`, text]);
  for (const item of t.items) {
    out.push([`${item.id}.label`, item.label]);
    if (item.help) out.push([`${item.id}.help`, item.help]);
    for (const o of item.options ?? []) out.push([`${item.id}.${o.id}`, o.label]);
  }
  return out;
}

describe('shipped templates', () => {
  it('all load, without errors', () => {
    expect(shipped.errors).toEqual([]);
    expect([...byId.keys()]).toEqual([
      'breast_core_biopsy',
      'colorectal_resection',
      'melanoma_excision',
      'prostate_biopsies',
    ]);
  });

  it('are complete in French and English, in French typography', () => {
    for (const t of shipped.templates) {
      for (const [where, text] of texts(t)) {
        expect(text.fr.trim(), `${t.id} ${where} fr`).not.toBe('');
        expect(text.en.trim(), `${t.id} ${where} en`).not.toBe('');
        // The typographic apostrophe, and a space before a colon (French usage).
        expect(text.fr, `${t.id} ${where}`).not.toMatch(/'/);
        expect(text.fr, `${t.id} ${where}`).not.toMatch(/[^\s\d]:/);
      }
      expect(t.sections.macroscopy, t.id).toBeDefined();
      expect(t.sections.microscopy, t.id).toBeDefined();
    }
  });

  it('have rules that name existing items and options (checked by the loader), and act', () => {
    const breast = byId.get('breast_core_biopsy')!;
    expect(evaluateSynoptic(breast, { her2_ihc: 'score_3' }).visible).not.toContain('her2_ish');
    expect(evaluateSynoptic(breast, { her2_ihc: 'score_2' }).required).toContain('her2_ish');
    expect(missingRequired(breast, { her2_ihc: 'score_2', her2_ish: 'amplified' })).toEqual(
      expect.arrayContaining(['her2_ish_ratio', 'her2_ish_copies', 'grade', 'er_percent']),
    );
    const colon = byId.get('colorectal_resection')!;
    expect(evaluateSynoptic(colon, { neoadjuvant: 'none' }).visible).not.toContain('response');
    expect(evaluateSynoptic(colon, { neoadjuvant: 'given' }).required).toContain('response');
    const prostate = byId.get('prostate_biopsies')!;
    expect(missingRequired(prostate, { carcinoma: 'absent' })).not.toContain('grade_group');
    expect(missingRequired(prostate, { carcinoma: 'present', grade_group: 'gg2' })).toEqual(
      expect.arrayContaining(['pattern4_percent', 'max_core_length_mm']),
    );
    const melanoma = byId.get('melanoma_excision')!;
    const breslow = melanoma.items.find((i) => i.id === 'breslow_mm')!;
    expect(breslow).toMatchObject({ unit: 'mm', decimals: 1, required: true });
  });
});

describe('loadTemplates', () => {
  it('names the file and the field of a broken template, and still loads the others', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-'));
    const good = fs.readFileSync(path.join(findTemplatesDir(), 'melanoma_excision.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'melanoma_excision.json'), good);
    const missingFrench = JSON.parse(good) as ReportTemplate;
    missingFrench.id = 'no_french';
    (missingFrench.items[2]!.label as Partial<Bilingual>).fr = undefined;
    fs.writeFileSync(path.join(dir, 'no_french.json'), JSON.stringify(missingFrench));
    const badRule = JSON.parse(good) as ReportTemplate;
    badRule.id = 'bad_rule';
    badRule.rules.push({ when: 'ulceration', equals: ['maybe'], then: 'show', items: ['nothing'] });
    fs.writeFileSync(path.join(dir, 'bad_rule.json'), JSON.stringify(badRule));
    fs.writeFileSync(path.join(dir, 'truncated.json'), good.slice(0, 100));
    const loaded = loadTemplates(dir);
    expect(loaded.templates.map((t) => t.id)).toEqual(['melanoma_excision']);
    expect(loaded.errors).toEqual([
      {
        file: 'bad_rule.json',
        message:
          'rules[3].equals[0]: "ulceration" has no option "maybe"; rules[3].items[0]: no item "nothing"',
      },
      {
        file: 'no_french.json',
        message: expect.stringMatching(/^items\[2\]\.label\.fr: /) as string,
      },
      { file: 'truncated.json', message: expect.stringMatching(/^not valid JSON/) as string },
    ]);
  });

  it('reports a missing templates folder as one error instead of failing', () => {
    const loaded = loadShippedTemplates(path.join(os.tmpdir(), 'no-such-templates-folder'));
    expect(loaded.templates).toEqual([]);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/ENOENT/);
  });

  it('finds templates packed in app.asar from the unpacked bundle of a packaged app', () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'packaged-'));
    fs.mkdirSync(path.join(app, 'app.asar', 'resources', 'templates'), { recursive: true });
    fs.mkdirSync(path.join(app, 'app.asar.unpacked', 'dist-electron'), { recursive: true });
    expect(findTemplatesDir(path.join(app, 'app.asar.unpacked', 'dist-electron'))).toBe(
      path.join(app, 'app.asar', 'resources', 'templates'),
    );
  });
});
