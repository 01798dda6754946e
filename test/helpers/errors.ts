import type { BaseContract } from "ethers";
import { expect } from "vitest";

/**
 * Awaits `action` and asserts it reverted with the custom error `name` of `contract`'s ABI, and,
 * when `args` is given, with exactly those arguments (compared as strings so bigint/number mix).
 */
export async function expectRevert(
  action: Promise<unknown>,
  contract: BaseContract,
  name: string,
  args?: readonly unknown[],
): Promise<void> {
  let error: unknown;
  try {
    await action;
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected revert ${name}, but the call succeeded`).toBeDefined();
  const data = revertData(error);
  expect(data, `expected revert ${name}, got ${String(error)}`).toBeDefined();
  const parsed = contract.interface.parseError(data!);
  expect(parsed?.name, `expected ${name}, got ${parsed?.name ?? data}`).toBe(name);
  if (args) expect(parsed!.args.toArray().map(String)).toEqual(args.map(String));
}

function revertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x")) return record.data;
    current = record.error ?? record.info ?? record.cause;
  }
  return undefined;
}
