/** Simulation (backend/relayer/simulation.ts) against a scripted provider: reverts decoded, the gas cap. */
import type { Provider, TransactionRequest } from "ethers";
import { describe, expect, test } from "vitest";

import { silentLogger } from "../../../backend/logger/index.js";
import { RelayError } from "../../../backend/relayer/errors.js";
import { createSimulator } from "../../../backend/relayer/simulation.js";
import type { RelayRow } from "../../../backend/relayer/store.js";
import { contractInterfaces } from "../../../lib/contracts/interfaces.js";
import { addressOf, request } from "./fixtures.js";

const forwarder = addressOf("BuurtkasForwarder");
const revertWith = (data: string) => Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data });
const failedCall = contractInterfaces.BuurtkasForwarder.encodeErrorResult("FailedCall", []);

interface Script {
  /** What eth_call answers: from the forwarder (the inner call) or from the relayer (execute). */
  outer?: () => string;
  inner?: () => string;
  estimate?: bigint;
}

function simulatorFor(script: Script, known: Record<string, RelayRow> = {}) {
  const provider = {
    call: async (tx: TransactionRequest) => {
      const answer = String(tx.from).toLowerCase() === forwarder ? script.inner : script.outer;
      return answer ? answer() : "0x";
    },
    estimateGas: async () => script.estimate ?? 80_000n,
  } as unknown as Provider;
  return createSimulator({
    provider,
    forwarder,
    relayerAddress: Promise.resolve("0x" + "77".repeat(20)),
    logger: silentLogger,
    maxGas: 200_000n,
    gasHeadroomPercent: 25,
    findBySignature: async (signature, exceptId) => {
      const row = known[signature];
      return row && row.id !== exceptId ? row : undefined;
    },
  });
}

const claim = request(addressOf("TaskBoard"), contractInterfaces.TaskBoard.encodeFunctionData("claim", [7n]));

async function refusal(run: Promise<unknown>): Promise<RelayError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof RelayError) return error;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe("relayer simulation", () => {
  test("the gas limit is the estimate with headroom, never above the cap; an estimate above it is refused", async () => {
    expect(await simulatorFor({ estimate: 80_000n }).simulate(claim, "TaskBoard", "0x", "own")).toBe(100_000n);
    expect(await simulatorFor({ estimate: 190_000n }).simulate(claim, "TaskBoard", "0x", "own")).toBe(200_000n);
    expect(await refusal(simulatorFor({ estimate: 200_001n }).simulate(claim, "TaskBoard", "0x", "own"))).toMatchObject(
      { status: 422, code: "gas_too_high", details: { estimate: "200001", limit: "200000" } },
    );
  });

  test("FailedCall: the target's own error comes from replaying the inner call", async () => {
    const inner = contractInterfaces.TaskBoard.encodeErrorResult("TaskNotResident", ["0x" + "88".repeat(20), 3]);
    const simulator = simulatorFor({
      outer: () => {
        throw revertWith(failedCall);
      },
      inner: () => {
        throw revertWith(inner);
      },
    });
    const error = await refusal(simulator.simulate(claim, "TaskBoard", "0x", "own"));
    expect(error).toMatchObject({
      status: 422,
      code: "reverted",
      details: { contract: "TaskBoard", name: "TaskNotResident", args: ["0x" + "88".repeat(20), "3"] },
    });
    expect(error.message).toBe(`TaskBoard would revert: TaskNotResident(0x${"88".repeat(20)}, 3)`);
  });

  test("an invalid signer after the nonce check is a replay when another row holds the signature", async () => {
    const invalid = contractInterfaces.BuurtkasForwarder.encodeErrorResult("ERC2771ForwarderInvalidSigner", [
      "0x" + "88".repeat(20),
      claim.from,
    ]);
    const script = {
      outer: () => {
        throw revertWith(invalid);
      },
    };
    const other = { id: "other", tx_hash: "0x" + "ab".repeat(32), status: "mined" } as RelayRow;
    const own = { ...other, id: "own" };
    expect(
      await refusal(simulatorFor(script, { [claim.signature]: other }).simulate(claim, "TaskBoard", "0x", "own")),
    ).toMatchObject({ status: 409, code: "replayed", details: { reason: "already_relayed", id: "other" } });
    // Its own claim is not a replay of itself.
    expect(
      await refusal(simulatorFor(script, { [claim.signature]: own }).simulate(claim, "TaskBoard", "0x", "own")),
    ).toMatchObject({ status: 400, code: "bad_signature", details: { reason: "forwarder_refused" } });
  });

  test("a node that fails without a revert is the chain's problem: 503", async () => {
    const simulator = simulatorFor({
      outer: () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
      },
    });
    expect(await refusal(simulator.simulate(claim, "TaskBoard", "0x", "own"))).toMatchObject({
      status: 503,
      code: "chain_unavailable",
      retryAfterSeconds: 5,
    });
  });
});
