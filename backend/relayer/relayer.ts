/**
 * The gasless relayer: takes a resident's signed ERC-2771 forward request, checks it (our
 * contract, an allowed function, a valid signature for the forwarder's current nonce, a deadline
 * not about to pass, not already relayed or in flight, the account within its rate and daily
 * quota), simulates it, and submits it from the relayer's own account through a send queue.
 * Every accepted request is a row in `relay_transactions`, followed until mined or failed.
 */
import { randomUUID } from "node:crypto";

import { Interface, concat, type Provider, type Signer } from "ethers";

import { BuurtkasForwarderAbi, type ContractName } from "../../generated/abis.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { forwardRequestSigner, type ForwardRequestData } from "../../lib/relay/forwardRequest.js";
import type { Database } from "../db/index.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { DEFAULT_ALLOWLIST, contractInterfaces, resolveAllowlist, type Allowlist } from "./allowlist.js";
import { RelayError, invalidRequest } from "./errors.js";
import { decodeRevert, describeRevert, isRevert, revertDataOf, type DecodedRevert } from "./revert.js";
import { createSendQueue, messageOf } from "./sender.js";
import {
  countUsage,
  findBySignature,
  findLive,
  findRelay,
  insertQueued,
  markDone,
  markPending,
  pruneUsage,
  readUsage,
  uncountUsage,
  type RelayRow,
} from "./store.js";

/** A forward request as `ERC2771Forwarder.execute` takes it (the signature covers the forwarder's current nonce). */
export type RelayRequest = ForwardRequestData;

export interface RelayQuotas {
  /** Requests per account per minute that pass the signature check (default 10). */
  perMinute: number;
  /** Requests per account per UTC day that the relayer sends (default 100). */
  perDay: number;
  /**
   * Requests per UTC day the relayer sends for all accounts together (default 10,000): fresh keys
   * cost nothing, and some allowed calls (a transfer of 0 coins) succeed for anyone, so the
   * per-account quota alone does not bound the gas spent.
   */
  perDayTotal: number;
}

export interface RelayerOptions {
  /** Largest `gas` a request may ask the forwarder to pass on (default 1,000,000). */
  maxGas: bigint;
  /** A request must stay valid this many seconds past the chain's latest block (default 15). */
  deadlineMarginSeconds: number;
  /** Extra gas over the estimate, in percent (default 25). */
  gasHeadroomPercent: number;
  /** A queued row never sent, or a sent transaction the node no longer knows, counts as failed after this (default 600). */
  staleAfterSeconds: number;
  /** How long a background watcher waits for a receipt before leaving it to status look-ups (default 600 s). */
  receiptTimeoutMs: number;
}

/** Counters for a metrics endpoint; the hook is called on every change. */
export interface RelayerMetricsHook {
  increment(name: RelayerMetricName, labels: Record<string, string>): void;
}

export type RelayerMetricName = "relay_requests_total" | "relay_transactions_total";

