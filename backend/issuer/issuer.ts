/**
 * The token issuer: names each secret round's district keys before voting and answers every token
 * request on chain with the blind signature. What it sees is what the chain shows anyone: the
 * resident, the district and the blinded message. It never sees a one-time address or an
 * unblinded token (the browser unblinds), so nothing it could keep links a ballot to a resident;
 * it keeps nothing but its keyring anyway (no database tables).
 *
 * The chain is its state: a request is answered when `requestOf(...).status` is still Requested,
 * so a restart, a second issuer process or a reorg never answers twice (the contract refuses a
 * second answer) and never loses one (the next scan finds it).
 */
import type { Provider, Signer } from "ethers";

import { BallotSecrecyLabels, PhaseLabels } from "../../lib/budget/enums.js";
import { signBlinded, toBigInt, toBytes } from "../../lib/blind/index.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import { connectContract } from "../../generated/contracts.js";
import { silentLogger, type Logger } from "../logger/index.js";
import { modulusBytes, type Keyring } from "./keys.js";

const SECRET = BallotSecrecyLabels.indexOf("secret");
const VOTING = PhaseLabels.indexOf("voting");
const CLOSED = PhaseLabels.indexOf("closed");
const REQUESTED = 1n;

export interface IssuerDeps {
  provider: Provider;
  /** The issuer's account: it needs SecretBallots' ISSUER_ROLE and gas. */
  signer: Signer;
  deployment: Deployment;
  keyring: Keyring;
  logger?: Logger;
  /** Milliseconds between scans (default 2,000). */
  pollMs?: number;
}

export interface IssuerScan {
  /** Rounds whose keys this scan named. */
  keysSet: bigint[];
  /** Requests this scan answered. */
  issued: number;
}

export interface Issuer {
  /** One scan: name keys where due, answer every waiting request. */
  scan(): Promise<IssuerScan>;
  /** Scans every `pollMs` until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

export function createIssuer(deps: IssuerDeps): Issuer {
  const logger = (deps.logger ?? silentLogger).child({ subsystem: "issuer" });
  const budgetRound = connectContract("BudgetRound", deps.deployment.contracts.BudgetRound.address, deps.signer);
  const ballots = connectContract("SecretBallots", deps.deployment.contracts.SecretBallots.address, deps.signer);
  const fromBlock = deps.deployment.contracts.SecretBallots.blockNumber;
  const me = deps.signer.getAddress().then((a) => a.toLowerCase());
  /** Rounds nothing more is to be done for: public, another issuer's, or closed and answered. */
  const settled = new Set<bigint>();
  /** Where each of this issuer's rounds was last scanned for requests. */
  const scannedTo = new Map<bigint, number>();

  async function nameKeys(roundId: bigint, districts: readonly bigint[]): Promise<void> {
    const moduli: string[] = [];
    for (const district of districts) moduli.push(modulusBytes(await deps.keyring.ensure(roundId, Number(district))));
    await (await ballots.setIssuerKeys(roundId, moduli)).wait();
    logger.info("named the keys of a secret round", { roundId: roundId.toString(), districts: districts.length });
  }

  /** Whether this issuer answers the round; names its keys first when that is still possible. */
  async function isMine(roundId: bigint, keysSet: bigint[]): Promise<boolean> {
    const rules = await budgetRound.getRules(roundId);
    if (Number(rules.secrecy) !== SECRET) return false;
    const issuer = (await ballots.issuerOf(roundId)).toLowerCase();
    if (issuer === (await me)) return true;
    if (BigInt(issuer) !== 0n) return false;
    if (Number(await budgetRound.phase(roundId)) >= VOTING) {
      logger.warn("a secret round reached voting without keys: nobody can vote in it online", {
        roundId: roundId.toString(),
      });
      return false;
    }
    await nameKeys(roundId, rules.districts);
    keysSet.push(roundId);
    return true;
  }

  async function answer(roundId: bigint): Promise<number> {
    const head = await deps.provider.getBlockNumber();
    const from = scannedTo.get(roundId) ?? fromBlock;
    const requests = await ballots.queryFilter(ballots.filters.TokenRequested(roundId), from, head);
    let issued = 0;
    for (const request of requests) {
      const { resident, district, blinded } = request.args;
      if ((await ballots.requestOf(roundId, resident)).status !== REQUESTED) continue;
      const key = deps.keyring.get(roundId, Number(district));
      if (!key) {
        logger.error("a request for a district key this issuer does not hold", {
          roundId: roundId.toString(),
          district: Number(district),
        });
        continue;
      }
      const blindSignature = toBytes(signBlinded(toBigInt(blinded), key), key.k);
      await (await ballots.issueToken(roundId, resident, blinded, blindSignature)).wait();
      issued++;
    }
    // Re-read the last few blocks next time: a request mined while this scan ran is not missed.
    scannedTo.set(roundId, Math.max(fromBlock, head - 16));
    if (Number(await budgetRound.phase(roundId)) >= CLOSED) settled.add(roundId);
    return issued;
  }

  async function scan(): Promise<IssuerScan> {
    const keysSet: bigint[] = [];
    let issued = 0;
    const rounds = await budgetRound.roundCount();
    for (let roundId = 1n; roundId <= rounds; roundId++) {
      if (settled.has(roundId)) continue;
      if (!scannedTo.has(roundId) && !(await isMine(roundId, keysSet))) {
        // Public, or another issuer's: never this issuer's later either (keys are final), except
        // a secret round still without keys, which the next scan looks at again.
        if (
          BigInt(await ballots.issuerOf(roundId)) !== 0n ||
          Number((await budgetRound.getRules(roundId)).secrecy) !== SECRET
        )
          settled.add(roundId);
        continue;
      }
      issued += await answer(roundId);
    }
    if (issued > 0) logger.info("answered token requests", { issued });
    return { keysSet, issued };
  }

  return {
    scan,
    async run(signal) {
      while (!signal.aborted) {
        try {
          await scan();
        } catch (error) {
          logger.warn("issuer scan failed; trying again", { error: (error as Error).message });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deps.pollMs ?? 2_000);
          signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    },
  };
}
