/**
 * The gasless relayer: takes a resident's signed ERC-2771 forward request and submits it from
 * the relayer's own account. `createRelayer(deps)` only composes the steps, each a module with
 * its own tests, in the order of backend/relayer/README.md:
 *
 *   checks (request alone) → client throttle (quota) → chain reads → eligibility → signature →
 *   claim of the nonce row + account quota (store, quota) → simulation → send queue → tracking.
 *
 * Eligibility also picks the account quota: a call paid through a role the signer holds uses its
 * officials' allowance, any other call its own.
 *
 * The nonce row is claimed before simulating, so the partial unique index on (account, nonce)
 * decides between concurrent copies of one request — in this process or another — and a copy
 * that lost never counts against the signer's allowance.
 */
import { randomUUID } from "node:crypto";

import type { Provider, Signer } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import { BuurtkasForwarder__factory } from "../../types/ethers-contracts/factories/contracts/relay/BuurtkasForwarder__factory.js";
import type { Database } from "../db/index.js";
import { silentLogger, type Logger } from "../logger/index.js";
import {
  DEFAULT_ALLOWLIST,
  OFFICIAL_FUNCTIONS,
  resolveAllowlist,
  resolveOfficialFunctions,
  type Allowlist,
  type OfficialFunctions,
} from "./allowlist.js";
import { createAnonymousBallotRelay, type AnonymousBallot } from "./anonymous.js";
import { createCallCheck, type CheckedCall } from "./checks.js";
import { createEligibilityCheck } from "./eligibility.js";
import { RelayError } from "./errors.js";
import { DEFAULT_QUOTAS, createQuota, type Allowance, type RelayQuotas } from "./quota.js";
import { createSendQueue, messageOf } from "./sender.js";
import { createSignatureCheck, replayOf } from "./signature.js";
import { createSimulator } from "./simulation.js";
import {
  deleteClaim,
  findBySignature,
  findLive,
  findStuck,
  insertQueued,
  markDone,
  markPending,
  pruneUsage,
  recordReplacement,
  takeForReplacement,
  type NewRelayRow,
  type RelayRow,
} from "./store.js";
import { createTracker, type RelayView } from "./tracking.js";

export { DEFAULT_QUOTAS, type RelayQuotas } from "./quota.js";
export type { RelayView } from "./tracking.js";

/** A forward request as `ERC2771Forwarder.execute` takes it (the signature covers the forwarder's current nonce). */
export type RelayRequest = ForwardRequestData;

export interface RelayerOptions {
  /** Largest gas the relayer pays for one request: `request.gas` and the whole transaction (default 1,000,000). */
  maxGas: bigint;
  /** A request must stay valid this many seconds past the chain's latest block (default 15). */
  deadlineMarginSeconds: number;
  /** Extra gas over the estimate, in percent (default 25). */
  gasHeadroomPercent: number;
  /** A queued row never sent, or a sent transaction the node no longer knows, counts as failed after this (default 600). */
  staleAfterSeconds: number;
  /** How long a background watcher waits for a receipt before leaving it to status look-ups (default 600 s). */
  receiptTimeoutMs: number;
  /** A transaction pending this long is re-priced: sent again with the same nonce and higher fees (default 60). */
  repriceAfterSeconds: number;
  /** How often the relayer looks for such transactions, in ms; 0: never on its own (default 15,000). */
  repriceEveryMs: number;
  /** Replacements per transaction at most (fees then stay; default 5, about twice the first fees). */
  maxReplacements: number;
}

/** Counters for a metrics endpoint; the hook is called on every change. */
export interface RelayerMetricsHook {
  increment(name: RelayerMetricName, labels: Record<string, string>): void;
}

export type RelayerMetricName = "relay_requests_total" | "relay_transactions_total";

