/** The relayer's settings from the environment, and the allowlist resolved against the generated ABIs. */
import { describe, expect, test } from "vitest";

import { ConfigError } from "../../backend/config/index.js";
import { DEFAULT_ALLOWLIST, loadRelayerConfig, resolveAllowlist } from "../../backend/relayer/index.js";
import { TaskBoardAbi } from "../../generated/abis.js";
import { Interface } from "ethers";

const KEY = "0x" + "11".repeat(32);

describe("relayer configuration", () => {
  test("defaults: no key (no relayer), 10 a minute, 100 a day, officials 60 and 2,000, the default allowlist", () => {
    expect(loadRelayerConfig({})).toEqual({
      privateKey: undefined,
      quotas: {
        perMinute: 10,
        perDay: 100,
        officialPerMinute: 60,
        officialPerDay: 2_000,
        perDayTotal: 10_000,
        ballotReservePercent: 20,
        perClientPerMinute: 120,
        timeZone: "Europe/Amsterdam",
      },
      allowlist: DEFAULT_ALLOWLIST,
      options: { maxGas: 1_000_000n, deadlineMarginSeconds: 15 },
    });
  });

  test("reads every variable", () => {
    const config = loadRelayerConfig({
      RELAYER_PRIVATE_KEY: KEY,
      RELAYER_RATE_PER_MINUTE: "3",
      RELAYER_DAILY_QUOTA: "40",
      RELAYER_OFFICIAL_RATE_PER_MINUTE: "20",
      RELAYER_OFFICIAL_DAILY_QUOTA: "500",
      RELAYER_DAILY_TOTAL: "400",
      RELAYER_BALLOT_RESERVE_PERCENT: "50",
      RELAYER_RATE_PER_MINUTE_PER_CLIENT: "30",
      RELAYER_TIME_ZONE: "UTC",
      RELAYER_MAX_GAS: "500000",
      RELAYER_DEADLINE_MARGIN_SECONDS: "30",
      RELAYER_ALLOWLIST: "TaskBoard.claim, BudgetRound.castApprovalBallot",
    });
    expect(config).toEqual({
      privateKey: KEY,
      quotas: {
        perMinute: 3,
        perDay: 40,
        officialPerMinute: 20,
        officialPerDay: 500,
        perDayTotal: 400,
        ballotReservePercent: 50,
        perClientPerMinute: 30,
        timeZone: "UTC",
      },
      allowlist: { TaskBoard: ["claim"], BudgetRound: ["castApprovalBallot"] },
      options: { maxGas: 500_000n, deadlineMarginSeconds: 30 },
    });
  });

  test("names every bad variable and never prints the key", () => {
    let error: unknown;
    try {
      loadRelayerConfig({
        RELAYER_PRIVATE_KEY: "0x1234secret",
        RELAYER_RATE_PER_MINUTE: "0",
        RELAYER_DAILY_QUOTA: "many",
        RELAYER_BALLOT_RESERVE_PERCENT: "101",
        RELAYER_TIME_ZONE: "Mars/Olympus",
        RELAYER_ALLOWLIST: "TaskBoard.approveAll",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.variable)).toEqual([
      "RELAYER_PRIVATE_KEY",
      "RELAYER_TIME_ZONE",
      "RELAYER_RATE_PER_MINUTE",
      "RELAYER_DAILY_QUOTA",
      "RELAYER_BALLOT_RESERVE_PERCENT",
      "RELAYER_ALLOWLIST",
    ]);
    expect((error as Error).message).not.toContain("secret");
    expect(issues[5]!.problem).toContain("TaskBoard has no function approveAll");
  });

  test("the officials' limits are refused when not a whole number in range, naming the variable and value", () => {
    for (const [variable, raw, range] of [
      ["RELAYER_OFFICIAL_RATE_PER_MINUTE", "0", "1 to 1000000"],
      ["RELAYER_OFFICIAL_RATE_PER_MINUTE", "sixty", "1 to 1000000"],
      ["RELAYER_OFFICIAL_RATE_PER_MINUTE", "60.5", "1 to 1000000"],
      ["RELAYER_OFFICIAL_DAILY_QUOTA", "-5", "1 to 100000000"],
      ["RELAYER_OFFICIAL_DAILY_QUOTA", "100000001", "1 to 100000000"],
    ] as const) {
      let error: unknown;
      try {
        loadRelayerConfig({ [variable]: raw });
      } catch (caught) {
        error = caught;
      }
      expect(error, `${variable}=${raw}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([
        { variable, value: raw, problem: `must be a whole number from ${range}` },
      ]);
      expect((error as Error).message).toContain(variable);
      expect((error as Error).message).toContain(raw);
    }
  });

  test("the default allowlist resolves to selectors of resident-facing functions only", () => {
    const resolved = resolveAllowlist(DEFAULT_ALLOWLIST);
    const names = Object.fromEntries([...resolved].map(([contract, selectors]) => [contract, [...selectors.values()]]));
    expect(names).toEqual({
      TaskBoard: ["claim", "submitEvidence", "releaseExpiredClaim"],
      BudgetRound: ["submitProposal", "support", "castApprovalBallot", "castCumulativeBallot"],
      ResidentRegistry: ["redeemVoteCode"],
      LocalCoin: ["transfer", "redeem", "permit"],
      SecretBallots: ["requestToken"],
      ResultCommitments: ["lodgeObjection"],
    });
    const claim = new Interface(TaskBoardAbi as unknown as string).getFunction("claim")!.selector;
    expect(resolved.get("TaskBoard")!.get(claim)).toBe("claim");
    expect(() => resolveAllowlist({ BuurtkasForwarder: ["execute"] })).toThrow(/forwarder itself/);
    expect(() => resolveAllowlist({ TaskBoard: ["getTask"] })).toThrow(/view function/);
  });
});
