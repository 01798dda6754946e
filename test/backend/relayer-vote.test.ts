/**
 * A resident's whole participatory-budgeting journey through the relayer over HTTP, with a key
 * that never holds ether: register with a household vote code, support proposals, vote, change
 * the vote, pay a shop; and a ballot that breaks the rules comes back with BudgetRound's error.
 */
import { Wallet, id } from "ethers";
import { describe, expect, test } from "vitest";

import { buildCodeTree, codeWallet, generateCode, proofFor, signVoteCode } from "../../lib/votecodes/index.js";
import { databaseKind } from "../helpers/database.js";
import {
  Phase,
  approvalRules,
  bits,
  goToPhase,
  plain,
  plansFor,
  prepareRound,
  registerResidents,
} from "../helpers/rounds.js";
import { DAY, YEAR, now } from "../helpers/system.js";
import { bodyOf, postRelay, settled, signCall, useRelayHarness } from "./relayer-harness.js";

const h = useRelayHarness();

async function relay(signer: Wallet | ReturnType<typeof Wallet.createRandom>, to: string, data: string) {
  const answer = await postRelay(h.app, bodyOf(await signCall(h.system, signer, to, data)));
  if (answer.status !== 202) return answer;
  return settled(h.app, answer.body.id);
}

describe(`relayer: voting and paying (${databaseKind} database)`, () => {
  test("a resident with 0 ETH redeems a vote code, supports, votes and re-votes; the chain counts the ballot", async () => {
    const { system } = h;
    const { registry, budgetRound, official, ethers } = system;
    const resident = Wallet.createRandom().connect(ethers.provider);
    const proposer = system.residents[0]!;
    await registerResidents(system, 1, [proposer]);

    // Register with a household vote code (letter from the municipality).
    const codes = [generateCode(), generateCode()];
    const tree = buildCodeTree(codes.map((code) => codeWallet(code).address));
    const start = await now(system);
    await registry.publishCodeBatch(1, tree.root, codes.length, start + 30 * DAY, start + YEAR);
    const batchId = await registry.codeBatchCount();
    const codeSignature = await signVoteCode(codes[0]!, {
      registry: await registry.getAddress(),
      chainId: (await ethers.provider.getNetwork()).chainId,
      account: resident.address,
      district: 1,
      batchId,
    });
    const redeemed = await relay(
      resident,
      await registry.getAddress(),
      registry.interface.encodeFunctionData("redeemVoteCode", [
        batchId,
        codeSignature,
        proofFor(tree, codeWallet(codes[0]!).address),
      ]),
    );
    expect(redeemed.body).toMatchObject({ status: "mined", contract: "ResidentRegistry", function: "redeemVoteCode" });
    expect(await registry.isResident(resident.address, 1)).toBe(true);

    const rules = await approvalRules(system, { supportThreshold: 1 });
    const { roundId, proposalIds } = await prepareRound(
      system,
      rules,
      [
        { district: 1, cost: 300, review: "unreviewed" },
        { district: 1, cost: 200, review: "unreviewed" },
      ],
      { 1: [proposer] },
      Phase.Support,
    );
    const roundAddress = await budgetRound.getAddress();
    for (const proposalId of proposalIds) {
      const supported = await relay(
        resident,
        roundAddress,
        budgetRound.interface.encodeFunctionData("support", [proposalId]),
      );
      expect(supported.body.status).toBe("mined");
      expect(await budgetRound.hasSupported(proposalId, resident.address)).toBe(true);
    }

    await goToPhase(system, rules, Phase.Review);
    for (const proposalId of proposalIds) await budgetRound.connect(official).review(proposalId, true, 300, id("ok"));
    await budgetRound.connect(official).publishBallot(roundId, 1);
    await goToPhase(system, rules, Phase.Voting);

    const first = await relay(
      resident,
      roundAddress,
      budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0, 1)]),
    );
    expect(first.body).toMatchObject({ status: "mined", function: "castApprovalBallot" });
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual([1n, 1n]);

    const second = await relay(
      resident,
      roundAddress,
      budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(1)]),
    );
    expect(second.body.status).toBe("mined");
    expect(plain(await budgetRound.approvalBallotOf(roundId, resident.address))).toEqual([1n, bits(1)]);
    expect(plain(await budgetRound.getTallies(roundId, 1))).toEqual([0n, 1n]);
    expect(await ethers.provider.getBalance(resident.address)).toBe(0n);
  });

  test("a ballot over the budget is refused with BudgetRound's BallotOverBudget and its arguments", async () => {
    const { system } = h;
    const { budgetRound } = system;
    const [voter, proposer] = [Wallet.createRandom(), system.residents[1]!];
    await registerResidents(system, 1, [voter, proposer]);
    const { roundId } = await prepareRound(system, await approvalRules(system), plansFor({ 1: [600, 600] }), {
      1: [proposer],
    });
    const answer = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          voter,
          await budgetRound.getAddress(),
          budgetRound.interface.encodeFunctionData("castApprovalBallot", [roundId, 1, bits(0, 1)]),
        ),
      ),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: "reverted",
      details: { contract: "BudgetRound", name: "BallotOverBudget", args: ["1200", "1000"] },
    });
  });

  test("a resident pays a shop with coins through the relayer", async () => {
    const { system } = h;
    const { coin, merchant } = system;
    const payer = Wallet.createRandom();
    await registerResidents(system, 1, [payer]);
    await coin.mint(payer.address, 1_000n);
    const paid = await relay(
      payer,
      await coin.getAddress(),
      coin.interface.encodeFunctionData("transfer", [merchant.address, 250n]),
    );
    expect(paid.body).toMatchObject({ status: "mined", contract: "LocalCoin", function: "transfer" });
    expect(await coin.balanceOf(merchant.address)).toBe(250n);
    expect(await coin.balanceOf(payer.address)).toBe(750n);

    const tooMuch = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          payer,
          await coin.getAddress(),
          coin.interface.encodeFunctionData("transfer", [merchant.address, 10_000n]),
        ),
      ),
    );
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.details).toMatchObject({
      contract: "LocalCoin",
      name: "ERC20InsufficientBalance",
      args: [payer.address.toLowerCase(), "750", "10000"],
    });
  });
});
