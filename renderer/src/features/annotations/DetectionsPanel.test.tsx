/**
 * The AI overlay panel over a fake engine: classes with counts and eyes, rejected ones on
 * request, opacity, the selected detection's properties with accept and reject, heatmaps,
 * and an archive slide's "Save to archive" and annotation objects; in English and French.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { slidePoint } from '../../../../electron/common/annotations/geometry';
import type {
  Annotation,
  ArchiveAnnotationObject,
  Heatmap,
} from '../../../../electron/common/contract';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { FAKE_SLIDES, createFakeApi } from '../../testing/fakeApi';
import { settle, unnamedControls } from '../../testing/renderApp';
import { DetectionsPanel } from './DetectionsPanel';

const SLIDE = FAKE_SLIDES['C-routine-old']![0]!.id;

function detection(
  id: string,
  classId: string | null,
  status: 'pending' | 'rejected',
  x: number,
): Annotation {
  return {
    id,
    slideId: SLIDE,
    kind: 'point',
    geometry: { type: 'point', point: slidePoint(x, 200) },
    classId,
    name: '',
    text: '',
    measurements: { Probability: 0.87 },
    objectType: 'detection',
    detectionStatus: status,
    author: 'Dr Martin',
    authorId: null,
    createdAt: '2026-01-05T09:00:00Z',
    updatedAt: '2026-01-05T09:00:00Z',
  };
}

const HEATMAP: Heatmap = {
  id: 'h1',
  slideId: SLIDE,
  name: 'Tumour probability',
  extent: { x: 0, y: 0, width: 1000, height: 800 },
  gridWidth: 10,
  gridHeight: 8,
  png: 'iVBORw0KGgo=',
  author: 'Dr Martin',
  createdAt: '2026-01-05T09:00:00Z',
};

const AI_OBJECT: ArchiveAnnotationObject = {
  sopInstanceUID: '2.25.77',
  seriesUID: '2.25.70',
  instanceNumber: 1,
  contentDateTime: '2026-01-07T06:00:00',
  creatorName: null,
  description: null,
  manufacturer: 'Pipeline',
  savedHere: false,
  superseded: false,
  error: null,
  groups: [
    {
      label: 'Mitotic figure candidates',
      description: null,
      graphicType: 'POINT',
      generationType: 'AUTOMATIC',
      algorithm: { name: 'MitosisNet', version: '3.2' },
      propertyType: { scheme: '99LPW', code: 'MITOSIS', meaning: 'Mitotic figure' },
      classId: 'mitosis',
      geometries: [{ type: 'point', point: slidePoint(10, 10) }],
    },
  ],
};

async function setUp(
  language: 'en' | 'fr' = 'en',
  objects: ArchiveAnnotationObject[] = [AI_OBJECT],
) {
  const reviewed: unknown[] = [];
  const fake = createFakeApi({
    settings: { language },
    handlers: {
      setDetectionStatus: (args) => {
        reviewed.push(args);
        return { updated: args.ids.length };
      },
      listHeatmaps: () => [HEATMAP],
      listArchiveAnnotations: () => objects,
      saveAnnotationsToArchive: () => ({
        result: 'queued',
        sopInstanceUID: '2.25.99',
        instanceNumber: 2,
        annotations: 1,
      }),
    },
  });
  for (const a of [
    detection('d1', 'mitosis', 'pending', 100),
    detection('d2', 'mitosis', 'pending', 300),
    detection('d3', null, 'rejected', 500),
  ])
    fake.annotations.set(a.id, a);
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadSettings();
  await store.getState().loadAnnotationClasses();
  await store.getState().loadAnnotations(SLIDE);
  await store.getState().loadAiOverlay(SLIDE, true);
  const i18n = createI18n(language);
  const view = render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={i18n}>
        <DetectionsPanel fromArchive />
      </I18nextProvider>
    </StoreProvider>,
  );
  await settle();
  return { ...view, store, reviewed };
}

describe('AI overlay panel', () => {
  it('lists detections by class with counts, hides a class, shows rejected ones on request', async () => {
    const { store, container } = await setUp();
    expect(screen.getByTestId('ai-to-review').textContent).toBe('2 to review');
    const eyes = screen.getAllByTestId('ai-layer-visibility');
    // The archive object's group is a layer too, under its object.
    expect(eyes.map((e) => e.getAttribute('data-layer'))).toEqual([
      'det:mitosis',
      'det:rejected',
      'arc:2.25.77:0',
    ]);
    expect(eyes.map((e) => e.getAttribute('aria-pressed'))).toEqual(['true', 'false', 'true']);
    await settle(() =>
      fireEvent.click(screen.getByRole('button', { name: 'Hide Mitosis on the slide' })),
    );
    expect(store.getState().hiddenAiLayers).toEqual(['det:mitosis']);
    await settle(() => fireEvent.click(screen.getByLabelText('Show rejected detections')));
    expect(store.getState().showRejected).toBe(true);
    await settle(() =>
      fireEvent.change(screen.getByTestId('ai-opacity'), { target: { value: '40' } }),
    );
    expect(store.getState().aiOpacity).toBe(0.4);
    expect(screen.getByText('Tumour probability')).toBeTruthy();
    expect(unnamedControls(container)).toEqual([]);
  });

  it('shows the selected detection; accepting it makes it an annotation', async () => {
    const { store, reviewed } = await setUp();
    await settle(() => store.getState().selectAi({ source: 'detection', id: 'd2' }));
    const selection = screen.getByTestId('ai-selection');
    expect(selection.textContent).toContain('Probability');
    expect(selection.textContent).toContain('0.87');
    expect(selection.textContent).toContain('To review');
    await settle(() => fireEvent.click(screen.getByTestId('ai-accept')));
    await settle();
    expect(reviewed).toEqual([{ ids: ['d2'], status: 'accepted' }]);
    const d2 = store.getState().annotations.find((a) => a.id === 'd2');
    expect(d2).toMatchObject({ objectType: 'annotation', detectionStatus: 'accepted' });
    expect(store.getState().selectedAnnotationId).toBe('d2');
    expect(store.getState().aiSelection).toBeNull();
    expect(screen.getByTestId('ai-to-review').textContent).toBe('1 to review');
  });

  it('rejects a detection, which leaves the classes to review', async () => {
    const { store, reviewed } = await setUp();
    await settle(() => store.getState().selectAi({ source: 'detection', id: 'd1' }));
    await settle(() => fireEvent.click(screen.getByTestId('ai-reject')));
    await settle();
    expect(reviewed).toEqual([{ ids: ['d1'], status: 'rejected' }]);
    expect(store.getState().annotations.find((a) => a.id === 'd1')?.detectionStatus).toBe(
      'rejected',
    );
    expect(screen.getByTestId('ai-to-review').textContent).toBe('1 to review');
  });

  it("saves to the archive and lists the archive's objects, an AI's shown at once", async () => {
    const { store } = await setUp();
    expect(store.getState().shownArchiveObjects).toEqual(['2.25.77']);
    const object = screen.getByTestId('archive-object');
    expect(object.textContent).toContain('Version 1');
    expect(object.textContent).toContain('MitosisNet 3.2');
    expect(object.textContent).toContain('Mitotic figure candidates');
    await settle(() => fireEvent.click(screen.getByTestId('save-to-archive')));
    await settle();
    expect(screen.getByTestId('save-to-archive-result').textContent).toBe(
      'The archive cannot be reached: version 2 waits on this computer and is sent as soon as it answers.',
    );
  });

  it('speaks French', async () => {
    await setUp('fr');
    expect(screen.getByRole('complementary', { name: 'Calques IA' })).toBeTruthy();
    expect(screen.getByTestId('ai-to-review').textContent).toBe('2 à revoir');
    expect(screen.getByTestId('save-to-archive').textContent).toBe('Enregistrer dans l’archive');
  });

  it('says in French why an archive object cannot be read, the engine’s English behind Détails', async () => {
    const broken: ArchiveAnnotationObject = {
      ...AI_OBJECT,
      sopInstanceUID: '2.25.78',
      instanceNumber: 2,
      error: { code: 'corrupt', message: 'The file is truncated at byte 4096' },
      groups: [],
    };
    await setUp('fr', [AI_OBJECT, broken]);
    const error = screen.getByTestId('archive-object-error');
    expect(error.textContent).toMatch(
      /^Cet objet d’annotations est illisible\. Les données sont endommagées ou incomplètes\. Détails/,
    );
    const english = screen.getByText('The file is truncated at byte 4096');
    expect(english.hidden).toBe(true);
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Détails' })));
    expect(english.hidden).toBe(false);
  });
});
