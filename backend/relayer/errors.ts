/**
 * The relayer's refusals as data: an HTTP status, a stable code the front end can switch on, a
 * message a person can read, and details (the offending values). A RelayError is an ApiError, so
 * the API's one error middleware renders it as `{ error: { code, message, details } }`; anything
 * else thrown by the relayer is a bug or an outage, not the caller's fault.
 */
import { ApiError, type FieldIssue } from "../api/http.js";

export type { FieldIssue } from "../api/http.js";

export type RelayErrorCode =
  | "invalid_request"
  | "not_found"
  | "target_not_allowed"
  | "function_not_allowed"
  | "not_eligible"
  | "bad_signature"
  | "expired"
  | "replayed"
  | "rate_limited"
  | "quota_exceeded"
  | "reverted"
  | "gas_too_high"
  | "chain_unavailable"
  | "relayer_unavailable";

export class RelayError extends ApiError {
  override readonly name = "RelayError";
  constructor(
    status: number,
    override readonly code: RelayErrorCode,
    message: string,
    details: unknown = null,
    /** Seconds after which trying again may succeed (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(status, code, message, details);
  }
}

/** A 400 naming each bad field (`body.request.gas`), the first one in the message. */
export function invalidRequest(issues: FieldIssue[]): RelayError {
  const first = issues[0]!;
  return new RelayError(400, "invalid_request", `${first.field}: ${first.message}`, issues);
}
