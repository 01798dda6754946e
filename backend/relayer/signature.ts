/**
 * The signature check: the request must be signed by `from` for the forwarder's current nonce.
 * When it is not, the answer says why — relayed before (same signature in our table), signed for
 * a nonce already used (a replay of a request sent elsewhere), signed for a later nonce (an
 * earlier request still pending), or simply not `from`'s signature.
 */
import { forwardRequestSigner, type ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import { RelayError } from "./errors.js";
import type { RelayRow } from "./store.js";

/**
 * How far back a signature is tried against used nonces to tell a replay from a bad signature
 * (requests this relayer sent are found by their signature, however old). Each try is an ECDSA
 * recovery that anyone can make us do with a junk signature, so the window stays small.
 */
export const REPLAY_LOOKBACK = 4n;
/** How far ahead, to tell "signed for a later nonce" from a bad signature. */
export const NONCE_LOOKAHEAD = 2n;

export interface SignatureCheckDeps {
  /** The forwarder's address (the EIP-712 domain's verifying contract). */
  forwarder: string;
  chainId: bigint;
  /** The latest relayed request with exactly this (lowercase) signature. */
  findBySignature(signature: string): Promise<RelayRow | undefined>;
}

/** Resolves when `request` (with a lowercase `from`) is `from`'s for `nonce`; throws the refusal otherwise. */
export type SignatureCheck = (request: ForwardRequestData, nonce: bigint) => Promise<void>;

export function createSignatureCheck(deps: SignatureCheckDeps): SignatureCheck {
  const signerFor = (request: ForwardRequestData, nonce: bigint): string | undefined => {
    try {
      return forwardRequestSigner(request, deps.forwarder, deps.chainId, nonce).toLowerCase();
    } catch {
      return undefined;
    }
  };

  return async (request, nonce) => {
    const from = request.from;
    if (signerFor(request, nonce) === from) return;
    const earlier = await deps.findBySignature(request.signature.toLowerCase());
    if (earlier) throw replayOf(earlier, "already_relayed");
    for (let used = nonce - 1n; used >= 0n && used >= nonce - REPLAY_LOOKBACK; used--) {
      if (signerFor(request, used) === from) {
        throw new RelayError(
          409,
          "replayed",
          `nonce ${used} of ${from} was already used (the forwarder is at ${nonce})`,
          {
            reason: "nonce_used",
            signedNonce: used.toString(),
            currentNonce: nonce.toString(),
          },
        );
      }
    }
    for (let later = nonce + 1n; later <= nonce + NONCE_LOOKAHEAD; later++) {
      if (signerFor(request, later) === from) {
        throw new RelayError(
          400,
          "bad_signature",
          `signed for nonce ${later}, but the forwarder's nonce for ${from} is ${nonce} (an earlier request may still be pending)`,
          { reason: "nonce_ahead", signedNonce: later.toString(), currentNonce: nonce.toString() },
        );
      }
    }
    throw new RelayError(400, "bad_signature", `the signature is not ${from}'s for this request`, {
      reason: "signer_mismatch",
      from,
      recovered: signerFor(request, nonce) ?? null,
      nonce: nonce.toString(),
    });
  };
}

/** 409 for a request we already hold a row for. */
export function replayOf(row: RelayRow, reason: "already_relayed" | "in_flight"): RelayError {
  return new RelayError(
    409,
    "replayed",
    reason === "in_flight"
      ? "a request for this account and nonce was already accepted"
      : "this request was relayed before",
    { reason, id: row.id, txHash: row.tx_hash, status: publicStatus(row.status) },
  );
}

export function publicStatus(status: RelayRow["status"]): "pending" | "mined" | "failed" {
  return status === "queued" ? "pending" : status;
}
