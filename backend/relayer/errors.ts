/**
 * The relayer's refusals as data: an HTTP status, a stable code the front end can switch on, a
 * message a person can read, and details (the offending values). Anything else thrown by the
 * relayer is a bug or an outage, not the caller's fault.
 */
export type RelayErrorCode =
  | "invalid_request"
  | "not_found"
  | "payload_too_large"
  | "target_not_allowed"
  | "function_not_allowed"
  | "bad_signature"
  | "expired"
  | "replayed"
  | "rate_limited"
  | "quota_exceeded"
  | "reverted"
  | "chain_unavailable"
  | "relayer_unavailable";

export class RelayError extends Error {
  override readonly name = "RelayError";
  constructor(
    readonly status: number,
    readonly code: RelayErrorCode,
    message: string,
    readonly details: unknown = null,
    /** Seconds after which trying again may succeed (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toBody(): { error: { code: RelayErrorCode; message: string; details: unknown } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** One problem with the request body, named by its path (`body.request.gas`). */
export interface FieldIssue {
  field: string;
  message: string;
  value?: unknown;
}

export function invalidRequest(issues: FieldIssue[]): RelayError {
  const first = issues[0]!;
  return new RelayError(400, "invalid_request", `${first.field}: ${first.message}`, issues);
}