export interface RelayerCounters {
  /** Requests by outcome: `accepted` or the refusal code. */
  requests: Record<string, number>;
  /** Transactions by outcome: `sent`, `mined`, `failed`, `send_error`. */
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

/** What `GET /api/relay/:id` answers. */
export interface RelayView {
  id: string;
  txHash: string | null;
  status: "pending" | "mined" | "failed";
  blockNumber?: string;
  error?: string;
  from: string;
  to: string;
  contract: string;
  function: string;
  nonce: string;
  createdAt: number;
}

export interface Relayer {
  /** Checks, simulates and sends `request`; throws a {@link RelayError} for every refusal. */
  relay(request: RelayRequest): Promise<RelayAccepted>;
  /** A relayed request's current status (asking the chain when still pending), or undefined. */
  status(id: string): Promise<RelayView | undefined>;
  counters(): RelayerCounters;
  /** Waits for the send queue to empty and stops following receipts. */
  close(): Promise<void>;
}

export const DEFAULT_QUOTAS: RelayQuotas = { perMinute: 10, perDay: 100, perDayTotal: 10_000 };

/** The usage counter of every account together. */
const ALL_ACCOUNTS = "*";

const DEFAULT_OPTIONS: RelayerOptions = {
  maxGas: 1_000_000n,
  deadlineMarginSeconds: 15,
  gasHeadroomPercent: 25,
  staleAfterSeconds: 600,
  receiptTimeoutMs: 600_000,
};

const forwarderInterface = new Interface(BuurtkasForwarderAbi as unknown as string);
/**
 * How far back a signature is tried against used nonces to tell a replay from a bad signature
 * (requests this relayer sent are found by their signature, however old). Each try is an ECDSA
 * recovery that anyone can make us do with a junk signature, so the window stays small.
 */
const REPLAY_LOOKBACK = 4n;
/** How far ahead, to tell "signed for a later nonce" from a bad signature. */
const NONCE_LOOKAHEAD = 2n;

export function createRelayer(deps: RelayerDeps): Relayer {
  const { db, provider, signer, deployment } = deps;
  const sql = db.sql;
  const logger = (deps.logger ?? silentLogger).child({ subsystem: "relayer" });
  const quotas: RelayQuotas = { ...DEFAULT_QUOTAS, ...deps.quotas };
  const options: RelayerOptions = { ...DEFAULT_OPTIONS, ...deps.options };
  const allowed = resolveAllowlist(deps.allowlist ?? DEFAULT_ALLOWLIST);
  const chainId = BigInt(deployment.chainId);
  const forwarder = deployment.contracts.BuurtkasForwarder.address.toLowerCase();
  const chainKey = deployment.genesisHash.toLowerCase();
  const contractAt = new Map<string, ContractName>(
    Object.entries(deployment.contracts).map(([name, c]) => [c.address.toLowerCase(), name as ContractName]),
  );
  const relayerAddress = signer.getAddress().then((a) => a.toLowerCase());
  relayerAddress.catch(() => {});
  const queue = createSendQueue({ signer, provider, chainId, logger });
  const watchers = new Set<Promise<void>>();
  let closed = false;
  let stopWatching: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopWatching = resolve));

  const counts = { requests: {} as Record<string, number>, transactions: {} as Record<string, number> };
  function count(kind: "requests" | "transactions", outcome: string) {
    counts[kind][outcome] = (counts[kind][outcome] ?? 0) + 1;
    const name = kind === "requests" ? "relay_requests_total" : "relay_transactions_total";
    deps.metrics?.increment(name, { outcome });
  }

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

  async function forwarderNonce(from: string): Promise<bigint> {
    const data = forwarderInterface.encodeFunctionData("nonces", [from]);
    const result = await provider.call({ to: forwarder, data });
    return forwarderInterface.decodeFunctionResult("nonces", result)[0] as bigint;
  }

  function signerFor(request: RelayRequest, nonce: bigint): string | undefined {
    try {
      return forwardRequestSigner(request, forwarder, chainId, nonce).toLowerCase();
    } catch {
      return undefined;
    }
  }

  /** Target and function: checked first, they need nothing but the request. */
  function checkCall(request: RelayRequest): { contract: ContractName; fn: string } {
    const to = request.to.toLowerCase();
    const contract = contractAt.get(to);
    if (!contract || to === forwarder) {
      throw new RelayError(403, "target_not_allowed", `${to} is not one of this installation's contracts`, {
        to,
        allowed: [...allowed.keys()].map((name) => ({ contract: name, address: contractAddress(name) })),
      });
    }
    const selector = request.data.slice(0, 10).toLowerCase();
    const fn = allowed.get(contract)?.get(selector);
    if (!fn) {
      const known = request.data.length >= 10 ? contractInterfaces[contract].getFunction(selector) : null;
      throw new RelayError(
        403,
        "function_not_allowed",
        `the relayer does not pay for ${contract}.${known?.name ?? selector}`,
        { contract, selector, function: known?.name ?? null, allowed: [...(allowed.get(contract)?.values() ?? [])] },
      );
    }
    if (request.value !== 0n) {
      throw invalidRequest([
        {
          field: "body.request.value",
          message: "must be 0: the relayer sends no ether",
          value: request.value.toString(),
        },
      ]);
    }
    if (request.gas > options.maxGas) {
      throw invalidRequest([
        { field: "body.request.gas", message: `must be at most ${options.maxGas}`, value: request.gas.toString() },
      ]);
    }
    return { contract, fn };
  }

  function contractAddress(name: ContractName): string {
    return deployment.contracts[name].address.toLowerCase();
  }

  /** The signature must be `from`'s for the forwarder's current nonce; otherwise say why not. */
  async function checkSignature(request: RelayRequest, from: string, nonce: bigint): Promise<void> {
    if (signerFor(request, nonce) === from) return;
    const earlier = await findBySignature(sql, chainKey, request.signature.toLowerCase());
    if (earlier) {
      throw new RelayError(409, "replayed", "this request was relayed before", {
        reason: "already_relayed",
        id: earlier.id,
        txHash: earlier.tx_hash,
        status: publicStatus(earlier.status),
      });
    }
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
  }

  async function checkRate(from: string): Promise<void> {
    const minute = await countUsage(sql, from, "minute");
    if (minute.count > quotas.perMinute) {
      const retry = Math.max(1, Math.ceil(minute.resetsInSeconds));
      throw new RelayError(
        429,
        "rate_limited",
        `more than ${quotas.perMinute} requests a minute from ${from}`,
        {
          limit: quotas.perMinute,
          period: "minute",
          retryAfterSeconds: retry,
        },
        retry,
      );
    }
    const day = await readUsage(sql, from, "day");
    if (day.count >= quotas.perDay) throw quotaExceeded(from, day.resetsInSeconds);
  }

  function quotaExceeded(from: string, resetsInSeconds: number): RelayError {
    const retry = Math.max(1, Math.ceil(resetsInSeconds));
    if (from === ALL_ACCOUNTS) {
      return new RelayError(
        429,
        "quota_exceeded",
        `the relayer sent its ${quotas.perDayTotal} transactions for today`,
        { scope: "relayer", limit: quotas.perDayTotal, period: "day", retryAfterSeconds: retry },
        retry,
      );
    }
    return new RelayError(
      429,
      "quota_exceeded",
      `${from} used its ${quotas.perDay} relayed requests for today`,
      { scope: "account", limit: quotas.perDay, period: "day", retryAfterSeconds: retry },
      retry,
    );
  }

  /**
   * eth_call of `execute` from the relayer, then the gas estimate. The forwarder replaces a
   * target's revert with `FailedCall()`, so on that the inner call is replayed as the forwarder
   * makes it (from the forwarder, the signer's address appended) to get the target's own error.
   */
  async function simulate(request: RelayRequest, contract: ContractName, executeData: string): Promise<bigint> {
    const from = await relayerAddress;
    try {
      await provider.call({ from, to: forwarder, data: executeData, blockTag: "latest" });
      return await provider.estimateGas({ from, to: forwarder, data: executeData });
    } catch (error) {
      if (!isRevert(error)) {
        logger.warn("simulation failed without a revert", { error: messageOf(error) });
        throw new RelayError(503, "chain_unavailable", "the request could not be simulated; try again", null, 5);
      }
      const outer = decodeRevert(revertDataOf(error) ?? "0x", "BuurtkasForwarder");
      throw await refusalFor(outer, request, contract);
    }
  }

  async function refusalFor(outer: DecodedRevert, request: RelayRequest, contract: ContractName): Promise<RelayError> {
    switch (outer.name) {
      case "ERC2771ForwarderInvalidSigner": {
        // The signature was right for the nonce read a moment ago: a copy of this request that
        // another API request (or process) relayed in between has used the nonce. That is a replay.
        const earlier = await findBySignature(sql, chainKey, request.signature.toLowerCase());
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

  async function innerRevert(
    request: RelayRequest,
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
      const data = revertDataOf(error);
      // No data: out of gas or a bare revert, nothing to decode.
      if (data === undefined || data === "0x") return undefined;
      return decodeRevert(data, contract);
    }
  }

  function follow(
    row: Pick<RelayRow, "id" | "target" | "request_data" | "sender" | "request_gas" | "contract">,
    txHash: string,
  ) {
    const watcher = (async () => {
      const receipt = await Promise.race([
        provider.waitForTransaction(txHash, 1, options.receiptTimeoutMs).catch((error) => {
          logger.debug("receipt wait ended", { id: row.id, txHash, error: messageOf(error) });
          return null;
        }),
        stopped.then(() => null),
      ]);
      if (receipt) await settle(row, receipt.status === 1, receipt.blockNumber);
    })().catch((error) => logger.error("following a relayed transaction failed", { id: row.id, txHash, error }));
    watchers.add(watcher);
    void watcher.finally(() => watchers.delete(watcher));
  }

  async function settle(
    row: Pick<RelayRow, "id" | "target" | "request_data" | "sender" | "request_gas" | "contract">,
    success: boolean,
    blockNumber: number,
  ): Promise<void> {
    if (success) {
      if (await markDone(sql, row.id, { status: "mined", blockNumber })) count("transactions", "mined");
      logger.info("relayed transaction mined", { id: row.id, blockNumber });
      return;
    }
    // Why: the inner call replayed on the state before that block (an approximation: other
    // transactions earlier in the same block are not replayed).
    const inner = await innerRevert(
      {
        from: row.sender,
        to: row.target,
        data: row.request_data,
        gas: row.request_gas,
        value: 0n,
        deadline: 0n,
        signature: "0x",
      },
      row.contract as ContractName,
      Math.max(0, blockNumber - 1),
    ).catch(() => undefined);
    const error = inner ? `reverted on chain: ${describeRevert(inner)}` : "reverted on chain";
    if (await markDone(sql, row.id, { status: "failed", blockNumber, error })) count("transactions", "failed");
    logger.warn("relayed transaction reverted", { id: row.id, blockNumber, error });
  }

  async function relay(request: RelayRequest): Promise<RelayAccepted> {
    if (closed) throw new RelayError(503, "relayer_unavailable", "the relayer is shutting down", null, 5);
    try {
      const accepted = await relayChecked(request);
      count("requests", "accepted");
      return accepted;
    } catch (error) {
      if (error instanceof RelayError) count("requests", error.code);
      throw error;
    }
  }

  async function relayChecked(received: RelayRequest): Promise<RelayAccepted> {
    // Lowercase hex: a mixed-case address with a wrong checksum is still the same address.
    const request = { ...received, from: received.from.toLowerCase(), to: received.to.toLowerCase() };
    const from = request.from;
    const { contract, fn } = checkCall(request);
    await checkNetwork();

    const [latest, nonce] = await Promise.all([
      chain("latest block", () => provider.getBlock("latest")),
      chain("forwarder nonce", () => forwarderNonce(from)),
    ]);
    const chainTime = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
    if (request.deadline < chainTime + BigInt(options.deadlineMarginSeconds)) {
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

    await checkSignature(request, from, nonce);
    const live = await findLive(sql, chainKey, forwarder, from, nonce);
    if (live) throw inFlightError(live);
    await checkRate(from);
    void pruneNowAndThen();

    const executeData = forwarderInterface.encodeFunctionData("execute", [
      {
        from: request.from,
        to: request.to,
        value: request.value,
        gas: request.gas,
        deadline: request.deadline,
        data: request.data,
        signature: request.signature,
      },
    ]);
    const estimate = await simulate(request, contract, executeData);
    const gasLimit = (estimate * BigInt(100 + options.gasHeadroomPercent)) / 100n;

    const id = randomUUID();
    const row = {
      id,
      chain: chainKey,
      forwarder,
      sender: from,
      target: request.to.toLowerCase(),
      contract,
      function_name: fn,
      request_nonce: nonce,
      request_gas: request.gas,
      request_deadline: request.deadline,
      request_data: request.data.toLowerCase(),
      signature: request.signature.toLowerCase(),
      relayer: await relayerAddress,
      gas_limit: gasLimit,
    };
    await sql.begin(async (tx) => {
      const day = await countUsage(tx, from, "day");
      if (day.count > quotas.perDay) throw quotaExceeded(from, day.resetsInSeconds);
      const total = await countUsage(tx, ALL_ACCOUNTS, "day");
      if (total.count > quotas.perDayTotal) throw quotaExceeded(ALL_ACCOUNTS, total.resetsInSeconds);
      if (!(await insertQueued(tx, row))) {
        const other = await findLive(tx, chainKey, forwarder, from, nonce);
        throw inFlightError(other);
      }
    });

    let sent;
    try {
      sent = await queue.send({ to: forwarder, data: executeData, gasLimit });
    } catch (error) {
      const message = messageOf(error);
      count("transactions", "send_error");
      logger.error("sending a relayed transaction failed", { id, error: message });
      await markDone(sql, id, { status: "failed", error: `not sent: ${message.slice(0, 500)}` });
      await uncountUsage(sql, from, "day");
      await uncountUsage(sql, ALL_ACCOUNTS, "day");
      throw new RelayError(
        503,
        "relayer_unavailable",
        "the relayer could not send the transaction; try again",
        { id },
        5,
      );
    }
    await markPending(sql, id, { txHash: sent.hash, relayerNonce: sent.nonce });
    count("transactions", "sent");
    logger.info("relayed", {
      id,
      from,
      contract,
      function: fn,
      nonce: nonce.toString(),
      txHash: sent.hash,
      relayerNonce: sent.nonce,
    });
    follow(row, sent.hash);
    return { id, txHash: sent.hash, status: "pending" };
  }

  function inFlightError(row: RelayRow | undefined): RelayError {
    return new RelayError(409, "replayed", "a request for this account and nonce was already accepted", {
      reason: "in_flight",
      id: row?.id ?? null,
      txHash: row?.tx_hash ?? null,
      status: row ? publicStatus(row.status) : null,
    });
  }

  async function status(id: string): Promise<RelayView | undefined> {
    let row = await findRelay(sql, id);
    if (!row) return undefined;
    if (row.status === "pending" || row.status === "queued") {
      await refresh(row);
      row = (await findRelay(sql, id))!;
    }
    return view(row);
  }

  /** Brings a row up to date with the chain: its receipt, or abandoned when long stale. */
  async function refresh(row: RelayRow): Promise<void> {
    const ageSeconds = (Date.now() - row.created_at.getTime()) / 1000;
    if (row.status === "queued") {
      if (ageSeconds > options.staleAfterSeconds)
        await markDone(sql, row.id, { status: "failed", error: "never sent (the relaying process stopped)" });
      return;
    }
    if (!row.tx_hash) return;
    const receipt = await provider.getTransactionReceipt(row.tx_hash).catch(() => null);
    if (receipt) {
      await settle(row, receipt.status === 1, receipt.blockNumber);
    } else if (ageSeconds > options.staleAfterSeconds) {
      const known = await provider.getTransaction(row.tx_hash).catch(() => undefined);
      if (known === null) await markDone(sql, row.id, { status: "failed", error: "dropped by the network" });
    }
  }

  return {
    relay,
    status,
    counters: () => ({
      requests: { ...counts.requests },
      transactions: { ...counts.transactions },
      queueDepth: queue.depth,
    }),
    async close() {
      closed = true;
      await queue.idle();
      stopWatching();
      await Promise.all([...watchers]);
    },
  };
}

function publicStatus(status: RelayRow["status"]): RelayView["status"] {
  return status === "queued" ? "pending" : status;
}

function view(row: RelayRow): RelayView {
  return {
    id: row.id,
    txHash: row.tx_hash,
    status: publicStatus(row.status),
    ...(row.block_number !== null ? { blockNumber: row.block_number.toString() } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    from: row.sender,
    to: row.target,
    contract: row.contract,
    function: row.function_name,
    nonce: row.request_nonce.toString(),
    createdAt: Math.floor(row.created_at.getTime() / 1000),
  };
}
