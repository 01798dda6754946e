/** What the officials' tasks desk lists and reports (frontend/src/pages/officials/taskDesk.ts). */
import { Interface, Wallet, ZeroAddress } from "ethers";
import { describe, expect, test } from "vitest";

import { LocalCoinAbi, TaskBoardAbi } from "../../generated/abis.js";
import { deskTasks, refundedIn } from "../../frontend/src/pages/officials/taskDesk.js";

const board = new Interface(TaskBoardAbi);
const coin = new Interface(LocalCoinAbi);
const BOARD = Wallet.createRandom().address;
const COIN = Wallet.createRandom().address;
const poster = Wallet.createRandom().address;

const refund = (taskId: bigint, amount: bigint, address = BOARD) => ({
  address,
  ...board.encodeEventLog(board.getEvent("EscrowRefunded")!, [taskId, poster, amount]),
});

describe("the tasks desk", () => {
  test("lists running tasks and cancelled ones only while a claim on them is active", () => {
    const tasks = [
      { id: 1, status: "open", active: 0 },
      { id: 2, status: "cancelled", active: 0 },
      { id: 3, status: "cancelled", active: 1 },
      { id: 4, status: "full", active: 2 },
      { id: 5, status: "expired", active: 0 },
    ] as const;
    expect(deskTasks(tasks).map((task) => task.id)).toEqual([1, 3, 4, 5]);
  });

  test("reports the escrow the board refunded for the task, from its EscrowRefunded events only", () => {
    const transfer = {
      address: COIN,
      ...coin.encodeEventLog(coin.getEvent("Transfer")!, [BOARD, poster, 500n]),
    };
    const logs = [transfer, refund(7n, 500n), refund(8n, 900n), refund(7n, 250n), refund(7n, 1n, COIN)];
    expect(refundedIn(logs, board, BOARD.toLowerCase(), 7n)).toBe(750n);
    expect(refundedIn(logs, board, BOARD, 8n)).toBe(900n);
    expect(refundedIn([transfer], board, BOARD, 7n)).toBe(0n);
    expect(refundedIn([], board, ZeroAddress, 7n)).toBe(0n);
  });
});
