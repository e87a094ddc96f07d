import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Api } from '../../../../electron/common/contract';
import type { ReportState } from '../../../../electron/common/reports/model';
import { EMPTY_SECTIONS } from '../../../../electron/common/reports/model';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi } from '../../testing/fakeApi';
import { SignOutDialog } from '../report/SignOutDialog';

const signed = (caseId: string): ReportState => ({
  caseId,
  status: 'signed',
  content: { templateId: null, sections: { ...EMPTY_SECTIONS }, synoptic: {}, snapshotIds: [] },
  version: 1,
  savedAt: null,
  signature: null,
  overrides: [],
  addenda: [],
  snapshots: [],
});

async function renderDialog(caseId: string) {
  const fake = createFakeApi({ systemLocale: 'en-GB' });
  const signedCases: string[] = [];
  const api = {
    ...fake.api,
    checkSignOut: () => Promise.resolve([]),
    signReport: ({ caseId: id }: { caseId: string }) => {
      signedCases.push(id);
      return Promise.resolve(signed(id));
    },
  } as Api;
  const store = createAppStore({ api, tileBase: '/tiles', browserLocale: 'en' });
  await store.getState().loadSettings();
  await store.getState().loadCases();
  // The dialog is shown over an open case (it reads the case's slides).
  const summary = store.getState().cases.find((c) => c.id === caseId)!;
  store.setState({ openCase: { summary, slides: [] }, caseStatus: 'ready' });
  let closedWith: ReportState | null = null;
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n('en')}>
        <SignOutDialog
          caseId={caseId}
          template={null}
          onClose={() => undefined}
          onGoTo={() => undefined}
          onSigned={(state) => (closedWith = state)}
        />
      </I18nextProvider>
    </StoreProvider>,
  );
  return { store, signedCases, closed: () => closedWith };
}

describe('Sign and go to next case', () => {
  it('signs, then opens the next case of the worklist as sorted and filtered', async () => {
    // Frozen, urgent, then routine; the signed routine case is hidden.
    const { store, signedCases, closed } = await renderDialog('C-urgent');
    fireEvent.change(screen.getByTestId('sign-pin'), { target: { value: '1234' } });
    await act(async () => {
      fireEvent.click(await screen.findByTestId('sign-next'));
    });
    expect(signedCases).toEqual(['C-urgent']);
    expect(closed()?.caseId).toBe('C-urgent');
    expect(store.getState().route).toEqual({ name: 'case', caseId: 'C-routine-old' });
  });

  it('offers no "next" on the last case of the list', async () => {
    await renderDialog('C-routine-old');
    expect(await screen.findByTestId('sign-submit')).toBeTruthy();
    expect(screen.queryByTestId('sign-next')).toBeNull();
  });
});