export interface RelayerCounters {
  /** Requests by outcome: `accepted` or the refusal code. */
  requests: Record<string, number>;
  /** Transactions by outcome: `sent`, `mined`, `failed`, `send_error`, `reorged`, `repriced`. */
  transactions: Record<string, number>;
  /** Jobs waiting in or running through the send queue. */
  queueDepth: number;
}

export interface RelayerDeps {
  db: Pick<Database, "sql">;
  provider: Provider;
  /** The relayer's funded account, connected to `provider`. */
  signer: Signer;
  deployment: Deployment;
  allowlist?: Allowlist;
  /** Officials' functions and their roles (default {@link OFFICIAL_FUNCTIONS}; `{}` relays none). */
  officials?: OfficialFunctions;
  quotas?: Partial<RelayQuotas>;
  logger?: Logger;
  metrics?: RelayerMetricsHook;
  options?: Partial<RelayerOptions>;
}

export interface RelayAccepted {
  id: string;
  txHash: string;
  status: "pending" | "mined" | "failed";
}

/** Who is asking, for the per-client limit. */
export interface RelayClient {
  /** The caller's IP address; undefined for in-process callers (no per-client limit). */
  ip?: string;
}

export interface Relayer {
  /** Checks, simulates and sends `request`; throws a {@link RelayError} for every refusal. */
  relay(request: RelayRequest, client?: RelayClient): Promise<RelayAccepted>;
  /**
   * Sends an anonymous ballot of a secret round (signed by its one-time key) to SecretBallots;
   * keeps no record of it (backend/relayer/anonymous.ts).
   */
  relayAnonymousBallot(ballot: AnonymousBallot): Promise<{ txHash: string }>;
  /** A relayed request's current status (asking the chain when still pending), or undefined. */
  status(id: string): Promise<RelayView | undefined>;
  counters(): RelayerCounters;
  /**
   * Re-prices this relayer's transactions pending longer than `repriceAfterSeconds` (run every
   * `repriceEveryMs`); resolves to the number of replacements sent.
   */
  repriceStuck(): Promise<number>;
  /** Waits for the send queue to empty and stops following receipts. */
  close(): Promise<void>;
}

const DEFAULT_OPTIONS: RelayerOptions = {
  maxGas: 1_000_000n,
  deadlineMarginSeconds: 15,
  gasHeadroomPercent: 25,
  staleAfterSeconds: 600,
  receiptTimeoutMs: 600_000,
  repriceAfterSeconds: 60,
  repriceEveryMs: 15_000,
  maxReplacements: 5,
};

