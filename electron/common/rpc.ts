/**
 * The two generic ends of the contract. `dispatch` runs on the engine side (Electron IPC
 * and the web host both use it); `createClient` runs in the renderer over any transport.
 * Both validate with the schemas of contract.ts, so a malformed call or result becomes a
 * typed WorkstationError instead of a crash.
 */
import type { Api, Handlers, Method } from './contract';
import { contract, isMethod } from './contract';
import type { SerializedError } from './errors';
import { ERROR_CODES, WorkstationError, isErrorReason, toWorkstationError } from './errors';
import type { RpcResponse } from './bridge';

export type { Bridge, RpcResponse } from './bridge';
export { BRIDGE_NAME, IPC_CHANNEL } from './bridge';

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Validates, runs and validates again. Never throws: every failure is a response. */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawArgs: unknown,
): Promise<RpcResponse> {
  try {
    if (!isMethod(method)) {
      throw new WorkstationError(
        'invalid_argument',
        `Unknown call: ${String(method).slice(0, 60)}`,
      );
    }
    const spec = contract[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      throw new WorkstationError(
        'invalid_argument',
        `Invalid arguments for ${method}: ${describeIssues(parsed.error)}`,
      );
    }
    const handler = handlers[method] as (args: unknown) => unknown;
    const value: unknown = await handler(parsed.data);
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      throw new WorkstationError(
        'internal',
        `Result of ${method} broke the contract: ${describeIssues(checked.error)}`,
      );
    }
    return { ok: true, value: checked.data };
  } catch (e) {
    return { ok: false, error: toWorkstationError(e).toJSON() };
  }
}

/** Sends one call and returns the raw response; implemented by IPC or HTTP. */
export type Transport = (method: Method, args: unknown) => Promise<RpcResponse>;

function isRpcResponse(x: unknown): x is RpcResponse {
  return typeof x === 'object' && x !== null && 'ok' in x;
}

export function errorFromResponse(error: unknown): WorkstationError {
  const e = (error ?? {}) as Partial<SerializedError>;
  const code = (ERROR_CODES as readonly string[]).includes(e.code ?? '') ? e.code! : 'internal';
  return new WorkstationError(
    code,
    typeof e.message === 'string' ? e.message : 'Unknown error',
    undefined,
    isErrorReason(e.reason) ? e.reason : undefined,
  );
}

/** A typed client for every call of the contract, over `transport`. */
export function createClient(transport: Transport): Api {
  const api = {} as Record<Method, (args: unknown) => Promise<unknown>>;
  for (const method of Object.keys(contract) as Method[]) {
    api[method] = async (args: unknown) => {
      const spec = contract[method];
      const parsedArgs = spec.args.safeParse(args ?? {});
      if (!parsedArgs.success) {
        throw new WorkstationError(
          'invalid_argument',
          `Invalid arguments for ${method}: ${describeIssues(parsedArgs.error)}`,
        );
      }
      const response = await transport(method, parsedArgs.data);
      if (!isRpcResponse(response))
        throw new WorkstationError('internal', `Malformed response to ${method}`);
      if (!response.ok) throw errorFromResponse(response.error);
      const parsed = spec.result.safeParse(response.value);
      if (!parsed.success) {
        throw new WorkstationError(
          'internal',
          `Response to ${method} broke the contract: ${describeIssues(parsed.error)}`,
        );
      }
      return parsed.data;
    };
  }
  return api as unknown as Api;
}
