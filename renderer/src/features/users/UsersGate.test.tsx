import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { WorkstationError } from '../../../../electron/common/errors';
import type { UserProfile, UserSession } from '../../../../electron/common/users/model';
import { renderApp, settle, unnamedControls } from '../../testing/renderApp';

const claire: UserProfile = {
  id: 'u1',
  name: 'Claire Dupont',
  title: 'Dr',
  initials: 'CD',
  hasPin: true,
  createdAt: '2026-12-03T08:00:00Z',
};

/** A users engine in memory: one profile with PIN 2468. */
function usersEngine(profiles: UserProfile[]) {
  let session: UserSession = { user: null, locked: false, lockAfterMinutes: 15 };
  const check = (pin: string) => {
    if (pin !== '2468') throw new WorkstationError('unauthorized', 'Wrong PIN.');
  };
  return {
    listUsers: () => profiles,
    getSession: () => session,
    chooseUser: ({ pin }: { userId: string; pin: string }) => {
      check(pin);
      return (session = { ...session, user: claire, locked: false });
    },
    lockSession: () => (session = { ...session, locked: true }),
    unlockSession: ({ pin }: { pin: string }) => {
      check(pin);
      return (session = { ...session, locked: false });
    },
  };
}

async function typePin(pin: string) {
  await settle(() => {
    fireEvent.change(screen.getByTestId('pin-input'), { target: { value: pin } });
  });
  await settle(() => {
    fireEvent.click(screen.getByTestId('pin-submit'));
  });
  await settle();
}

describe('UsersGate', () => {
  it('with no profile, works as before and offers to create one', async () => {
    await renderApp({ handlers: usersEngine([]) });
    await settle();
    expect(screen.queryByTestId('users-overlay')).toBeNull();
    expect(screen.getByTestId('user-create').textContent).toBe('Create a profile');
  });

  it('asks who is working, refuses a wrong PIN, then shows the user in the header', async () => {
    await renderApp({ handlers: usersEngine([claire]) });
    await settle();
    expect(screen.getByTestId('user-chooser')).toBeTruthy();
    // Keys outside the layer never reach the screens' shortcuts.
    const outside = new KeyboardEvent('keydown', { key: '2', bubbles: true, cancelable: true });
    let reached = false;
    const listener = () => (reached = true);
    window.addEventListener('keydown', listener);
    document.body.dispatchEvent(outside);
    window.removeEventListener('keydown', listener);
    expect([outside.defaultPrevented, reached]).toEqual([true, false]);
    await settle(() => {
      fireEvent.click(screen.getByTestId('user-choice'));
    });
    await typePin('1111');
    expect(screen.getByTestId('pin-error').textContent).toBe('Wrong PIN.');
    expect(screen.getByTestId<HTMLInputElement>('pin-input').value).toBe('');
    expect(unnamedControls(screen.getByTestId('users-overlay'))).toEqual([]);
    await typePin('2468');
    expect(screen.queryByTestId('users-overlay')).toBeNull();
    expect(screen.getByTestId('user-menu').textContent).toBe('CDDr Claire Dupont');
  });

  it('locks from the header menu, hiding the screen, and unlocks with the PIN', async () => {
    await renderApp({ handlers: usersEngine([claire]) });
    await settle();
    await settle(() => {
      fireEvent.click(screen.getByTestId('user-choice'));
    });
    await typePin('2468');
    await settle(() => {
      fireEvent.click(screen.getByTestId('user-menu'));
    });
    await settle(() => {
      fireEvent.click(screen.getByTestId('user-lock'));
    });
    await settle();
    expect(screen.getByTestId('lock-screen').textContent).toContain('Workstation locked');
    await typePin('2468');
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });
});
