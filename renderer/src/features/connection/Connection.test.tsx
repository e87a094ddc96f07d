import { describe, it, expect } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { press, renderApp, settle, unnamedControls } from '../../testing/renderApp';

async function withArchive() {
  const app = await renderApp({ archive: true });
  await act(async () => {
    await app.store.getState().pollStatus();
  });
  return app;
}

const poll = (app: Awaited<ReturnType<typeof withArchive>>) =>
  act(async () => {
    await app.store.getState().pollStatus();
  });

describe('connection', () => {
  it('shows the archive online, then a banner naming it while unreachable, gone when it is back', async () => {
    const app = await withArchive();
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.state).toBe('online');
    expect(status.textContent).toContain('Online');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(document.title).toBe('Lille Pathology Workstation');

    app.fake.engine.archives[0]!.state = 'offline';
    await poll(app);
    expect(screen.getByTestId('connection-status').dataset.state).toBe('offline');
    const banner = screen.getByTestId('offline-banner');
    expect(banner.textContent).toContain('Archive “PACS CHU” unreachable — working offline');
    expect(document.title).toBe('Lille Pathology Workstation — Offline');

    app.fake.engine.archives[0]!.state = 'online';
    await poll(app);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.getByTestId('connection-status').dataset.state).toBe('online');
    expect(app.store.getState().reconnects).toBe(1);
  });

  it('speaks French in the banner', async () => {
    const app = await renderApp({ archive: true, settings: { language: 'fr' } });
    app.fake.engine.archives[0]!.state = 'offline';
    await poll(app);
    expect(screen.getByTestId('offline-banner').textContent).toContain(
      'Archive «\u00a0PACS CHU\u00a0» injoignable — travail hors ligne',
    );
    expect(screen.getByTestId('connection-status').textContent).toContain('Hors ligne');
  });

  it('tries the unreachable archive again on demand', async () => {
    const app = await withArchive();
    app.fake.engine.archives[0]!.state = 'offline';
    await poll(app);
    await settle(() => {
      fireEvent.click(within(screen.getByTestId('offline-banner')).getByRole('button'));
    });
    await poll(app);
    expect(app.fake.calls.some((c) => c.method === 'testArchive')).toBe(true);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('says when there is no archive at all', async () => {
    const app = await renderApp();
    await poll(app);
    expect(screen.getByTestId('connection-status').dataset.state).toBe('none');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});

describe('downloads', () => {
  it('shows progress in the worklist, and "on this computer" for local cases', async () => {
    await withArchive();
    const row = screen
      .getAllByTestId('worklist-row')
      .find((r) => r.dataset.caseId === 'C-archive')!;
    const progress = within(row).getByTestId('case-progress');
    expect(progress.dataset).toMatchObject({ done: '450', total: '1000', state: 'running' });
    expect(progress.textContent).toContain('45%');
    expect(progress.textContent).toContain('Downloading');
    const local = screen
      .getAllByTestId('worklist-row')
      .find((r) => r.dataset.caseId === 'C-frozen')!;
    expect(within(local).queryByTestId('case-progress')).toBeNull();
    expect(within(local).getByTestId('case-local').textContent).toBe('On this computer');
  });

  it('lists the queue in a panel that the keyboard opens and Esc closes', async () => {
    const app = await withArchive();
    const button = screen.getByTestId('downloads-button');
    expect(button.dataset.count).toBe('1');
    expect(button.getAttribute('aria-label')).toBe('Downloads: 1 case in progress');
    await settle(() => {
      button.focus();
      fireEvent.click(button);
    });
    const panel = screen.getByTestId('downloads-panel');
    expect(within(panel).getByText('H24-00200')).toBeTruthy();
    expect(within(panel).getByText('BERNARD Claire')).toBeTruthy();
    expect(unnamedControls(panel)).toEqual([]);
    await settle(() => {
      fireEvent.click(within(panel).getByTestId('download-pause'));
    });
    await poll(app);
    expect(app.fake.engine.downloads[0]?.state).toBe('paused');
    expect(
      within(screen.getByTestId('downloads-panel')).getByTestId('download-resume'),
    ).toBeTruthy();
    await settle(() => {
      fireEvent.click(
        within(screen.getByTestId('downloads-panel')).getByTestId('downloads-pause-all'),
      );
    });
    expect(screen.getByTestId('downloads-summary').textContent).toBe('Downloads are paused.');
    // Esc closes the panel and nothing else (the worklist filter is untouched, no navigation)
    await press('Escape');
    expect(screen.queryByTestId('downloads-panel')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('downloads-button'));
    expect(app.store.getState().route.name).toBe('worklist');
  });

  it('says that downloads wait for the archive while it is unreachable', async () => {
    const app = await withArchive();
    app.fake.engine.archives[0]!.state = 'offline';
    await poll(app);
    await settle(() => {
      fireEvent.click(screen.getByTestId('downloads-button'));
    });
    const summary = screen.getByTestId('downloads-summary');
    expect(summary.textContent).toBe('Downloads wait until the archive can be reached again.');
    expect(summary.dataset.reasons).toBe('unavailable');
  });

  it('does not let Esc in the panel take the case view back to the worklist', async () => {
    const app = await withArchive();
    await act(async () => {
      await app.store.getState().showCase('C-archive');
    });
    await settle(() => {
      fireEvent.click(screen.getByTestId('downloads-button'));
    });
    await press('Escape');
    expect(screen.queryByTestId('downloads-panel')).toBeNull();
    expect(app.store.getState().route.name).toBe('case');
  });
});

describe('available offline', () => {
  it('pins an archive case from its header and shows its progress', async () => {
    const app = await withArchive();
    await act(async () => {
      await app.store.getState().showCase('C-archive');
    });
    const toggle = screen.getByTestId('offline-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect((toggle as HTMLButtonElement).disabled).toBe(false);
    await settle(() => {
      fireEvent.click(toggle);
    });
    await poll(app);
    expect(screen.getByTestId('offline-toggle').getAttribute('aria-pressed')).toBe('true');
    const progress = screen.getByTestId('offline-progress');
    expect(progress.dataset.pinned).toBe('true');
    // the engine finishes the download
    Object.assign(app.fake.engine.downloads[0]!, { state: 'done', tilesDone: 1000 });
    await poll(app);
    expect(screen.getByTestId('offline-progress').dataset.state).toBe('done');
    expect(screen.getByTestId('offline-progress').textContent).toContain('100%');
    expect(screen.getByRole('img', { name: 'Available offline' })).toBeTruthy();
  });

  it('is disabled, with the reason, for a case stored on this computer', async () => {
    const app = await withArchive();
    await act(async () => {
      await app.store.getState().showCase('C-frozen');
    });
    const toggle = screen.getByTestId<HTMLButtonElement>('offline-toggle');
    expect(toggle.disabled).toBe(true);
    const hint = document.getElementById(toggle.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('Stored on this computer: always available offline.');
  });
});
