/**
 * Seals archive credentials at rest. Electron's main process passes one backed by
 * safeStorage; the web host, which has no keychain, stores them as they are, in the data
 * folder that only the user can read. Settings says which (`storage`), truthfully: on Linux
 * without a keyring safeStorage only obfuscates (see electron/main/secretStorage.ts).
 */
import type { SecretStorage } from '../../common/contract';

export interface SecretBox {
  /** How well sealed secrets are protected, shown in Settings → Archives. */
  readonly storage: SecretStorage;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const plainSecretBox: SecretBox = {
  storage: 'plain',
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};
