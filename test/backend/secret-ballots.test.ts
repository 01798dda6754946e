/**
 * A secret round through the backend: the issuer service names the district keys and answers
 * token requests relayed for residents without ether; the relayer sends one-time keys' anonymous
 * ballots and re-votes; and neither the relayer's database nor the issuer's keyring holds any
 * value a ballot carries (the issuer has no tables at all).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { type HDNodeWallet, Wallet } from "ethers";
import { afterAll, describe, expect, test } from "vitest";

import { createIssuer, openKeyring } from "../../backend/issuer/index.js";
import {
  BALLOT_TYPES,
  ballotDomain,
  blind,
  publicKeyFromBytes,
  toBigInt,
  toBytes,
  tokenMessage,
  tokenSeed,
  unblind,
} from "../../lib/blind/index.js";
import { databaseKind } from "../helpers/database.js";
import { Phase, approvalRules, bits, goToPhase, prepareRound, registerResidents } from "../helpers/rounds.js";
import { bare } from "../helpers/secret.js";
import { bodyOf, newResidents, postRelay, settled, signCall, useRelayHarness } from "./relayer-harness.js";

const h = useRelayHarness();
const keyringDir = mkdtempSync(path.join(tmpdir(), "buurtkas-issuer-"));
afterAll(() => rmSync(keyringDir, { recursive: true, force: true }));

interface BrowserVoter {
  resident: HDNodeWallet;
  oneTime: HDNodeWallet;
  r: bigint;
  token?: string;
}

async function postBallot(body: unknown) {
  const response = await fetch(`${h.app.url}/api/relay/secret-ballot`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe(`secret ballots through the issuer and the relayer (${databaseKind} database)`, () => {
  test("tokens issued, anonymous ballots and a re-vote relayed, and nothing recorded links them", async () => {
    const { system } = h;
    const { secretBallots, budgetRound, official } = system;
    const ballotsAddress = await secretBallots.getAddress();
    const { chainId } = await system.ethers.provider.getNetwork();
    const proposer = system.residents[0]!;
    await registerResidents(system, 1, [proposer]);
    await registerResidents(system, 2, [system.residents[1]!]);
    const residents = await newResidents(system, 2, 1);

    const issuerSigner = system.verifier;
    await secretBallots.grantRole(await secretBallots.ISSUER_ROLE(), issuerSigner.address);
    const keyringFile = path.join(keyringDir, "keyring.json");
    const issuer = createIssuer({
      provider: system.ethers.provider,
      signer: issuerSigner,
      deployment: h.deployment,
      keyring: await openKeyring(keyringFile),
    });

    const rules = await approvalRules(system, { secrecy: 1 });
    const plans = [
      { district: 1, cost: 100 },
      { district: 1, cost: 200 },
      { district: 2, cost: 100 },
    ];
    const { roundId } = await prepareRound(
      system,
      rules,
      plans,
      { 1: [proposer], 2: [system.residents[1]!] },
      Phase.Review,
    );
    expect((await issuer.scan()).keysSet).toEqual([roundId]);
    expect(await secretBallots.issuerOf(roundId)).toBe(issuerSigner.address);

    // Each browser blinds a message for a fresh one-time key and asks through the relayer.
    const key = publicKeyFromBytes(await secretBallots.issuerKey(roundId, 1));
    const context = { chainId, contract: ballotsAddress, roundId, district: 1 };
    const voters: BrowserVoter[] = [];
    for (const resident of residents) {
      const oneTime = Wallet.createRandom();
      const { blinded, r } = blind(tokenMessage(context, oneTime.address, key), key);
      const data = secretBallots.interface.encodeFunctionData("requestToken", [roundId, toBytes(blinded, key.k)]);
      const sent = await postRelay(h.app, bodyOf(await signCall(system, resident, ballotsAddress, data)));
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect((await settled(h.app, sent.body.id)).body.status).toBe("mined");
      voters.push({ resident, oneTime, r });
    }
    expect((await issuer.scan()).issued).toBe(2);
    expect((await issuer.scan()).issued).toBe(0);
    for (const voter of voters) {
      const [issued] = await secretBallots.queryFilter(
        secretBallots.filters.TokenIssued(roundId, 1, voter.resident.address),
      );
      voter.token = toBytes(unblind(toBigInt(issued!.args.blindSignature), voter.r, key), key.k);
    }

    for (const district of rules.districts) await budgetRound.connect(official).publishBallot(roundId, district);
    await goToPhase(system, rules, Phase.Voting);
    const domain = ballotDomain(chainId, ballotsAddress);
    const sign = (voter: BrowserVoter, selection: bigint, sequence: bigint) =>
      voter.oneTime.signTypedData(domain, BALLOT_TYPES, { roundId, district: 1, selection, sequence });
    const first = (voter: BrowserVoter, selection: bigint) =>
      sign(voter, selection, 0n).then((signature) => ({
        roundId: roundId.toString(),
        district: 1,
        selection: selection.toString(),
        signature,
        token: { roundId: roundId.toString(), district: 1, signature: voter.token! },
      }));

    const ballotBodies = [await first(voters[0]!, bits(0)), await first(voters[1]!, bits(0, 1))];
    for (const body of ballotBodies) {
      const answer = await postBallot(body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      expect(Object.keys(answer.body)).toEqual(["txHash"]);
      expect((await system.ethers.provider.waitForTransaction(answer.body.txHash))!.status).toBe(1);
    }
    expect(await budgetRound.getTallies(roundId, 1)).toEqual([2n, 1n]);

    const revote = {
      roundId: roundId.toString(),
      district: 1,
      selection: bits(1).toString(),
      sequence: "1",
      signature: await sign(voters[0]!, bits(1), 1n),
    };
    const replaced = await postBallot(revote);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(202);
    await system.ethers.provider.waitForTransaction(replaced.body.txHash);
    expect(await budgetRound.getTallies(roundId, 1)).toEqual([1n, 2n]);

    // Refusals, by name, before anything is sent.
    const reused = await postBallot(ballotBodies[0]);
    expect(reused.status).toBe(422);
    expect(reused.body.error.details.name).toBe("SecretTokenAlreadyUsed");
    const stale = await postBallot(revote);
    expect(stale.body.error.details.name).toBe("SecretStaleSequence");
    const tooMany = await postBallot({ ...revote, sequence: "21" });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([429, "quota_exceeded"]);
    const neither = await postBallot({ ...revote, sequence: undefined });
    expect([neither.status, neither.body.error.details[0].field]).toEqual([400, "body.token"]);

    // Unlinkability: every value the ballots carried, searched in every table of the relayer's
    // database and in the issuer's keyring.
    const ballotValues = voters.flatMap((voter) => [
      voter.oneTime.address,
      voter.token!,
      toBytes(tokenMessage(context, voter.oneTime.address, key), key.k),
      tokenSeed(context, voter.oneTime.address),
    ]);
    ballotValues.push(...ballotBodies.map((body) => body.signature), revote.signature, replaced.body.txHash);
    const searched = await everyRow();
    expect(searched.length).toBeGreaterThan(0);
    const keyring = readFileSync(keyringFile, "utf8").toLowerCase();
    for (const value of ballotValues) {
      const needle = bare(value);
      expect(searched.includes(needle), `the relayer's database holds ${value}`).toBe(false);
      expect(keyring.includes(needle), `the issuer's keyring holds ${value}`).toBe(false);
    }
    // The relayer did keep the token requests (they are on chain anyway, with the resident).
    expect(searched.includes(bare(residents[0]!.address))).toBe(true);
  }, 180_000);
});

/** Every row of every table in the database, as one lowercase text (hex without 0x). */
async function everyRow(): Promise<string> {
  const { sql } = h.db;
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
  `;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await sql`select * from ${sql(table_name)}`;
    parts.push(JSON.stringify(rows, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
  }
  return parts.join("\n").toLowerCase().replaceAll("0x", "");
}
