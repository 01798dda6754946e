/**
 * EIP-712 signatures on writes to the content store (lib/content/signing.ts), reusable by every
 * route that takes signed content (the store's own, comments, moderation). A signature proves the
 * author's key wrote this hash at about this time; who may write what is authorization.ts's job.
 */
import { verifyTypedData, type TypedDataField } from "ethers";

import {
  contentDomain,
  contentWriteTypes,
  moderationTypes,
  SIGNATURE_MAX_AGE_SECONDS,
  SIGNATURE_MAX_SKEW_SECONDS,
  type ContentWriteMessage,
  type ModerationMessage,
} from "../../lib/content/index.js";
import { ApiError } from "../api/http.js";

export interface SignatureDeps {
  chainId: number;
  /** The deployment's ResidentRegistry (the domain's verifying contract). */
  registry: string;
  /** Unix seconds now (tests move it). */
  now?: () => number;
}

export interface Signed {
  /** Who claims to have signed (lowercase). */
  signer: string;
  issuedAt: number;
  signature: string;
}

export interface SignatureVerifier {
  /** Throws 400 `signature_expired` or 401 `bad_signature` unless `signed.signer` signed the write. */
  write(message: ContentWriteMessage, signed: Signed, field?: string): void;
  moderation(message: ModerationMessage, signed: Signed, field?: string): void;
  /** Any other message of the content domain (a kind added by another subsystem, e.g. comments). */
  typed(
    types: Record<string, TypedDataField[]>,
    message: Record<string, unknown>,
    signed: Signed,
    field?: string,
  ): void;
}

export function createSignatureVerifier(deps: SignatureDeps): SignatureVerifier {
  const domain = contentDomain(deps.chainId, deps.registry);
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));

  const typed: SignatureVerifier["typed"] = (types, message, signed, field = "body.signature") => {
    const age = now() - signed.issuedAt;
    if (age > SIGNATURE_MAX_AGE_SECONDS || -age > SIGNATURE_MAX_SKEW_SECONDS) {
      throw new ApiError(
        400,
        "signature_expired",
        `body.issuedAt: ${signed.issuedAt} is ${age > 0 ? `${age} s in the past` : `${-age} s in the future`}; sign again (at most ${SIGNATURE_MAX_AGE_SECONDS} s old)`,
        [{ field: "body.issuedAt", message: "too old or in the future", value: signed.issuedAt }],
      );
    }
    let recovered: string | undefined;
    try {
      recovered = verifyTypedData(domain, types, message, signed.signature).toLowerCase();
    } catch {
      recovered = undefined;
    }
    if (recovered !== signed.signer.toLowerCase()) {
      const [type] = Object.keys(types);
      throw new ApiError(
        401,
        "bad_signature",
        `${field}: not ${signed.signer}'s EIP-712 signature of this ${type} (domain "${domain.name}" on chain ${deps.chainId})`,
        [{ field, message: "is not the author's signature", ...(recovered ? { value: recovered } : {}) }],
      );
    }
  };

  return {
    typed,
    write: (message, signed, field) => typed(contentWriteTypes, { ...message }, signed, field),
    moderation: (message, signed, field) => typed(moderationTypes, { ...message }, signed, field),
  };
}
