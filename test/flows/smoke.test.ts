import { expect, test } from "vitest";
import { deploySystem } from "../helpers/system.js";
test("deploys", async () => {
  const s = await deploySystem();
  expect(await s.coin.decimals()).toBe(2n);
  expect(await s.taskBoard.yearlyCap()).toBe(150_000n);
});
