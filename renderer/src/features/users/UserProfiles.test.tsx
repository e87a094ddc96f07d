import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { WorkstationError } from '../../../../electron/common/errors';
import type { UserProfile, UserSession } from '../../../../electron/common/users/model';
import { renderApp, settle, unnamedControls } from '../../testing/renderApp';

/** Profiles and PINs in memory, with the engine's refusals. */
function profilesEngine() {
  const profiles = new Map<string, UserProfile & { pin: string | null }>();
  let session: UserSession = { user: null, locked: false, lockAfterMinutes: 15 };
  const shown = ({ pin, ...p }: UserProfile & { pin: string | null }): UserProfile => ({
    ...p,
    hasPin: pin !== null,
  });
  let next = 1;
  return {
    profiles,
    handlers: {
      listUsers: () => [...profiles.values()].map(shown),
      getSession: () => session,
      saveUser: (input: { id?: string; name: string; title: string; initials: string }) => {
        const id = input.id ?? `u${next++}`;
        const before = profiles.get(id);
        profiles.set(id, {
          id,
          name: input.name,
          title: input.title,
          initials: input.initials,
          hasPin: false,
          createdAt: '2026-12-03T08:00:00Z',
          pin: before?.pin ?? null,
        });
        return shown(profiles.get(id)!);
      },
      setUserPin: ({
        userId,
        pin,
        currentPin,
      }: {
        userId: string;
        pin: string;
        currentPin?: string;
      }) => {
        const p = profiles.get(userId)!;
        if (p.pin !== null && currentPin !== p.pin)
          throw new WorkstationError('unauthorized', 'The current PIN is wrong.');
        p.pin = pin;
        return shown(p);
      },
      chooseUser: ({ userId }: { userId: string; pin: string }) =>
        (session = { ...session, user: shown(profiles.get(userId)!) }),
      removeUser: ({ userId }: { userId: string }) => {
        profiles.delete(userId);
        return {};
      },
      setLockAfterMinutes: ({ minutes }: { minutes: number }) =>
        (session = { ...session, lockAfterMinutes: minutes }),
    },
  };
}

async function settingsWithEngine() {
  const engine = profilesEngine();
  await renderApp({ handlers: engine.handlers });
  await settle(() => {
    fireEvent.click(screen.getByTestId('nav-settings'));
  });
  await settle();
  return { engine, section: screen.getByTestId('settings-users') };
}

const type = (el: HTMLElement, value: string) =>
  settle(() => {
    fireEvent.change(el, { target: { value } });
  });
const click = (el: HTMLElement) =>
  settle(() => {
    fireEvent.click(el);
  });

describe('Settings → Pathologists', () => {
  it('adds a profile with a PIN typed twice, suggesting the initials', async () => {
    const { engine, section } = await settingsWithEngine();
    expect(section.textContent).toContain('No profile yet');
    await click(within(section).getByTestId('profile-add'));
    await click(within(section).getByTestId('profile-save'));
    expect(within(section).getByTestId('profile-problem').textContent).toBe('Enter the full name.');
    await type(within(section).getByTestId('profile-name'), 'Jean-Marc Le Goff');
    expect(within(section).getByTestId<HTMLInputElement>('profile-initials').value).toBe('JMLG');
    await type(within(section).getByTestId('profile-pin'), '12');
    await click(within(section).getByTestId('profile-save'));
    expect(within(section).getByTestId('profile-problem').textContent).toBe(
      'The PIN must be 4 to 12 digits.',
    );
    await type(within(section).getByTestId('profile-pin'), '1234');
    await type(within(section).getByTestId('profile-pin-confirm'), '1234');
    expect(unnamedControls(section)).toEqual([]);
    await click(within(section).getByTestId('profile-save'));
    await settle();
    expect([...engine.profiles.values()].map((p) => [p.name, p.initials, p.pin])).toEqual([
      ['Jean-Marc Le Goff', 'JMLG', '1234'],
    ]);
  });

  it('changes a PIN only with the current one, and removes a profile after asking', async () => {
    const { engine } = await settingsWithEngine();
    engine.handlers.saveUser({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    engine.handlers.setUserPin({ userId: 'u1', pin: '2468' });
    engine.handlers.chooseUser({ userId: 'u1', pin: '2468' });
    await settle(() => {
      fireEvent.click(screen.getByTestId('settings-close'));
    });
    await settle(() => {
      fireEvent.click(screen.getByTestId('nav-settings'));
    });
    await settle();
    expect(screen.queryByTestId('users-overlay')).toBeNull();
    const users = screen.getByTestId('settings-users');
    expect(users.textContent).toContain('Working now');
    await click(within(users).getByTestId('profile-pin-change'));
    await type(within(users).getByTestId('pin-current'), '1111');
    await type(within(users).getByTestId('pin-new'), '9753');
    await type(within(users).getByTestId('pin-confirm'), '9753');
    await click(within(users).getByTestId('pin-save'));
    await settle();
    expect(within(users).getByTestId('pin-error').textContent).toBe('The current PIN is wrong.');
    await type(within(users).getByTestId('pin-current'), '2468');
    await click(within(users).getByTestId('pin-save'));
    await settle();
    expect(engine.profiles.get('u1')?.pin).toBe('9753');
    await click(within(users).getByTestId('profile-remove'));
    expect(users.textContent).toContain('Remove the profile of Dr Claire Dupont?');
    await click(within(users).getByTestId('profile-remove-confirm'));
    await settle();
    expect(engine.profiles.size).toBe(0);
  });
});
