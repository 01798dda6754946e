/**
 * The relay routes' input and output, as zod schemas: strings in, bigints out; the OpenAPI
 * document is written from the same schemas.
 */
import { z } from "zod";

const MAX_UINT256 = (1n << 256n) - 1n;
const MAX_UINT48 = (1n << 48n) - 1n;

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");
const uint = (max: bigint, bits: number) =>
  z
    .string()
    .regex(/^\d{1,78}$/, `must be a decimal string (uint${bits})`)
    .transform((value) => BigInt(value))
    .refine((value) => value <= max, `must fit in uint${bits}`);
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "must be 0x-prefixed hex bytes");
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte 0x-prefixed hex signature (r, s, v)");

export const forwardRequestSchema = z.object({
  from: address,
  to: address,
  value: uint(MAX_UINT256, 256),
  gas: uint(MAX_UINT256, 256),
  deadline: uint(MAX_UINT48, 48),
  data: hexBytes
    .refine((value) => value.length >= 10, "must hold at least a 4-byte function selector")
    .refine((value) => value.length <= 2 + 2 * 32_768, "must be at most 32 KiB"),
  /** Optional: the nonce the client signed for; the relayer checks against the forwarder's own. */
  nonce: uint(MAX_UINT256, 256).optional(),
  /** Accepted here too, as `signForwardRequest` returns it inside the request. */
  signature: signature.optional(),
});

export const relayBodySchema = z
  .object({
    request: forwardRequestSchema,
    signature: signature.optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.signature && !body.request.signature)
      ctx.addIssue({ code: "custom", path: ["signature"], message: "is required" });
    if (
      body.signature &&
      body.request.signature &&
      body.signature.toLowerCase() !== body.request.signature.toLowerCase()
    )
      ctx.addIssue({ code: "custom", path: ["request", "signature"], message: "differs from body.signature" });
  });

const uintString = uint(MAX_UINT256, 256);
const bytes = hexBytes.refine((value) => value.length <= 2 + 2 * 1024, "must be at most 1 KiB");

/**
 * An anonymous ballot of a secret round: a first ballot carries its token, a replacement its
 * sequence number; `signature` is the one-time key's EIP-712 SecretBallot signature.
 */
export const anonymousBallotBodySchema = z
  .object({
    roundId: uintString,
    district: z.number().int().min(1).max(0xffffffff),
    selection: uintString,
    signature,
    token: z
      .object({ roundId: uintString, district: z.number().int().min(1).max(0xffffffff), signature: bytes })
      .optional(),
    sequence: uintString.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.token && body.sequence !== undefined)
      ctx.addIssue({ code: "custom", path: ["sequence"], message: "a first ballot (with a token) has no sequence" });
    if (!body.token && body.sequence === undefined)
      ctx.addIssue({ code: "custom", path: ["token"], message: "is required for a first ballot (or give sequence)" });
  });

/** Path parameters of `GET /api/relay/:id`. */
export const relayIdParams = { id: z.uuid({ error: "must be a relay id (UUID)" }) };

/** The answers of `POST /api/relay` and `GET /api/relay/:id`: the API's one schema module. */
export {
  anonymousBallotAccepted as anonymousBallotAcceptedSchema,
  relayAccepted as relayAcceptedSchema,
  relayView as relayViewSchema,
} from "../../lib/api/schemas.js";
