/** The shared web host started by globalSetup.ts (one per run). */
export interface HostEnv {
  baseUrl: string;
  token: string;
  /** Opens the app (the page keeps the token for its tab). */
  entryUrl: string;
  dataDir: string;
}

export function hostEnv(): HostEnv {
  const baseUrl = process.env.E2E_BASE_URL;
  const token = process.env.E2E_TOKEN;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!baseUrl || !token || !dataDir) {
    throw new Error(
      'E2E_BASE_URL/E2E_TOKEN/E2E_DATA_DIR are not set: run through e2e/playwright.config.ts',
    );
  }
  return { baseUrl, token, entryUrl: `${baseUrl}/?token=${token}`, dataDir };
}
