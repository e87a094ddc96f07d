import { describe, expect, it } from 'vitest';
import { slidePoint } from './geometry';
import { AnnotationInputSchema, AnnotationClassInputSchema, kindGeometryProblem } from './model';
import { BUILT_IN_CLASSES, findClassByName } from './classes';

describe('annotation schemas', () => {
  const line = { type: 'polyline' as const, points: [slidePoint(0, 0), slidePoint(10, 0)] };

  it('accepts a ruler and fills in the defaults', () => {
    const parsed = AnnotationInputSchema.parse({ slideId: 's1', kind: 'line', geometry: line });
    expect(parsed).toMatchObject({ classId: null, name: '', text: '' });
    expect(parsed.id).toBeUndefined();
  });

  it('refuses a geometry its kind cannot have, and an arrow of three points', () => {
    const r = AnnotationInputSchema.safeParse({ slideId: 's1', kind: 'rectangle', geometry: line });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/a rectangle cannot have a polyline geometry/);
    expect(
      kindGeometryProblem('arrow', { ...line, points: [...line.points, slidePoint(5, 5)] }),
    ).toMatch(/exactly 2 points/);
    expect(kindGeometryProblem('arrow', line)).toBeNull();
  });

  it('refuses non-finite coordinates, rings of two points and fields owned by the engine', () => {
    const bad = [
      { type: 'point', point: { x: Number.NaN, y: 0 } },
      { type: 'polygon', rings: [[slidePoint(0, 0), slidePoint(1, 1)]] },
      { type: 'rectangle', x: 0, y: 0, width: -1, height: 2 },
    ];
    for (const geometry of bad) {
      const kind = geometry.type === 'point' ? 'point' : geometry.type;
      expect(AnnotationInputSchema.safeParse({ slideId: 's1', kind, geometry }).success).toBe(
        false,
      );
    }
    expect(
      AnnotationInputSchema.safeParse({
        slideId: 's1',
        kind: 'line',
        geometry: line,
        author: 'someone else',
      }).success,
    ).toBe(false);
  });

  it('normalises class colours', () => {
    expect(
      AnnotationClassInputSchema.parse({ colour: '#AABBCC', names: { fr: 'Foo', en: 'Foo' } })
        .colour,
    ).toBe('#aabbcc');
  });
});

describe('built-in classes', () => {
  it('have distinct ids and colours, and French and English names', () => {
    expect(BUILT_IN_CLASSES.map((c) => c.id)).toEqual([
      'tumour',
      'stroma',
      'necrosis',
      'mitosis',
      'lymphovascular-invasion',
      'margin',
      'other',
    ]);
    expect(new Set(BUILT_IN_CLASSES.map((c) => c.colour)).size).toBe(BUILT_IN_CLASSES.length);
    expect(BUILT_IN_CLASSES.map((c) => c.names.fr)).toEqual([
      'Tumeur',
      'Stroma',
      'Nécrose',
      'Mitose',
      'Invasion lymphovasculaire',
      'Marge',
      'Autre',
    ]);
  });

  it('are found by English or French name, QuPath name or alias, ignoring case and accents', () => {
    const id = (name: string) => findClassByName(BUILT_IN_CLASSES, name)?.id ?? null;
    expect(id('Tumor')).toBe('tumour');
    expect(id('tumeur')).toBe('tumour');
    expect(id('NECROSE')).toBe('necrosis');
    expect(id('LVI')).toBe('lymphovascular-invasion');
    expect(id('Emboles lymphovasculaires')).toBe('lymphovascular-invasion');
    expect(id('Immune cells')).toBeNull();
  });
});
