/**
 * Anonymous ballots of secret rounds: the one-time key signed its ballot itself (EIP-712, checked
 * by SecretBallots), so the relayer sends `SecretBallots.castBallot` / `replaceBallot` from its
 * own account, not through the forwarder.
 *
 * Nothing here may link a ballot to the person casting it, so unlike the rest of the relayer this
 * path keeps no record at all: no row in `relay_transactions`, no per-IP or per-account counter in
 * `relay_usage` (a counter keyed by IP with its time window, next to the ballot's block time, would
 * be exactly such a link), and no log line about the ballot. Its abuse control is the token itself:
 * a ballot without a valid, unused token fails its simulation and costs one `eth_call`; each token
 * casts one first ballot (the contract's count) and at most `maxReplacements` replacements (the
 * signed sequence number, which the contract makes consecutive), so the gas the relayer can be
 * made to spend is bounded by the tokens issued, which the chain counts per district.
 */
import { Interface, type Provider } from "ethers";

import { SecretBallotsAbi } from "../../generated/abis.js";
import { describeRevert, isRevert, revertOf } from "../../lib/chain/revert.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { RelayError } from "./errors.js";
import type { SendQueue } from "./sender.js";

export interface AnonymousBallot {
  roundId: bigint;
  district: number;
  selection: bigint;
  /** The one-time key's EIP-712 SecretBallot signature. */
  signature: string;
  /** The first ballot: the unblinded token. Absent for a replacement. */
  token?: { roundId: bigint; district: number; signature: string };
  /** A replacement's sequence number (1, 2, ...). */
  sequence?: bigint;
}

export interface AnonymousBallotDeps {
  provider: Provider;
  queue: SendQueue;
  relayerAddress: Promise<string>;
  deployment: Deployment;
  maxGas: bigint;
  gasHeadroomPercent: number;
  /** Replacements one token's address may have relayed (default 20). */
  maxReplacements?: number;
  /** Simulations running at once at most, in memory only (default 32). */
  maxConcurrent?: number;
}

export type AnonymousBallotRelay = (ballot: AnonymousBallot) => Promise<{ txHash: string }>;

const iface = new Interface(SecretBallotsAbi);

export function createAnonymousBallotRelay(deps: AnonymousBallotDeps): AnonymousBallotRelay {
  const to = deps.deployment.contracts.SecretBallots.address;
  const maxReplacements = BigInt(deps.maxReplacements ?? 20);
  const maxConcurrent = deps.maxConcurrent ?? 32;
  let running = 0;

  function calldata(ballot: AnonymousBallot): string {
    if (ballot.token) {
      return iface.encodeFunctionData("castBallot", [
        ballot.roundId,
        ballot.district,
        ballot.selection,
        ballot.token,
        ballot.signature,
      ]);
    }
    if (ballot.sequence === undefined || ballot.sequence < 1n)
      throw new RelayError(
        400,
        "invalid_request",
        "body.sequence: a replacement needs its sequence number (1 or more)",
        [
          {
            field: "body.sequence",
            message: "is required without a token",
            value: ballot.sequence?.toString() ?? null,
          },
        ],
      );
    if (ballot.sequence > maxReplacements)
      throw new RelayError(
        429,
        "quota_exceeded",
        `the relayer sends at most ${maxReplacements} replacements of one anonymous ballot`,
        { sequence: ballot.sequence.toString(), maxReplacements: maxReplacements.toString() },
      );
    return iface.encodeFunctionData("replaceBallot", [
      ballot.roundId,
      ballot.district,
      ballot.selection,
      ballot.sequence,
      ballot.signature,
    ]);
  }

  async function simulate(data: string): Promise<bigint> {
    const from = await deps.relayerAddress;
    try {
      await deps.provider.call({ from, to, data });
      const estimate = await deps.provider.estimateGas({ from, to, data });
      const gasLimit = (estimate * BigInt(100 + deps.gasHeadroomPercent)) / 100n;
      if (estimate > deps.maxGas)
        throw new RelayError(422, "gas_too_high", `the ballot needs ${estimate} gas, above ${deps.maxGas}`, {
          estimate: estimate.toString(),
          maxGas: deps.maxGas.toString(),
        });
      return gasLimit > deps.maxGas ? deps.maxGas : gasLimit;
    } catch (error) {
      if (error instanceof RelayError) throw error;
      const revert = isRevert(error) ? revertOf(error, "SecretBallots") : undefined;
      if (revert) {
        throw new RelayError(422, "reverted", `SecretBallots would revert: ${describeRevert(revert)}`, {
          contract: revert.contract ?? "SecretBallots",
          name: revert.name,
          args: revert.args,
          namedArgs: revert.namedArgs,
          signature: revert.signature,
          data: revert.data,
        });
      }
      throw new RelayError(503, "chain_unavailable", "the chain could not be reached; try again", null, 5);
    }
  }

  return async (ballot) => {
    const data = calldata(ballot);
    if (running >= maxConcurrent)
      throw new RelayError(503, "relayer_unavailable", "too many anonymous ballots at once; try again", null, 2);
    running++;
    try {
      const gasLimit = await simulate(data);
      const sent = await deps.queue.send({ to, data, gasLimit }).catch(() => {
        throw new RelayError(503, "relayer_unavailable", "the relayer could not send the ballot; try again", null, 5);
      });
      return { txHash: sent.hash };
    } finally {
      running--;
    }
  };
}
