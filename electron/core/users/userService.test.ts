import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/auditLog';
import type { WorkstationDb } from '../db/open';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import { hashPin, verifyPinHash, verifyPinHashSync } from './pinHash';
import { MAX_PIN_FAILURES, PIN_LOCKOUT_MS, UserService } from './userService';

/** Cheap scrypt for the many hashes of these tests; DEFAULT_SCRYPT is checked in pinHash. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

async function setup() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'users-')), 'workstation.db');
  const db: WorkstationDb = await openWorkstationDb(file, memoryLogger());
  const clock = { now: Date.parse('2026-12-03T08:00:00Z') };
  const audit = new AuditLog(db, { workstation: 'ws' });
  const users = new UserService(db, { audit, now: () => clock.now, scrypt: FAST });
  audit.attachUsers(users);
  const actions = () => [...audit.entries()].map((e) => [e.action, e.objectId, e.userId]);
  return { db, clock, audit, users, actions };
}

describe('pinHash', () => {
  it('stores scrypt parameters and a random salt with the hash, and verifies', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPinHash('1234', a)).toBe(true);
    expect(verifyPinHashSync('1234', a)).toBe(true);
    expect(await verifyPinHash('1235', a)).toBe(false);
    // Older, cheaper parameters still verify: the cost can be raised later.
    expect(await verifyPinHash('9876', await hashPin('9876', FAST))).toBe(true);
    expect(await verifyPinHash('1234', 'md5$abc')).toBe(false);
  });
});

describe('UserService', () => {
  it('creates, edits and removes profiles; the PIN hash never leaves the engine', async () => {
    const { db, users, actions } = await setup();
    const claire = users.save({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    expect(claire).toMatchObject({ name: 'Claire Dupont', hasPin: false });
    expect(Object.keys(claire).sort()).toEqual(
      ['createdAt', 'hasPin', 'id', 'initials', 'name', 'title'].sort(),
    );
    await users.setPin(claire.id, '2468');
    expect(
      users.save({ id: claire.id, name: 'Claire Dupont', title: 'Pr', initials: 'CD' }),
    ).toMatchObject({ title: 'Pr', hasPin: true });
    const stored = db.prepare('SELECT pin_hash FROM users').get() as { pin_hash: string };
    expect(stored.pin_hash).not.toContain('2468');
    users.remove(claire.id);
    expect(users.list()).toEqual([]);
    await expect(users.choose(claire.id, '2468')).rejects.toThrow(/does not exist/);
    expect(actions()).toEqual([
      ['user.create', claire.id, null],
      ['user.pin.set', claire.id, null],
      ['user.update', claire.id, null],
      ['user.remove', claire.id, null],
    ]);
  });

  it('changing a PIN asks for the current one', async () => {
    const { users } = await setup();
    const { id } = users.save({ name: 'Marc Leroy', title: 'Dr', initials: 'ML' });
    await users.setPin(id, '1111');
    await expect(users.setPin(id, '2222')).rejects.toThrow(/current PIN/);
    await expect(users.setPin(id, '2222', '9999')).rejects.toThrow(/current PIN is wrong/);
    await users.setPin(id, '2222', '1111');
    expect(users.verifyPin(id, '2222')).toBe(true);
    expect(await users.checkPin(id, '2222')).toBe(true);
    expect(users.verifyPin(id, '1111')).toBe(false);
  });

  it('chooses, switches, locks and unlocks, attributing entries to who is working', async () => {
    const { users, actions } = await setup();
    const a = users.save({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    const b = users.save({ name: 'Marc Leroy', title: 'Dr', initials: 'ML' });
    await users.setPin(a.id, '1234');
    await users.setPin(b.id, '5678');
    expect(users.session()).toMatchObject({ user: null, locked: false, lockAfterMinutes: 15 });
    await expect(users.choose(a.id, '5678')).rejects.toThrow('Wrong PIN.');
    expect(await users.choose(a.id, '1234')).toMatchObject({ user: { id: a.id }, locked: false });
    expect(users.lock()).toMatchObject({ locked: true });
    expect(users.isLocked()).toBe(true);
    // Nothing about profiles changes behind the lock screen.
    expect(() => users.remove(a.id)).toThrow(/locked/);
    expect(() => users.save({ id: b.id, name: 'X', title: '', initials: 'X' })).toThrow(/locked/);
    await expect(users.setPin(b.id, '0000', '5678')).rejects.toThrow(/locked/);
    expect(() => users.setLockAfterMinutes(0)).toThrow(/locked/);
    await expect(users.unlock('5678')).rejects.toThrow('Wrong PIN.');
    expect(users.isLocked()).toBe(true);
    expect(await users.unlock('1234')).toMatchObject({ locked: false });
    users.lock();
    // Another pathologist takes the locked workstation with their own PIN.
    expect(await users.choose(b.id, '5678')).toMatchObject({ user: { id: b.id }, locked: false });
    expect(users.setLockAfterMinutes(5).lockAfterMinutes).toBe(5);
    expect(actions().slice(4)).toEqual([
      ['session.pin_failed', a.id, null],
      ['session.choose', a.id, a.id],
      ['session.lock', a.id, a.id],
      ['session.pin_failed', a.id, a.id],
      ['session.unlock', a.id, a.id],
      ['session.lock', a.id, a.id],
      ['session.switch', b.id, b.id],
      ['session.lock_delay', null, b.id],
    ]);
  });

  it(`refuses a profile for ${PIN_LOCKOUT_MS / 1000} s after ${MAX_PIN_FAILURES} wrong PINs`, async () => {
    const { users, clock } = await setup();
    const { id } = users.save({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
    await users.setPin(id, '1234');
    for (let i = 1; i < MAX_PIN_FAILURES; i++) expect(await users.checkPin(id, '0000')).toBe(false);
    expect(() => users.verifyPin(id, '0000')).toThrow(/5 times in a row.*30 s/);
    expect(() => users.verifyPin(id, '1234')).toThrow(/try again in 30 s/);
    // Even the right PIN is refused meanwhile, with the time left.
    clock.now += 10_000;
    await expect(users.choose(id, '1234')).rejects.toThrow(/try again in 20 s/);
    clock.now += 20_000;
    expect((await users.choose(id, '1234')).user?.id).toBe(id);
  });

  it('keeps the lock delay in workstation.db', async () => {
    const { db, audit } = await setup();
    const first = new UserService(db, { audit, scrypt: FAST });
    first.setLockAfterMinutes(3);
    expect(new UserService(db, { audit, scrypt: FAST }).session().lockAfterMinutes).toBe(3);
  });
});
