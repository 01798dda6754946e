/** The signature check (backend/relayer/signature.ts): keys and signatures made here, no chain. */
import { Wallet } from "ethers";
import { describe, expect, test } from "vitest";

import { RelayError } from "../../../backend/relayer/errors.js";
import { createSignatureCheck } from "../../../backend/relayer/signature.js";
import type { RelayRow } from "../../../backend/relayer/store.js";
import { contractInterfaces } from "../../../lib/contracts/interfaces.js";
import { signForwardRequest, type ForwardRequestData } from "../../../lib/relay/forwardRequest.js";
import { addressOf } from "./fixtures.js";

const forwarder = addressOf("BuurtkasForwarder");
const chainId = 31337n;
const resident = Wallet.createRandom();
const data = contractInterfaces.TaskBoard.encodeFunctionData("claim", [1n]);

async function signed(nonce: bigint, signer = resident): Promise<ForwardRequestData> {
  const request = await signForwardRequest(signer, {
    forwarder,
    chainId,
    to: addressOf("TaskBoard"),
    data,
    gas: 200_000n,
    nonce,
    deadline: 2_000_000_000n,
  });
  return { ...request, from: resident.address.toLowerCase() };
}

async function refusal(run: Promise<void>): Promise<RelayError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof RelayError) return error;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe("relayer signature check", () => {
  const known = new Map<string, RelayRow>();
  const check = createSignatureCheck({
    forwarder,
    chainId,
    findBySignature: async (signature) => known.get(signature),
  });

  test("the signer's signature for the current nonce passes", async () => {
    await expect(check(await signed(3n), 3n)).resolves.toBeUndefined();
  });

  test("signed for a used nonce: replayed (nonce_used); for a later one: bad_signature (nonce_ahead)", async () => {
    expect(await refusal(check(await signed(1n), 3n))).toMatchObject({
      status: 409,
      code: "replayed",
      details: { reason: "nonce_used", signedNonce: "1", currentNonce: "3" },
    });
    expect(await refusal(check(await signed(4n), 3n))).toMatchObject({
      status: 400,
      code: "bad_signature",
      details: { reason: "nonce_ahead", signedNonce: "4", currentNonce: "3" },
    });
    // Beyond the look-back and look-ahead windows it is simply not a valid signature.
    expect((await refusal(check(await signed(9n), 3n))).details).toMatchObject({ reason: "signer_mismatch" });
  });

  test("a signature we relayed before is named with its row", async () => {
    const request = await signed(0n);
    known.set(request.signature.toLowerCase(), {
      id: "6b0f1c8e-2f7e-4a51-9d55-0d7c2f4f0a11",
      tx_hash: "0x" + "cd".repeat(32),
      status: "mined",
    } as RelayRow);
    expect(await refusal(check(request, 1n))).toMatchObject({
      status: 409,
      details: { reason: "already_relayed", id: "6b0f1c8e-2f7e-4a51-9d55-0d7c2f4f0a11", status: "mined" },
    });
  });

  test("another key's signature, or a mangled one: signer_mismatch", async () => {
    const forged = await signed(3n, Wallet.createRandom());
    expect(await refusal(check(forged, 3n))).toMatchObject({
      status: 400,
      code: "bad_signature",
      details: { reason: "signer_mismatch", from: resident.address.toLowerCase() },
    });
    const own = await signed(3n);
    const mangled = { ...own, signature: own.signature.slice(0, -2) + "1f" };
    expect((await refusal(check(mangled, 3n))).details).toMatchObject({ reason: "signer_mismatch", recovered: null });
  });
});
