import type { StepUpBroker } from './step-up.ts';

/** Saves a blob under a name, the way a download link would. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is only freed after it had time to.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `attachment; filename="x.csv"` → `x.csv`, else the fallback. */
export function filenameOf(disposition: string | null, fallback: string): string {
  return disposition?.match(/filename="([^"\\/]+)"/)?.[1] ?? fallback;
}

export type DownloadOutcome = 'saved' | 'cancelled' | 'signed_out' | 'failed';

async function reasonIn(response: Response): Promise<string | undefined> {
  if (!response.headers.get('content-type')?.includes('application/json')) return undefined;
  // The route's refusals have the tRPC error's shape: `{ error: { data: { reason } } }`.
  const body = (await response.json().catch(() => null)) as {
    error?: { data?: { reason?: unknown } };
  } | null;
  const reason = body?.error?.data?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * A file from a GET route that may need a step-up (the audit CSV, SPEC §13): a 403
 * STEP_UP_REQUIRED opens the step-up modal and the request is sent again once. The file is
 * read whole before it is saved (a download link cannot show the modal first).
 */
export async function downloadWithStepUp(
  href: string,
  fallbackName: string,
  stepUp: StepUpBroker,
): Promise<DownloadOutcome> {
  const get = () => fetch(href, { credentials: 'same-origin', cache: 'no-store' });
  let response = await get();
  if (response.status === 403 && (await reasonIn(response)) === 'STEP_UP_REQUIRED') {
    if (!(await stepUp.request())) return 'cancelled';
    response = await get();
  }
  if (response.status === 401) return 'signed_out';
  if (!response.ok) return 'failed';
  saveBlob(
    await response.blob(),
    filenameOf(response.headers.get('content-disposition'), fallbackName),
  );
  return 'saved';
}
