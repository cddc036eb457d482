/**
 * IPC: one `ipcMain.handle` channel per API method, nothing else. Only the top-level
 * frame of the app's own renderer page may call (Electron security checklist, "validate
 * the sender of all IPC messages"); anyone else gets an `unauthorized` result, as data.
 * Inputs stay `unknown` here: the core parses them against the contract's schemas.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, type ApiMethod, type ApiResult } from '../../contract/methods.ts';
import type { FortressCore } from '../core/app.ts';
import { isTrustedSender, type SenderFrame } from './trusted-url.ts';

type Caller = Pick<FortressCore, 'call'>;

export async function dispatch(
  core: Caller,
  trusted: URL,
  method: ApiMethod,
  frame: SenderFrame | null | undefined,
  input: unknown,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(frame, trusted)) {
    return { ok: false, error: { kind: 'unauthorized', message: `${method}: caller is not the Fortress window` } };
  }
  try {
    return await core.call(method, input);
  } catch (e) {
    // The core promises not to throw; if it does, the renderer still gets data, not a rejected invoke.
    return { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** Registers every method; returns a function that removes them again. */
export function registerIpc(core: Caller, trusted: URL): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, input: unknown) => dispatch(core, trusted, method, event.senderFrame, input));
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(method);
  };
}
