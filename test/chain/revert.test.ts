/** The one revert decoder (lib/chain/revert.ts): data out of providers' error shapes, decoded with the generated ABIs. */
import { AbiCoder, Interface } from "ethers";
import { describe, expect, test } from "vitest";

import { decodeRevert, describeRevert, isRevert, revertDataOf, revertOf } from "../../lib/chain/revert.js";
import { contractInterfaces } from "../../lib/contracts/interfaces.js";

const account = "0x" + "ab".repeat(20);
const notResident = contractInterfaces.TaskBoard.encodeErrorResult("TaskNotResident", [account, 2]);

describe("revert decoder", () => {
  test("a custom error decodes to its contract, name and JSON-safe arguments", () => {
    expect(decodeRevert(notResident)).toEqual({
      contract: "TaskBoard",
      name: "TaskNotResident",
      args: [account, "2"],
      namedArgs: { account, district: "2" },
      signature: "TaskNotResident(address,uint32)",
      data: notResident,
    });
    expect(describeRevert(decodeRevert(notResident))).toBe(`TaskNotResident(${account}, 2)`);
  });

  test("an error declared by several ABIs is attributed to the preferred contract", () => {
    // OpenZeppelin's AccessControl errors are in every role-holding contract.
    const unauthorized = contractInterfaces.LocalCoin.encodeErrorResult("AccessControlUnauthorizedAccount", [
      account,
      "0x" + "00".repeat(32),
    ]);
    expect(decodeRevert(unauthorized, "TaskBoard").contract).toBe("TaskBoard");
    expect(decodeRevert(unauthorized, "LocalCoin").contract).toBe("LocalCoin");
  });

  test("revert strings, panics and unknown data", () => {
    const reason = new Interface(["error Error(string)"]).encodeErrorResult("Error", ["no"]);
    expect(decodeRevert(reason)).toMatchObject({ contract: null, name: "Error", args: ["no"] });
    const panic = "0x4e487b71" + AbiCoder.defaultAbiCoder().encode(["uint256"], [0x11]).slice(2);
    expect(decodeRevert(panic)).toMatchObject({ name: "Panic", args: ["17"] });
    expect(decodeRevert("0x12345678")).toMatchObject({ contract: null, name: null, args: [] });
    expect(describeRevert(decodeRevert("0x12345678"))).toBe("unknown revert data 0x12345678");
  });

  test("revert data is found in the shapes providers throw", () => {
    const shapes = [
      { code: "CALL_EXCEPTION", data: notResident },
      { error: { data: notResident } },
      { info: { error: { data: { data: notResident } } } },
      { cause: { returnData: notResident } },
    ];
    for (const shape of shapes) {
      expect(revertDataOf(shape)).toBe(notResident);
      expect(revertOf(shape)?.name).toBe("TaskNotResident");
      expect(isRevert(shape)).toBe(true);
    }
    expect(revertOf({ data: "0x" })).toBeUndefined();
    expect(isRevert(new Error("connect ECONNREFUSED"))).toBe(false);
    expect(isRevert(new Error("execution reverted"))).toBe(true);
  });
});
