/**
 * Archive passwords and tokens sealed with Electron's safeStorage, and a truthful account
 * of what that protects. safeStorage reports encryption as available on Linux even when no
 * keyring answers: it then falls back to its `basic_text` backend, a key written in
 * Chromium's source, which only obfuscates. Settings → Archives says so.
 */
import type { SecretStorage } from '../common/contract';
import type { SecretBox } from '../core/archive/secretBox';
import { plainSecretBox } from '../core/archive/secretBox';

/** Linux backends that keep the key in a keyring unlocked by the user's session. */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set([
  'gnome_libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
]);

/** What safeStorage offers on this system, as `secretStorageOf` needs it. */
export interface SafeStorageFacts {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()`, asked on Linux only; null elsewhere. */
  linuxBackend: string | null;
}

/**
 * How well sealed secrets are protected. Windows (DPAPI) and macOS (Keychain) seal with the
 * user's OS credentials; Linux does only through a keyring (libsecret, KWallet). Anything
 * else (`basic_text`, `unknown` before ready, an unrecognised name, another platform) is
 * taken as obfuscation only.
 */
export function secretStorageOf(facts: SafeStorageFacts): SecretStorage {
  if (!facts.encryptionAvailable) return 'plain';
  if (facts.platform === 'win32' || facts.platform === 'darwin') return 'keychain';
  if (facts.platform === 'linux' && facts.linuxBackend !== null)
    return LINUX_KEYRINGS.has(facts.linuxBackend) ? 'keychain' : 'obfuscated';
  return 'obfuscated';
}

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export function safeStorageFacts(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): SafeStorageFacts {
  let linuxBackend: string | null = null;
  if (platform === 'linux') {
    try {
      linuxBackend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    } catch {
      linuxBackend = 'unknown';
    }
  }
  return { platform, encryptionAvailable: safeStorage.isEncryptionAvailable(), linuxBackend };
}

/**
 * Seals with safeStorage when it is available (even if it only obfuscates: better than
 * plain), and says which protection that is. Call after the app's 'ready'.
 */
export function safeStorageSecretBox(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): SecretBox {
  const storage = secretStorageOf(safeStorageFacts(safeStorage, platform));
  if (storage === 'plain') return plainSecretBox;
  return {
    storage,
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}
