/**
 * Every refusal a resident can meet reads as a plain sentence: each custom error in every
 * contract's ABI of the build, and each code the API and the relayer refuse with, has a Dutch and
 * an English sentence (frontend/src/lib/errors) without the error's name, a hex value or a
 * placeholder left unfilled. The lists come from the generated ABIs and the backend's source, so
 * an error or code anyone adds later fails here until it has its sentence.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { AbiCoder, Interface } from "ethers";
import { describe, expect, test } from "vitest";

import * as abis from "../../generated/abis.js";
import { ApiError } from "../../frontend/src/lib/api/client.js";
import {
  apiErrorSentences,
  apiSentence,
  contractErrorSentences,
  contractSentence,
  plainError,
  SendError,
} from "../../frontend/src/lib/errors/index.js";
import { formatCoins, formatCount, formatEuros } from "../../frontend/src/lib/format.js";

const HEX = /0x[0-9a-f]{4,}/i;
const langs = ["nl", "en"] as const;

interface AbiError {
  type: string;
  name?: string;
  inputs?: readonly { name: string; type: string }[];
}

/** Every error of every generated ABI, once per name (the same OpenZeppelin error recurs). */
function abiErrors(): Map<string, { contract: string; inputs: readonly { name: string; type: string }[] }> {
  const found = new Map<string, { contract: string; inputs: readonly { name: string; type: string }[] }>();
  for (const [exportName, abi] of Object.entries(abis)) {
    if (!exportName.endsWith("Abi") || !Array.isArray(abi)) continue;
    for (const entry of abi as readonly AbiError[]) {
      if (entry.type === "error" && entry.name && !found.has(entry.name)) {
        found.set(entry.name, { contract: exportName.slice(0, -3), inputs: entry.inputs ?? [] });
      }
    }
  }
  return found;
}

/** A plausible value of each Solidity type, as lib/chain/revert.ts decodes it (decimal strings, lowercase addresses). */
function sample(type: string): unknown {
  if (type === "address") return "0x" + "ab".repeat(20);
  if (type.startsWith("uint") || type.startsWith("int")) return "4443";
  if (type.startsWith("bytes")) return "0x" + "cd".repeat(32);
  if (type === "string") return "budget";
  if (type === "bool") return true;
  return "1";
}

function expectPlain(sentence: string, name: string): void {
  expect(sentence.length, name).toBeGreaterThan(20);
  // A code that is an ordinary word ("expired") may be used as one.
  if (/[_A-Z]/.test(name)) expect(sentence, name).not.toContain(name);
  expect(sentence, name).not.toMatch(HEX);
  expect(sentence, name).not.toMatch(/[{}]|undefined|NaN|null/);
  // Technical words a resident does not know.
  expect(sentence, name).not.toMatch(/revert|nonce|gas\b|ERC|calldata|selector/i);
}

describe("contract errors", () => {
  const errors = abiErrors();

  test("the build's ABIs declare errors (the walk below is not vacuous)", () => {
    expect(errors.size).toBeGreaterThan(50);
    expect(errors.has("RoundWrongPhase")).toBe(true);
  });

  test.each([...errors.keys()])("%s has a plain sentence in Dutch and English", (name) => {
    const { inputs } = errors.get(name)!;
    const args = Object.fromEntries(inputs.map((input, i) => [input.name || String(i), sample(input.type)]));
    for (const lang of langs) {
      const sentence = contractSentence(name, args, lang);
      expect(
        sentence,
        `${name} has no sentence in ${lang} (add it to frontend/src/lib/errors/contractErrors.ts)`,
      ).not.toBeNull();
      expectPlain(sentence!, name);
    }
    expect(contractSentence(name, args, "nl")).not.toBe(contractSentence(name, args, "en"));
  });

  test("no sentence for an error that no ABI declares any more", () => {
    expect(Object.keys(contractErrorSentences).filter((name) => !errors.has(name))).toEqual([]);
  });

  test("amounts are written the Dutch or the English way, with their unit", () => {
    const over = contractSentence("BallotOverBudget", { cost: "30000", limit: "25000" }, "nl")!;
    expect(over).toContain(formatEuros(30000n, "nl"));
    expect(formatEuros(30000n, "nl")).toMatch(/^€\s30\.000$/);
    expect(formatEuros(30000n, "en")).toBe("€30,000");
    const cap = contractSentence("TaskYearlyCapExceeded", { earned: "149950", reward: "500", cap: "150000" }, "nl")!;
    expect(cap).toContain("1.499,50");
    expect(cap).toContain("1.500,00");
    expect(formatCoins(-123456n, "en")).toBe("−1,234.56");
    expect(formatCount(4443, "nl")).toBe("4.443");
  });

  test("a wrong phase names both phases in the resident's language", () => {
    expect(contractSentence("RoundWrongPhase", { roundId: "3", phase: "4", expected: "2" }, "nl")).toContain(
      '"Stemmen"',
    );
    expect(contractSentence("RoundWrongPhase", { roundId: "3", phase: "4", expected: "2" }, "en")).toContain(
      '"Support"',
    );
  });
});

