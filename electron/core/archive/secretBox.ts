/**
 * Seals archive credentials at rest. Electron's main process passes one backed by the
 * operating system keychain (safeStorage); the web host, which has no keychain, stores
 * them as they are, in the data folder that only the user can read.
 */
export interface SecretBox {
  /** Whether sealed secrets are protected by the OS (shown in Settings). */
  readonly protectedByOs: boolean;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const plainSecretBox: SecretBox = {
  protectedByOs: false,
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};
