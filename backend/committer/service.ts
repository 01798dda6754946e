/**
 * The committer as a background service of the API process (started by `startServer`, so by
 * `npm start`, when COMMITTER_PRIVATE_KEY is set): one {@link Committer} tick every interval,
 * each action logged, failures logged and retried at the next tick. Only this key signs, so its
 * nonces are its own; run it in one process per deployment.
 */
import { Wallet, type Provider } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import type { Logger } from "../logger/index.js";
import { createCommitter, type CommitterAction } from "./index.js";

export interface CommitterServiceOptions {
  provider: Provider;
  /** 0x + 64 hex: an account holding ResultCommitments' COMMITTER_ROLE. */
  privateKey: string;
  deployment: Deployment;
  logger: Logger;
  intervalMs?: number;
}

export interface CommitterService {
  /** Resolves when the tick under way (if any) has finished. */
  stop(): Promise<void>;
  /** Runs one tick now (tests and the CLI). */
  tickNow(): Promise<CommitterAction[]>;
}

/** Reads COMMITTER_PRIVATE_KEY; undefined when unset, a clear error when malformed. */
export function committerKeyFromEnv(env: Record<string, string | undefined>): string | undefined {
  const key = env.COMMITTER_PRIVATE_KEY?.trim();
  if (!key) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new Error("invalid configuration: COMMITTER_PRIVATE_KEY must be 0x followed by 64 hex digits");
  }
  return key;
}

export function startCommitterService(options: CommitterServiceOptions): CommitterService {
  const { deployment, logger } = options;
  const budgetRound = deployment.contracts.BudgetRound;
  const committer = createCommitter({
    provider: options.provider,
    signer: new Wallet(options.privateKey, options.provider),
    budgetRound: budgetRound.address,
    resultCommitments: deployment.contracts.ResultCommitments.address,
    fromBlock: budgetRound.blockNumber,
  });
  let running: Promise<CommitterAction[]> | undefined;
  let stopped = false;
  const tickNow = () =>
    (running ??= committer
      .tick()
      .then((actions) => {
        for (const action of actions) logger.info(`committer: ${action.kind}`, describe(action));
        return actions;
      })
      .catch((error: unknown) => {
        logger.warn("committer: tick failed, retrying at the next one", { error: (error as Error).message });
        return [];
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => {
    if (!stopped) void tickNow();
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    tickNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

function describe(action: CommitterAction): Record<string, string | number> {
  return action.kind === "committed"
    ? {
        round: action.roundId.toString(),
        district: action.district,
        selected: action.selected.join(","),
        toBlock: action.toBlock,
      }
    : { round: action.roundId.toString() };
}