export function createRelayer(deps: RelayerDeps): Relayer {
  const { provider, signer, deployment } = deps;
  const sql = deps.db.sql;
  const logger = (deps.logger ?? silentLogger).child({ subsystem: "relayer" });
  const options: RelayerOptions = { ...DEFAULT_OPTIONS, ...deps.options };
  const chainId = BigInt(deployment.chainId);
  const forwarderAddress = deployment.contracts.BuurtkasForwarder.address.toLowerCase();
  const forwarder = BuurtkasForwarder__factory.connect(forwarderAddress, provider);
  const chainKey = deployment.genesisHash.toLowerCase();
  const relayerAddress = signer.getAddress().then((a) => a.toLowerCase());
  relayerAddress.catch(() => {});
  const bySignature = (signature: string, exceptId?: string) => findBySignature(sql, chainKey, signature, exceptId);

  const counts = { requests: {} as Record<string, number>, transactions: {} as Record<string, number> };
  function count(kind: "requests" | "transactions", outcome: string) {
    counts[kind][outcome] = (counts[kind][outcome] ?? 0) + 1;
    const name = kind === "requests" ? "relay_requests_total" : "relay_transactions_total";
    deps.metrics?.increment(name, { outcome });
  }

  const checkCall = createCallCheck({
    deployment,
    allowlist: resolveAllowlist(deps.allowlist ?? DEFAULT_ALLOWLIST),
    officials: resolveOfficialFunctions(deps.officials ?? OFFICIAL_FUNCTIONS),
    maxGas: options.maxGas,
  });
  const quota = createQuota({ sql, quotas: { ...DEFAULT_QUOTAS, ...deps.quotas } });
  const checkEligibility = createEligibilityCheck({ provider, deployment });
  const checkSignature = createSignatureCheck({ forwarder: forwarderAddress, chainId, findBySignature: bySignature });
  const simulator = createSimulator({
    provider,
    forwarder: forwarderAddress,
    relayerAddress,
    logger,
    maxGas: options.maxGas,
    gasHeadroomPercent: options.gasHeadroomPercent,
    findBySignature: bySignature,
  });
  const queue = createSendQueue({ signer, provider, chainId, logger });
  const tracker = createTracker({
    sql,
    provider,
    logger,
    innerRevert: simulator.innerRevert,
    count: (outcome) => count("transactions", outcome),
    onReorg: () => queue.resync(),
    staleAfterSeconds: options.staleAfterSeconds,
    receiptTimeoutMs: options.receiptTimeoutMs,
  });
  const relayAnonymousBallot = createAnonymousBallotRelay({
    provider,
    queue,
    relayerAddress,
    deployment,
    maxGas: options.maxGas,
    gasHeadroomPercent: options.gasHeadroomPercent,
  });
  let closed = false;

  let lastPrune = 0;
  async function pruneNowAndThen() {
    if (Date.now() - lastPrune < 3_600_000) return;
    lastPrune = Date.now();
    await pruneUsage(sql).catch((error) => logger.warn("pruning relay usage failed", { error }));
  }

  /** Chain reads: an RPC failure is the node's problem, not the caller's. */
  async function chain<T>(what: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof RelayError) throw error;
      logger.warn("chain read failed", { what, error: messageOf(error) });
      throw new RelayError(503, "chain_unavailable", `the chain could not be reached (${what}); try again`, null, 5);
    }
  }

  /** Signatures are checked against the deployment's chain id; the RPC must serve that chain. */
  let networkChecked: Promise<void> | undefined;
  function checkNetwork(): Promise<void> {
    networkChecked ??= chain("network", () => provider.getNetwork()).then((network) => {
      if (network.chainId !== chainId) {
        logger.error("the RPC serves another chain than the deployment's", {
          rpc: network.chainId,
          deployment: chainId,
        });
        throw new RelayError(
          503,
          "relayer_unavailable",
          `the relayer's RPC serves chain ${network.chainId}, but the contracts are deployed on chain ${chainId}`,
        );
      }
    });
    networkChecked.catch((error) => {
      if (!(error instanceof RelayError && error.code === "relayer_unavailable")) networkChecked = undefined;
    });
    return networkChecked;
  }

  function checkDeadline(request: RelayRequest, chainTime: bigint) {
    if (request.deadline >= chainTime + BigInt(options.deadlineMarginSeconds)) return;
    throw new RelayError(
      400,
      "expired",
      request.deadline < chainTime
        ? `the request's deadline ${request.deadline} has passed (chain time ${chainTime})`
        : `the request's deadline ${request.deadline} is too close to chain time ${chainTime} to be mined in time`,
      {
        deadline: request.deadline.toString(),
        chainTime: chainTime.toString(),
        marginSeconds: options.deadlineMarginSeconds,
      },
    );
  }

  /**
   * Claims (account, nonce) and counts the account's quota in one transaction; a quota refusal
   * rolls the claim back. When a row is in the way: a mined one whose nonce the forwarder reports
   * unused was taken out of the chain by a reorg, so it is re-checked and, once freed, the claim
   * is tried again; otherwise the request is in flight already.
   */
  async function claim(row: NewRelayRow, call: CheckedCall, allowance: Allowance): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const claimed = await sql.begin(async (tx) => {
        if (!(await insertQueued(tx, row))) return false;
        await quota.reserve(tx, row.sender, call.voting, allowance);
        return true;
      });
      if (claimed) return;
      const other = await findLive(sql, chainKey, forwarderAddress, row.sender, row.request_nonce);
      if (other?.status === "mined" && attempt === 0 && (await chain("receipt", () => tracker.recheckMined(other)))) {
        const now = await findLive(sql, chainKey, forwarderAddress, row.sender, row.request_nonce);
        // Failed (the reorg dropped it): the nonce is free, claim again. Pending: it is in flight.
        if (!now) continue;
        throw inFlight(now);
      }
      throw inFlight(other);
    }
  }

  function inFlight(row: RelayRow | undefined): RelayError {
    if (row) return replayOf(row, "in_flight");
    // The row in the way failed between the insert and the look-up: the caller may try again.
    return new RelayError(409, "replayed", "a request for this account and nonce was already accepted", {
      reason: "in_flight",
      id: null,
      txHash: null,
      status: null,
    });
  }

  async function relayChecked(received: RelayRequest, client: RelayClient): Promise<RelayAccepted> {
    // Lowercase hex: a mixed-case address with a wrong checksum is still the same address.
    const request = { ...received, from: received.from.toLowerCase(), to: received.to.toLowerCase() };
    const from = request.from;
    const call = checkCall(request);
    if (client.ip) await quota.throttleClient(client.ip);
    await checkNetwork();

    const latest = await chain("latest block", () => provider.getBlock("latest"));
    const blockNumber = latest?.number ?? (await chain("block number", () => provider.getBlockNumber()));
    const chainTime = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = chain("forwarder nonce", () => forwarder.nonces(from, { blockTag: blockNumber }));
    nonce.catch(() => {});
    checkDeadline(request, chainTime);
    const qualified = await chain("registration", () =>
      checkEligibility({
        from,
        contract: call.contract,
        fn: call.fn,
        roles: call.roles,
        orResident: call.orResident,
        blockNumber,
        chainTime,
      }),
    );
    // Paid through a role: the officials' allowance, so an official's day of work does not meet
    // the residents' limits, and the same person's own calls as a resident keep them.
    const allowance: Allowance = qualified === "role" ? "official" : "account";
    const forwarderNonce = await nonce;
    await checkSignature(request, forwarderNonce);
    void pruneNowAndThen();

    const row: NewRelayRow = {
      id: randomUUID(),
      chain: chainKey,
      forwarder: forwarderAddress,
      sender: from,
      target: request.to,
      contract: call.contract,
      function_name: call.fn,
      request_nonce: forwarderNonce,
      request_gas: request.gas,
      request_deadline: request.deadline,
      request_data: request.data.toLowerCase(),
      signature: request.signature.toLowerCase(),
      relayer: await relayerAddress,
      gas_limit: null,
    };
    await claim(row, call, allowance);

    // value is 0 (checked above).
    const executeData = executeDataOf(request);
    let gasLimit: bigint;
    try {
      gasLimit = await simulator.simulate(request, call.contract, executeData, row.id);
    } catch (error) {
      // Refused before anything was sent: the claim leaves no trace and the day is given back.
      await deleteClaim(sql, row.id);
      await quota.release(from, allowance);
      throw error;
    }

    let sent;
    try {
      sent = await queue.send({ to: forwarderAddress, data: executeData, gasLimit });
    } catch (error) {
      const message = messageOf(error);
      count("transactions", "send_error");
      logger.error("sending a relayed transaction failed", { id: row.id, error: message });
      await markDone(sql, row.id, { status: "failed", error: `not sent: ${message.slice(0, 500)}` });
      await quota.release(from, allowance);
      throw new RelayError(
        503,
        "relayer_unavailable",
        "the relayer could not send the transaction; try again",
        { id: row.id },
        5,
      );
    }
    await markPending(sql, row.id, { txHash: sent.hash, relayerNonce: sent.nonce, gasLimit });
    count("transactions", "sent");
    logger.info("relayed", {
      id: row.id,
      from,
      contract: call.contract,
      function: call.fn,
      allowance,
      nonce: forwarderNonce.toString(),
      txHash: sent.hash,
      relayerNonce: sent.nonce,
    });
    tracker.follow(row, sent.hash);
    return { id: row.id, txHash: sent.hash, status: "pending" };
  }

  function executeDataOf(request: Omit<RelayRequest, "value">): string {
    return forwarder.interface.encodeFunctionData("execute", [
      {
        from: request.from,
        to: request.to,
        value: 0n,
        gas: request.gas,
        deadline: request.deadline,
        data: request.data,
        signature: request.signature,
      },
    ]);
  }

  /**
   * Stuck transactions: a pending row of this relayer's account older than `repriceAfterSeconds`
   * with no receipt for any of its hashes is sent again under its relayer nonce with higher fees
   * (a lease on the row keeps two processes from doing it at once). Not when its deadline is about
   * to pass: the replacement would only revert.
   */
  async function repriceStuck(): Promise<number> {
    const stuck = await findStuck(sql, await relayerAddress, options.repriceAfterSeconds);
    if (stuck.length === 0) return 0;
    const latest = await provider.getBlock("latest");
    const chainTime = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
    let replaced = 0;
    for (const row of stuck) {
      if (row.relayer_nonce === null || row.gas_limit === null || row.tx_hashes.length > options.maxReplacements)
        continue;
      if (row.request_deadline < chainTime + BigInt(options.deadlineMarginSeconds)) continue;
      if (await tracker.settleIfMined(row)) continue;
      if (!(await takeForReplacement(sql, row.id, options.repriceAfterSeconds))) continue;
      const previous = row.tx_hash ? await provider.getTransaction(row.tx_hash).catch(() => null) : null;
      try {
        const sent = await queue.replace({
          nonce: Number(row.relayer_nonce),
          to: forwarderAddress,
          data: executeDataOf({
            from: row.sender,
            to: row.target,
            gas: row.request_gas,
            deadline: row.request_deadline,
            data: row.request_data,
            signature: row.signature,
          }),
          gasLimit: row.gas_limit,
          previous,
        });
        await recordReplacement(sql, row.id, sent.hash);
        count("transactions", "repriced");
        logger.warn("re-priced a stuck relayed transaction", { id: row.id, nonce: sent.nonce, txHash: sent.hash });
        tracker.follow(row, sent.hash);
        replaced++;
      } catch (error) {
        // Mined meanwhile ("nonce too low") or refused: the next look-up or scan settles it.
        logger.warn("re-pricing a relayed transaction failed", { id: row.id, error: messageOf(error) });
      }
    }
    return replaced;
  }
  const repricing =
    options.repriceEveryMs > 0
      ? setInterval(() => {
          repriceStuck().catch((error) => logger.warn("re-pricing scan failed", { error: messageOf(error) }));
        }, options.repriceEveryMs)
      : undefined;
  repricing?.unref();

  return {
    async relay(request, client = {}) {
      if (closed) throw new RelayError(503, "relayer_unavailable", "the relayer is shutting down", null, 5);
      try {
        const accepted = await relayChecked(request, client);
        count("requests", "accepted");
        return accepted;
      } catch (error) {
        if (error instanceof RelayError) count("requests", error.code);
        throw error;
      }
    },
    async relayAnonymousBallot(ballot) {
      if (closed) throw new RelayError(503, "relayer_unavailable", "the relayer is shutting down", null, 5);
      try {
        const sent = await relayAnonymousBallot(ballot);
        count("requests", "accepted_anonymous");
        return sent;
      } catch (error) {
        if (error instanceof RelayError) count("requests", error.code);
        throw error;
      }
    },
    status: (id) => tracker.status(id),
    counters: () => ({
      requests: { ...counts.requests },
      transactions: { ...counts.transactions },
      queueDepth: queue.depth,
    }),
    repriceStuck,
    async close() {
      closed = true;
      clearInterval(repricing);
      await queue.idle();
      await tracker.close();
    },
  };
}
