/**
 * Simulation: `eth_call` of `execute` from the relayer, then the gas estimate, capped. The
 * forwarder replaces a target's revert with `FailedCall()`, so on that the inner call is
 * replayed as the forwarder makes it (from the forwarder, the signer's address appended) to get
 * the target's own custom error, decoded with the generated ABIs (lib/chain/revert.ts).
 */
import { concat, type Provider } from "ethers";

import type { ContractName } from "../../generated/abis.js";
import {
  decodeRevert,
  describeRevert,
  isRevert,
  revertDataOf,
  revertOf,
  type DecodedRevert,
} from "../../lib/chain/revert.js";
import type { ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import type { Logger } from "../logger/index.js";
import { RelayError } from "./errors.js";
import { messageOf } from "./sender.js";
import { publicStatus } from "./signature.js";
import type { RelayRow } from "./store.js";

export interface SimulationDeps {
  provider: Provider;
  forwarder: string;
  relayerAddress: Promise<string>;
  logger: Logger;
  /** Largest gas limit the relayer's own transaction may have (calldata and forwarder included). */
  maxGas: bigint;
  /** Extra gas over the estimate, in percent. */
  gasHeadroomPercent: number;
  /** The latest relayed request with this (lowercase) signature, other than `exceptId`. */
  findBySignature(signature: string, exceptId: string): Promise<RelayRow | undefined>;
}

export interface Simulator {
  /**
   * The gas limit for the relayer's transaction; throws the refusal when the call would fail or
   * cost too much. `claimId` is the request's own row (not a replay of itself).
   */
  simulate(request: ForwardRequestData, contract: ContractName, executeData: string, claimId: string): Promise<bigint>;
  /** The target's own revert for the inner call at `blockTag`, or undefined when it succeeds or says nothing. */
  innerRevert(
    request: Pick<ForwardRequestData, "from" | "to" | "data" | "gas">,
    contract: ContractName,
    blockTag?: number | "latest",
  ): Promise<DecodedRevert | undefined>;
}

export function createSimulator(deps: SimulationDeps): Simulator {
  const { provider, forwarder, logger, maxGas } = deps;

  async function innerRevert(
    request: Pick<ForwardRequestData, "from" | "to" | "data" | "gas">,
    contract: ContractName,
    blockTag: number | "latest" = "latest",
  ): Promise<DecodedRevert | undefined> {
    try {
      await provider.call({
        from: forwarder,
        to: request.to,
        data: concat([request.data, request.from]),
        gasLimit: request.gas,
        blockTag,
      });
      return undefined;
    } catch (error) {
      // No data: out of gas or a bare revert, nothing to decode.
      return revertOf(error, contract);
    }
  }

  async function refusalFor(
    outer: DecodedRevert,
    request: ForwardRequestData,
    contract: ContractName,
    claimId: string,
  ): Promise<RelayError> {
    switch (outer.name) {
      case "ERC2771ForwarderInvalidSigner": {
        // The signature was right for the nonce read a moment ago: a copy of this request that
        // another process relayed in between has used the nonce. That is a replay.
        const earlier = await deps.findBySignature(request.signature.toLowerCase(), claimId);
        if (earlier) {
          return new RelayError(409, "replayed", "this request was relayed before", {
            reason: earlier.status === "mined" ? "already_relayed" : "in_flight",
            id: earlier.id,
            txHash: earlier.tx_hash,
            status: publicStatus(earlier.status),
          });
        }
        return new RelayError(400, "bad_signature", "the forwarder does not accept the signature", {
          reason: "forwarder_refused",
          revert: outer,
        });
      }
      case "ERC2771ForwarderExpiredRequest":
        return new RelayError(400, "expired", `the request's deadline ${request.deadline} has passed`, {
          deadline: request.deadline.toString(),
          revert: outer,
        });
      case "ERC2771UntrustfulTarget":
        return new RelayError(403, "target_not_allowed", `${request.to} does not trust this forwarder`, {
          revert: outer,
        });
      case "FailedCall": {
        const inner = await innerRevert(request, contract);
        if (inner) {
          return new RelayError(422, "reverted", `${contract} would revert: ${describeRevert(inner)}`, {
            contract: inner.contract ?? contract,
            name: inner.name,
            args: inner.args,
            namedArgs: inner.namedArgs,
            signature: inner.signature,
            data: inner.data,
          });
        }
        return new RelayError(
          422,
          "reverted",
          `the call fails inside the forwarder without a reason (is request.gas ${request.gas} enough?)`,
          { contract, name: "FailedCall", args: [], namedArgs: {}, signature: "FailedCall()", data: outer.data },
        );
      }
      default:
        return new RelayError(422, "reverted", `the forwarder would revert: ${describeRevert(outer)}`, {
          contract: outer.contract,
          name: outer.name,
          args: outer.args,
          namedArgs: outer.namedArgs,
          signature: outer.signature,
          data: outer.data,
        });
    }
  }

  return {
    innerRevert,
    async simulate(request, contract, executeData, claimId) {
      const from = await deps.relayerAddress;
      let estimate: bigint;
      try {
        // Both on the latest block: some providers estimate on "pending" by default, where another
        // request's transaction not yet mined would already count.
        await provider.call({ from, to: forwarder, data: executeData, blockTag: "latest" });
        estimate = await provider.estimateGas({ from, to: forwarder, data: executeData, blockTag: "latest" });
      } catch (error) {
        if (!isRevert(error)) {
          logger.warn("simulation failed without a revert", { error: messageOf(error) });
          throw new RelayError(503, "chain_unavailable", "the request could not be simulated; try again", null, 5);
        }
        const outer = decodeRevert(revertDataOf(error) ?? "0x", "BuurtkasForwarder");
        throw await refusalFor(outer, request, contract, claimId);
      }
      // The cap is on what the relayer pays, the whole transaction: request.gas bounds only the
      // inner call, not the calldata or the forwarder's own work.
      if (estimate > maxGas) {
        throw new RelayError(
          422,
          "gas_too_high",
          `the transaction would need ${estimate} gas, more than the relayer's limit of ${maxGas}`,
          { estimate: estimate.toString(), limit: maxGas.toString() },
        );
      }
      const withHeadroom = (estimate * BigInt(100 + deps.gasHeadroomPercent)) / 100n;
      return withHeadroom < maxGas ? withHeadroom : maxGas;
    },
  };
}
