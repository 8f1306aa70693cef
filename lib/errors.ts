// The failure kinds a stage can throw. Stage code throws meaning; the worker runner maps it to BullMQ:
// a PermanentError ends the job at once in a dead-letter record, a HostBusyError delays it, any other error is
// retried with backoff.

/** Retrying cannot help (404, unparseable feed, page over the size cap): dead-letter now, with this reason. */
export class PermanentError extends Error {
  override name = "PermanentError";
}

/**
 * A host already has as many requests in flight as politeness allows (or asks for a pause between them): not a
 * failure of the job, which the worker runner delays by `retryAfterMs` (plus jitter) without using an attempt.
 */
export class HostBusyError extends Error {
  override name = "HostBusyError";
  readonly retryAfterMs: number;
  constructor(host: string, waitedMs: number, retryAfterMs: number) {
    super(`host busy: no free request slot for ${host} (waited ${waitedMs} ms)`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A service newsmon depends on did not answer; names the URL so the operator knows what to fix. */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
  readonly url: string;
  constructor(service: string, url: string, cause: unknown) {
    super(`${service} at ${url} is not reachable: ${describeError(cause)}`, { cause });
    this.url = url;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join("; ");
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause === undefined ? "" : ` (${describeError(error.cause)})`;
    const message = error.message || (typeof code === "string" ? code : error.name);
    return `${message}${cause}`;
  }
  return String(error);
}