describe("API and relayer refusals", () => {
  /** Codes passed as literals to `new ApiError(status, "code"` / `new RelayError(…` anywhere in backend/. */
  function backendCodes(): Set<string> {
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const file = path.join(dir, entry);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const source = readFileSync(file, "utf8");
          for (const match of source.matchAll(/(?:ApiError|RelayError)\(\s*\d{3},\s*"([a-z_]+)"/g))
            codes.add(match[1]!);
          // Codes chosen by an expression: `status === 416 ? "range_not_satisfiable" : "precondition_failed"`.
          // (Only the branches after `?` are codes; the condition may compare other strings.)
          for (const match of source.matchAll(/(?:ApiError|RelayError)\(\s*[^,"]+,\s*[^,?]*\?([^,]*),/g)) {
            for (const literal of match[1]!.matchAll(/"([a-z_]+)"/g)) codes.add(literal[1]!);
          }
        }
      }
    };
    walk(path.join(import.meta.dirname, "../../backend"));
    const union = readFileSync(path.join(import.meta.dirname, "../../backend/relayer/errors.ts"), "utf8");
    for (const match of union.matchAll(/\|\s*"([a-z_]+)"/g)) codes.add(match[1]!);
    return codes;
  }

  const codes = backendCodes();

  test("the backend's codes are found (the walk below is not vacuous)", () => {
    expect(codes).toContain("not_eligible");
    expect(codes).toContain("range_not_satisfiable");
    expect(codes).toContain("already_hidden");
    expect(codes).not.toContain("hide");
    expect(codes.size).toBeGreaterThan(20);
  });

  test.each([...codes].filter((code) => code !== "reverted"))(
    "%s has a plain sentence in Dutch and English",
    (code) => {
      expect(Object.keys(apiErrorSentences), `add "${code}" to frontend/src/lib/errors/apiErrors.ts`).toContain(code);
      for (const lang of langs) expectPlain(apiSentence(code, { retryAfterSeconds: 90 }, lang), code);
    },
  );

  test("a relayed call the contract refuses reads as the contract error's sentence", () => {
    const details = { contract: "TaskBoard", name: "TaskNoOpenSlot", args: ["6"], namedArgs: { taskId: "6" } };
    const error = new SendError("refused", {
      cause: new ApiError(422, "reverted", "TaskBoard would revert: TaskNoOpenSlot(6)", details),
    });
    expect(plainError(error, "nl")).toBe(contractSentence("TaskNoOpenSlot", { taskId: "6" }, "nl"));
  });

  test("a direct call's revert data is decoded with the build's ABIs", () => {
    const iface = new Interface(abis.ResidentRegistryAbi);
    const data = iface.encodeErrorResult("RegistryVoteCodeUsed", ["0x" + "ab".repeat(20)]);
    const thrown = Object.assign(new Error("execution reverted"), { data, code: "CALL_EXCEPTION" });
    const sentence = plainError(new SendError("failed", { cause: thrown, contract: "ResidentRegistry" }), "en");
    expect(sentence).toMatch(/already been used/);
    expectPlain(sentence, "RegistryVoteCodeUsed");
  });

  test("an unknown revert, an unknown code and a dropped connection are still sentences", () => {
    const data = "0x12345678" + AbiCoder.defaultAbiCoder().encode(["uint256"], [1]).slice(2);
    for (const lang of langs) {
      expectPlain(plainError(Object.assign(new Error("reverted"), { data }), lang), "unknown");
      expectPlain(plainError(new ApiError(418, "teapot", "I'm a teapot"), lang), "teapot");
      expectPlain(plainError(new TypeError("Failed to fetch"), lang), "fetch");
    }
  });

  test("a page's own check keeps its sentence", () => {
    expect(plainError(new SendError("Vul een geldig adres in."), "nl")).toBe("Vul een geldig adres in.");
  });
});
