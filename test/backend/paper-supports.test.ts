/**
 * Paper support forms in the index and the API: the desk's PaperSupportWithCodeRecorded events
 * become rows naming the code's address (never the code), batch and clerk; the proposal's support
 * count holds paper and online supports, and `paperSupportCount` says how many came on paper,
 * both equal to a recount from the chain's events alone.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createApp, type ApiApp } from "../../backend/api/index.js";
import type { Database } from "../../backend/db/index.js";
import { createIndexer } from "../../backend/indexer/index.js";
import type { Proposal } from "../../lib/api/schemas.js";
import { signPaperSupport } from "../../lib/paper/index.js";
import { buildCodeTree, codeWallet, generateCode, proofFor } from "../../lib/votecodes/index.js";
import { createTestDatabase } from "../helpers/database.js";
import { approvalRules, Phase, prepareRound, registerResidents, type PreparedRound } from "../helpers/rounds.js";
import { DAY, YEAR, deploySystem, now, type System } from "../helpers/system.js";
import { deploymentOf } from "./support/chain.js";

let system: System;
let db: Database;
let app: ApiApp;
let server: Server;
let base: string;
let round: PreparedRound;
let clerk: HardhatEthersSigner;
const codes = [generateCode(), generateCode(), generateCode()];

beforeAll(async () => {
  system = await deploySystem();
  const north = system.residents.slice(0, 2);
  clerk = system.residents[9]!;
  await registerResidents(system, 1, north);
  await registerResidents(system, 2, system.residents.slice(2, 3));
  await system.paperDesk.connect(system.admin).grantRole(await system.paperDesk.CLERK_ROLE(), clerk.address);
  const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
  const until = (await now(system)) + 200 * DAY;
  await system.registry.connect(system.admin).publishCodeBatch(1, tree.root, codes.length, until, until + YEAR);
  const batchId = await system.registry.codeBatchCount();
  round = await prepareRound(
    system,
    await approvalRules(system),
    [
      { district: 1, cost: 100, supports: 1 },
      { district: 1, cost: 200 },
    ],
    { 1: north, 2: system.residents.slice(2, 3) },
    Phase.Support,
  );
  const desk = await system.paperDesk.getAddress();
  const chainId = (await system.ethers.provider.getNetwork()).chainId;
  const paper = async (code: string, proposalId: bigint) => {
    const signature = await signPaperSupport(code, { desk, chainId, batchId }, proposalId);
    const proof = proofFor(tree, codeWallet(code).address);
    await (await system.paperDesk.connect(clerk).recordSupport(proposalId, batchId, signature, proof)).wait();
  };
  const [first, second] = round.proposalIds as [bigint, bigint];
  await paper(codes[0]!, first);
  await paper(codes[1]!, first);
  await paper(codes[0]!, second);

  db = await createTestDatabase();
  const deployment = await deploymentOf(system);
  const indexer = createIndexer({
    db,
    provider: system.ethers.provider,
    deployment,
    batchBlocks: 50,
    pollIntervalMs: 10,
    retry: { baseDelayMs: 1, maxDelayMs: 10 },
  });
  await indexer.catchUp();
  app = createApp({ db, provider: system.ethers.provider, deployment, checkResponses: true });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  app?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

describe("paper supports in the index", () => {
  test("every desk event is a row with the code's address, batch and clerk, and no code", async () => {
    const { paperDesk } = system;
    const events = await paperDesk.queryFilter(paperDesk.filters.PaperSupportWithCodeRecorded());
    const rows = await db.sql<{ proposal_id: string; code_signer: string; clerk: string; district: string }[]>`
      select proposal_id::text, code_signer, clerk, district::text from paper_support_recorded
      order by block_number, log_index
    `;
    expect(rows).toEqual(
      events.map((e) => ({
        proposal_id: e.args.proposalId.toString(),
        code_signer: e.args.codeSigner.toLowerCase(),
        clerk: e.args.clerk.toLowerCase(),
        district: e.args.district.toString(),
      })),
    );
    expect(rows).toHaveLength(3);
    const stored = JSON.stringify(await db.sql`select * from paper_support_recorded`, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    for (const code of codes) expect(stored).not.toContain(code);
  });

  test("the API's support counts equal the chain's, with the paper share recounted from the desk's events", async () => {
    const { budgetRound, paperDesk } = system;
    const response = await fetch(`${base}/api/rounds/${round.roundId}/proposals`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Proposal[] };
    for (const id of round.proposalIds) {
      const proposal = items.find((p) => p.proposalId === id.toString())!;
      const onPaper = await paperDesk.queryFilter(paperDesk.filters.PaperSupportWithCodeRecorded(id));
      expect(proposal.supportCount).toBe(Number((await budgetRound.getProposal(id)).supportCount));
      expect(proposal.paperSupportCount).toBe(onPaper.length);
    }
    const [first, second] = round.proposalIds.map((id) => items.find((p) => p.proposalId === id.toString())!);
    expect([first!.supportCount, first!.paperSupportCount]).toEqual([3, 2]);
    expect([second!.supportCount, second!.paperSupportCount]).toEqual([1, 1]);
  });
});
