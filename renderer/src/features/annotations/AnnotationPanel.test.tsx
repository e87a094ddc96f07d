/**
 * The annotation panel in jsdom over the fake engine: list with class and measurement,
 * rename, re-class, delete, hidden classes, a new class, the pixel-size-unknown case,
 * import refused, and the high-power field setting.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi, fakeSlideInfo } from '../../testing/fakeApi';
import { settle, unnamedControls } from '../../testing/renderApp';
import { AnnotationPanel } from './AnnotationPanel';
import { slidePoint as p } from './geometry';
import { HpfSetting } from './HpfSetting';
import { boxGeometry } from './shapes';

const SLIDE = 'C-urgent-S1';

async function setup(options: { mpp?: boolean; language?: 'en' | 'fr' } = {}) {
  const fake = createFakeApi({ settings: { language: options.language ?? 'en' } });
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadSettings();
  const info = fakeSlideInfo(SLIDE);
  store.setState({ slideInfo: options.mpp === false ? { ...info, mpp: null } : info });
  await store.getState().loadAnnotations(SLIDE);
  await store.getState().loadAnnotationClasses();
  const shown: string[] = [];
  const view = render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n(store.getState().language)}>
        <AnnotationPanel onShow={(a) => shown.push(a.id)} fileName="x.geojson" />
        <HpfSetting />
      </I18nextProvider>
    </StoreProvider>,
  );
  const s = () => store.getState();
  const add = async (classId: string | null = 'tumour') => {
    let id = '';
    await act(async () => {
      id =
        s().createAnnotation(
          // 4000 × 4000 px at 0.2522 µm/px: 1.0088 mm a side.
          { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 0), p(4000, 4000)) },
          { classId },
        )?.id ?? '';
      await s().annotationsSettled();
    });
    return id;
  };
  return { fake, store, s, view, shown, add };
}

describe('AnnotationPanel', () => {
  it('lists each annotation with its class and measurement, and shows it on click', async () => {
    const { add, shown, view } = await setup();
    const id = await add();
    const row = screen.getByTestId('annotation-row');
    expect(row.textContent).toContain('Rectangle 1');
    expect(row.textContent).toContain('Tumour');
    expect(within(row).getByTestId('annotation-measure').textContent).toBe(
      '1.02\u00a0mm²perimeter 4.04\u00a0mm',
    );
    await settle(() => fireEvent.click(within(row).getAllByRole('button')[0]!));
    expect(shown).toEqual([id]);
    expect(row.getAttribute('aria-current')).toBe('true');
    expect(unnamedControls(view.container)).toEqual([]);
  });

  it('renames, re-classes and deletes in the selected row, each change saved', async () => {
    const { add, fake, s } = await setup();
    const id = await add();
    act(() => s().selectAnnotation(id));
    const name = screen.getByTestId('annotation-name');
    await settle(() => {
      fireEvent.change(name, { target: { value: 'Front edge' } });
      fireEvent.keyDown(name, { key: 'Enter' });
    });
    await settle(() => {
      fireEvent.change(screen.getByTestId('annotation-class'), { target: { value: 'stroma' } });
    });
    await act(() => s().annotationsSettled());
    expect(fake.annotations.get(id)).toMatchObject({ name: 'Front edge', classId: 'stroma' });
    expect(s().annotationHistory.undoLabel).toBe('reclass');
    await settle(() => fireEvent.click(screen.getByTestId('annotation-delete')));
    await act(() => s().annotationsSettled());
    expect(fake.annotations.has(id)).toBe(false);
    expect(screen.queryAllByTestId('annotation-row')).toHaveLength(0);
  });

  it('hides a class from the slide and the list', async () => {
    const { add, s } = await setup();
    await add('tumour');
    await add('stroma');
    const eye = screen
      .getAllByTestId('class-visibility')
      .find((b) => b.dataset.classId === 'tumour')!;
    expect(eye.getAttribute('aria-label')).toBe('Hide Tumour on the slide');
    await settle(() => fireEvent.click(eye));
    expect(s().hiddenClassIds).toEqual(['tumour']);
    expect(screen.getAllByTestId('annotation-row')).toHaveLength(1);
    expect(eye.getAttribute('aria-pressed')).toBe('false');
  });

  it('creates a class with its French and English names and colour', async () => {
    const { s } = await setup({ language: 'fr' });
    await settle(() => fireEvent.click(screen.getByText('Nouvelle classe…')));
    fireEvent.change(screen.getByLabelText('Nom en français'), {
      target: { value: 'Cellules de Reed' },
    });
    fireEvent.change(screen.getByLabelText('Nom en anglais'), { target: { value: 'Reed cells' } });
    await settle(() => fireEvent.click(screen.getByText('Créer')));
    const created = s().annotationClasses.find((c) => !c.builtIn);
    expect(created).toMatchObject({ names: { fr: 'Cellules de Reed', en: 'Reed cells' } });
    expect(created?.colour).toMatch(/^#[0-9a-f]{6}$/);
    // In the class list and in the class choices.
    expect(screen.getAllByText('Cellules de Reed').length).toBeGreaterThan(1);
  });

  it('measures in pixels and says so when the slide gives no pixel size', async () => {
    const { add } = await setup({ mpp: false });
    await add();
    const measure = screen.getByTestId('annotation-measure');
    expect(measure.textContent).toContain('16,000,000\u00a0px²');
    expect(measure.textContent).toContain('pixel size unknown');
    expect(measure.textContent).not.toMatch(/µm|mm/);
  });

  it('shows the engine’s message when an import is refused, and imports nothing', async () => {
    const { s } = await setup();
    const input = screen.getByTestId<HTMLInputElement>('annotations-import-file');
    const text = '{"features":[{"geometry":{"type":"Polygon"}}]}';
    const file = new File([text], 'bad.geojson');
    // jsdom's File has no text() (browsers and Electron do).
    Object.defineProperty(file, 'text', { value: () => Promise.resolve(text) });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
      await new Promise((r) => setTimeout(r, 0));
    });
    const message = await screen.findByTestId('annotations-io-message');
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.querySelector('strong')?.textContent).toBe('Nothing was imported.');
    // The engine's words sit behind "Details", never inside the sentence.
    expect(screen.getByText('Feature 1: only points here.').hidden).toBe(true);
    expect(s().annotations).toHaveLength(0);
  });

  it('saves the high-power field diameter, within its bounds', async () => {
    const { fake } = await setup();
    const field = screen.getByTestId<HTMLInputElement>('hpf-diameter');
    expect(field.value).toBe('0.55');
    fireEvent.change(field, { target: { value: '2' } });
    await settle(() => fireEvent.click(screen.getByTestId('hpf-save')));
    expect(screen.getByText('Enter a number between 0.3 and 1.')).toBeTruthy();
    fireEvent.change(field, { target: { value: '0,5' } });
    await settle(() => fireEvent.click(screen.getByTestId('hpf-save')));
    expect(fake.settings().hpfFieldDiameterMm).toBe(0.5);
  });
});
