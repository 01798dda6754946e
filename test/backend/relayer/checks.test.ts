/** The relayer's checks on the request alone (backend/relayer/checks.ts): no chain, no database. */
import { describe, expect, test } from "vitest";

import { contractInterfaces } from "../../../lib/contracts/interfaces.js";
import {
  DEFAULT_ALLOWLIST,
  OFFICIAL_FUNCTIONS,
  resolveAllowlist,
  resolveOfficialFunctions,
} from "../../../backend/relayer/allowlist.js";
import { createCallCheck } from "../../../backend/relayer/checks.js";
import { RelayError } from "../../../backend/relayer/errors.js";
import { addressOf, deployment, request } from "./fixtures.js";

const check = createCallCheck({
  deployment,
  allowlist: resolveAllowlist(DEFAULT_ALLOWLIST),
  officials: resolveOfficialFunctions(OFFICIAL_FUNCTIONS),
  maxGas: 500_000n,
});
const taskBoard = contractInterfaces.TaskBoard;
const coin = contractInterfaces.LocalCoin;
const budget = contractInterfaces.BudgetRound;
const claim = taskBoard.encodeFunctionData("claim", [7n]);

function refusal(run: () => unknown): RelayError {
  try {
    run();
  } catch (error) {
    if (error instanceof RelayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("relayer checks", () => {
  test("an allowed call passes and says whether it is a vote", () => {
    expect(check(request(addressOf("TaskBoard"), claim))).toEqual({
      contract: "TaskBoard",
      fn: "claim",
      voting: false,
    });
    const ballot = budget.encodeFunctionData("castApprovalBallot", [1n, 1, 3n]);
    expect(check(request(addressOf("BudgetRound"), ballot))).toEqual({
      contract: "BudgetRound",
      fn: "castApprovalBallot",
      voting: true,
    });
  });

  test("target_not_allowed: a stranger's address and the forwarder itself", () => {
    for (const to of ["0x" + "99".repeat(20), addressOf("BuurtkasForwarder")]) {
      const error = refusal(() => check(request(to, claim)));
      expect(error).toMatchObject({ status: 403, code: "target_not_allowed", details: { to } });
    }
  });

  test("an official's function passes with the roles the signer must hold; an admin's function does not", () => {
    const review = budget.encodeFunctionData("review", [1n, true, 10n, "0x" + "11".repeat(32)]);
    expect(check(request(addressOf("BudgetRound"), review))).toEqual({
      contract: "BudgetRound",
      fn: "review",
      voting: false,
      roles: ["REVIEWER_ROLE"],
    });
    const register = contractInterfaces.ResidentRegistry.encodeFunctionData("register", [
      addressOf("TaskBoard"),
      2,
      99n,
    ]);
    expect(check(request(addressOf("ResidentRegistry"), register)).roles).toEqual(["REGISTRAR_ROLE"]);
    const cancelRound = budget.encodeFunctionData("cancelRound", [1n, "0x" + "00".repeat(32)]);
    expect(refusal(() => check(request(addressOf("BudgetRound"), cancelRound)))).toMatchObject({
      status: 403,
      code: "function_not_allowed",
      details: { function: "cancelRound" },
    });
    const mint = coin.encodeFunctionData("mint", [addressOf("TaskBoard"), 1n]);
    expect(refusal(() => check(request(addressOf("LocalCoin"), mint))).details).toMatchObject({
      function: "mint",
      officials: ["grantRole", "revokeRole", "registerMerchant", "removeMerchant", "renameMerchant"],
    });
  });

  test("a function on both lists carries its roles and lets a resident qualify as well", () => {
    const release = contractInterfaces.TaskBoard.encodeFunctionData("releaseExpiredClaim", [
      1n,
      addressOf("TaskBoard"),
    ]);
    expect(check(request(addressOf("TaskBoard"), release))).toEqual({
      contract: "TaskBoard",
      fn: "releaseExpiredClaim",
      voting: false,
      roles: ["TASK_POSTER_ROLE", "DEFAULT_ADMIN_ROLE"],
      orResident: true,
    });
  });

  test("function_not_allowed names the function when the ABI knows it", () => {
    const approve = coin.encodeFunctionData("approve", [addressOf("TaskBoard"), 1n]);
    expect(refusal(() => check(request(addressOf("LocalCoin"), approve)))).toMatchObject({
      status: 403,
      code: "function_not_allowed",
      details: { contract: "LocalCoin", function: "approve", allowed: ["transfer", "redeem", "permit"] },
    });
    expect(refusal(() => check(request(addressOf("LocalCoin"), "0xdeadbeef"))).details).toMatchObject({
      selector: "0xdeadbeef",
      function: null,
    });
  });

  test("value and gas are refused by field", () => {
    expect(refusal(() => check(request(addressOf("TaskBoard"), claim, { value: 1n })))).toMatchObject({
      status: 400,
      code: "invalid_request",
      details: [{ field: "body.request.value", value: "1" }],
    });
    expect(refusal(() => check(request(addressOf("TaskBoard"), claim, { gas: 500_001n }))).details).toEqual([
      { field: "body.request.gas", message: "must be at most 500000", value: "500001" },
    ]);
  });

  test("calldata must be exactly its call's ABI encoding: appended bytes, dirty padding, truncation", () => {
    const padded = refusal(() => check(request(addressOf("TaskBoard"), claim + "00")));
    expect(padded).toMatchObject({ status: 400, details: [{ field: "body.request.data", value: "37 bytes" }] });
    expect(padded.message).toContain("TaskBoard.claim(uint256) with these arguments is 36 bytes");

    const transfer = coin.encodeFunctionData("transfer", [addressOf("TaskBoard"), 5n]);
    const dirty = transfer.slice(0, 10) + "01" + transfer.slice(12);
    expect(refusal(() => check(request(addressOf("LocalCoin"), dirty))).details).toMatchObject([
      { field: "body.request.data" },
    ]);

    const truncated = refusal(() => check(request(addressOf("TaskBoard"), claim.slice(0, -2))));
    expect(truncated.message).toContain("does not decode as the arguments of TaskBoard.claim(uint256)");

    // A dynamic argument whose offset points past junk hidden between the head and the data.
    const evidence = taskBoard.encodeFunctionData("submitEvidence", [7n, "0x" + "11".repeat(32)]);
    expect(() => check(request(addressOf("TaskBoard"), evidence))).not.toThrow();
    const proof = contractInterfaces.ResidentRegistry.encodeFunctionData("redeemVoteCode", [
      1n,
      "0x" + "22".repeat(65),
      [],
    ]);
    // Head: batchId, offset of signature, offset of proof. Both offsets move one word further and
    // a junk word goes where the tail began: it decodes to the same arguments, 32 bytes longer.
    const words = proof.slice(10).match(/.{64}/g)!;
    const later = (word: string) => (BigInt("0x" + word) + 32n).toString(16).padStart(64, "0");
    const shifted = [words[0]!, later(words[1]!), later(words[2]!), "ee".repeat(32), ...words.slice(3)];
    expect(
      contractInterfaces.ResidentRegistry.decodeFunctionData(
        "redeemVoteCode",
        proof.slice(0, 10) + shifted.join(""),
      ).toArray(),
    ).toEqual(contractInterfaces.ResidentRegistry.decodeFunctionData("redeemVoteCode", proof).toArray());
    const hidden = proof.slice(0, 10) + shifted.join("");
    expect(refusal(() => check(request(addressOf("ResidentRegistry"), hidden))).details).toMatchObject([
      { field: "body.request.data" },
    ]);
  });
});
