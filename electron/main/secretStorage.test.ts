import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from './secretStorage';
import { safeStorageSecretBox, secretStorageOf } from './secretStorage';

describe('secretStorageOf', () => {
  it('trusts DPAPI, the macOS Keychain and Linux keyrings', () => {
    expect(
      secretStorageOf({ platform: 'win32', encryptionAvailable: true, linuxBackend: null }),
    ).toBe('keychain');
    expect(
      secretStorageOf({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null }),
    ).toBe('keychain');
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])
      expect(
        secretStorageOf({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend }),
      ).toBe('keychain');
  });

  it('says obfuscated for basic_text, unknown or unrecognised backends, even when "available"', () => {
    for (const backend of ['basic_text', 'unknown', 'something_new'])
      expect(
        secretStorageOf({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend }),
      ).toBe('obfuscated');
    expect(
      secretStorageOf({ platform: 'freebsd', encryptionAvailable: true, linuxBackend: null }),
    ).toBe('obfuscated');
  });

  it('says plain when safeStorage cannot encrypt at all', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const)
      expect(
        secretStorageOf({ platform, encryptionAvailable: false, linuxBackend: 'gnome_libsecret' }),
      ).toBe('plain');
  });
});

describe('safeStorageSecretBox', () => {
  const fake = (backend: string, available = true): SafeStorageLike & { asked: number } => {
    const s = {
      asked: 0,
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => {
        s.asked++;
        return backend;
      },
      encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8'),
    };
    return s;
  };

  it('seals through safeStorage and reports basic_text as obfuscated', () => {
    const box = safeStorageSecretBox(fake('basic_text'), 'linux');
    expect(box.storage).toBe('obfuscated');
    const sealed = box.seal('secret');
    expect(sealed.toString()).not.toBe('secret');
    expect(box.open(sealed)).toBe('secret');
    expect(safeStorageSecretBox(fake('gnome_libsecret'), 'linux').storage).toBe('keychain');
  });

  it('asks for the backend on Linux only, and falls back to plain without encryption', () => {
    const windows = fake('basic_text');
    expect(safeStorageSecretBox(windows, 'win32').storage).toBe('keychain');
    expect(windows.asked).toBe(0);
    const none = safeStorageSecretBox(fake('gnome_libsecret', false), 'linux');
    expect(none.storage).toBe('plain');
    expect(none.seal('x').toString()).toBe('x');
  });
});
