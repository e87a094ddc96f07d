/**
 * Calls the engine of the shared host the way the renderer does (POST /api/<method>), to
 * read state behind the UI and to restore shared settings after a test. The token goes as a
 * bearer header, so any request context works (a page's, or the `request` fixture).
 */
import type { APIRequestContext } from '@playwright/test';
import type { ArgsOf, Method, ResultOf } from '../../electron/common/contract';
import { hostEnv } from './env';

export async function callApi<M extends Method>(
  request: APIRequestContext,
  method: M,
  args: ArgsOf<M>,
): Promise<ResultOf<M>> {
  const { baseUrl, token } = hostEnv();
  const response = await request.post(`${baseUrl}/api/${method}`, {
    data: args,
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as
    { ok: true; value: ResultOf<M> } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
  return body.value;
}
