import { describe, expect, it } from 'vitest';
import { dispatch } from '../../common/rpc';
import { fakeLibrary, fakeWorkstation } from '../testing/fakeWorkstation';

describe('user and session calls (a real workstation, real SQLite)', () => {
  it('creates a profile with a PIN, chooses it, locks and unlocks; the trail names who did what', async () => {
    const ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()] });
    const h = ws.handlers;
    expect(await h.getSession({})).toEqual({ user: null, locked: false, lockAfterMinutes: 15 });
    const claire = await h.saveUser({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    await h.setUserPin({ userId: claire.id, pin: '2468' });
    expect(await h.listUsers({})).toEqual([{ ...claire, hasPin: true }]);

    // Arguments are checked by the contract: a PIN is 4 to 12 digits.
    expect(await dispatch(h, 'chooseUser', { userId: claire.id, pin: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await dispatch(h, 'chooseUser', { userId: claire.id, pin: '1357' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Wrong PIN.' },
    });
    const session = await h.chooseUser({ userId: claire.id, pin: '2468' });
    expect(session.user?.id).toBe(claire.id);
    expect(ws.users.current()?.id).toBe(claire.id);

    const [c] = await h.listCases({});
    const { slides } = await h.getCase({ caseId: c!.id });
    await h.getSlideInfo({ slideId: slides[0]!.id });

    expect(await h.lockSession({})).toMatchObject({ locked: true });
    expect(ws.users.isLocked()).toBe(true);
    expect(await dispatch(h, 'unlockSession', { pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await h.unlockSession({ pin: '2468' })).toMatchObject({ locked: false });
    expect((await h.setLockAfterMinutes({ minutes: 1 })).lockAfterMinutes).toBe(1);

    const trail = [...ws.audit.entries()].map((e) => [e.action, e.userId, e.objectType]);
    expect(trail).toEqual([
      ['user.create', null, 'user'],
      ['user.pin.set', null, 'user'],
      ['session.pin_failed', null, 'user'],
      ['session.choose', claire.id, 'user'],
      // Opening a New case makes it In progress, under the user (worklist/worklistService.ts).
      ['case.status', claire.id, 'case'],
      ['case.open', claire.id, 'case'],
      ['slide.view', claire.id, 'slide'],
      ['session.lock', claire.id, 'user'],
      ['session.pin_failed', claire.id, 'user'],
      ['session.unlock', claire.id, 'user'],
      ['session.lock_delay', claire.id, null],
    ]);
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 11 });
    // No name in the trail: identifiers only.
    expect(JSON.stringify([...ws.audit.entries()])).not.toMatch(/Dupont|Claire/);

    await h.removeUser({ userId: claire.id });
    expect(await h.getSession({})).toMatchObject({ user: null, locked: false });
    await ws.close();
  });

  it('keeps profiles and the lock delay across restarts, but asks again who is working', async () => {
    const first = await fakeWorkstation();
    const u = await first.handlers.saveUser({ name: 'Marc Leroy', title: '', initials: 'ML' });
    await first.handlers.setUserPin({ userId: u.id, pin: '97531' });
    await first.handlers.chooseUser({ userId: u.id, pin: '97531' });
    await first.handlers.setLockAfterMinutes({ minutes: 7 });
    await first.close();
    const second = await fakeWorkstation({ dataDir: first.dataDir });
    expect(await second.handlers.getSession({})).toEqual({
      user: null,
      locked: false,
      lockAfterMinutes: 7,
    });
    expect((await second.handlers.listUsers({})).map((p) => p.name)).toEqual(['Marc Leroy']);
    expect(second.audit.verify()).toMatchObject({ ok: true });
    await second.close();
  });
});
