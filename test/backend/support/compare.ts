/**
 * "The database equals the chain": the derived state against the contracts' own view functions,
 * and every indexed log on the chain against the event rows (nothing lost, nothing twice).
 */
import { Interface, type InterfaceAbi } from "ethers";
import { expect } from "vitest";

import { abis } from "../../../generated/abis.js";
import type { Sql } from "../../../backend/db/index.js";
import { readRoleHolders } from "../../../lib/chain/roleLogs.js";
import { blockTables, eventSpecs, stateTables } from "../../../backend/indexer/projections/index.js";
import type { System } from "../../helpers/system.js";
import type { Workload } from "./workload.js";

const claimStatuses = ["none", "claimed", "submitted", "approved", "rejected", "released"];

/** Asserts that every derived table and every event table agrees with the chain at `blockTag`. */
export async function expectIndexMatchesChain(sql: Sql, system: System, workload: Workload): Promise<void> {
  const head = await system.ethers.provider.getBlockNumber();
  const [cursor] = await sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
  expect(Number(cursor!.block_number), "the indexer is at the head").toBe(head);

  await expectLogsIndexed(sql, system);
  await expectBalances(sql, system, workload);
  await expectTasks(sql, system, workload);
  await expectBallotsAndTallies(sql, system, workload);
  await expectRoleHolders(sql, system, head);
}

/** role_holders is the fold of the chain's role logs (lib/chain/roleLogs.ts), and hasRole agrees. */
async function expectRoleHolders(sql: Sql, system: System, head: number): Promise<void> {
  const contracts = [
    system.budgetRound,
    system.registry,
    system.coin,
    system.taskBoard,
    system.resultCommitments,
    system.secretBallots,
    system.paperDesk,
  ];
  const addresses = await Promise.all(contracts.map((c) => c.getAddress()));
  const folded = await readRoleHolders(system.ethers.provider, addresses, { fromBlock: 0, toBlock: head });
  const fromChain: string[] = [];
  for (const [contract, roles] of folded) {
    for (const [role, holders] of roles)
      for (const account of holders) fromChain.push(`${contract} ${role} ${account}`);
  }
  const rows = await sql<{ contract: string; role: string; account: string }[]>`
    select contract, role, account from role_holders
  `;
  expect(rows.map((r) => `${r.contract} ${r.role} ${r.account}`).sort()).toEqual(fromChain.sort());
  for (const row of rows) {
    const contract = contracts[addresses.findIndex((a) => a.toLowerCase() === row.contract)]!;
    expect(await contract.hasRole(row.role, row.account), `${row.contract} ${row.role} ${row.account}`).toBe(true);
  }
}

async function expectLogsIndexed(sql: Sql, system: System): Promise<void> {
  const contracts: [keyof typeof abis, string][] = [
    ["LocalCoin", await system.coin.getAddress()],
    ["ResidentRegistry", await system.registry.getAddress()],
    ["TaskBoard", await system.taskBoard.getAddress()],
    ["BudgetRound", await system.budgetRound.getAddress()],
    ["ResultCommitments", await system.resultCommitments.getAddress()],
    ["PaperBallotDesk", await system.paperDesk.getAddress()],
    ["SecretBallots", await system.secretBallots.getAddress()],
  ];
  const onChain: string[] = [];
  for (const [contract, address] of contracts) {
    const iface = new Interface(abis[contract] as unknown as InterfaceAbi);
    const logs = await system.ethers.provider.getLogs({ address, fromBlock: 0, toBlock: "latest" });
    for (const log of logs) {
      const parsed = iface.parseLog(log);
      const spec = eventSpecs.find((s) => s.contract === contract && s.event === parsed?.name);
      if (spec) onChain.push(`${spec.table} ${log.blockHash.toLowerCase()} ${log.index}`);
    }
  }
  const inDatabase: string[] = [];
  // The role events of all seven contracts share their tables: each table once.
  for (const table of new Set(eventSpecs.map((spec) => spec.table))) {
    const rows = await sql<{ block_hash: string; log_index: number }[]>`
      select block_hash, log_index from ${sql(table)}
    `;
    for (const row of rows) inDatabase.push(`${table} ${row.block_hash} ${row.log_index}`);
  }
  expect(inDatabase.sort()).toEqual(onChain.sort());
  // Every event kind the workload produces is really exercised (a table that stays empty tests
  // nothing). No contract of the system changes a role's admin (none calls _setRoleAdmin), so
  // RoleAdminChanged never occurs on its chain; test/backend/roles.test.ts reads such rows.
  const empty = eventSpecs.filter(
    (spec) => spec.event !== "RoleAdminChanged" && !onChain.some((line) => line.startsWith(`${spec.table} `)),
  );
  expect([...new Set(empty.map((s) => s.table))]).toEqual([]);
}

async function expectBalances(sql: Sql, system: System, workload: Workload): Promise<void> {
  const rows = await sql<{ account: string; balance: bigint }[]>`select account, balance from coin_balances`;
  const stored = new Map(rows.map((r) => [r.account, r.balance]));
  for (const account of workload.accounts) {
    expect(stored.get(account.toLowerCase()) ?? 0n, `balance of ${account}`).toBe(await system.coin.balanceOf(account));
  }
  const [total] = await sql<{ total: bigint | null }[]>`select sum(balance) as total from coin_balances`;
  expect(total!.total ?? 0n).toBe(await system.coin.totalSupply());
  const ledger = await sql<{ account: string; sum: bigint }[]>`
    select account, sum(delta) as sum from coin_ledger group by account
  `;
  for (const row of ledger) expect(row.sum, `ledger of ${row.account}`).toBe(stored.get(row.account) ?? 0n);
}

async function expectTasks(sql: Sql, system: System, workload: Workload): Promise<void> {
  const { taskBoard } = system;
  const count = Number(await taskBoard.taskCount());
  const slots = await sql`select * from task_slots order by task_id`;
  expect(slots.length).toBe(count);
  for (const row of slots) {
    const task = await taskBoard.getTask(row.task_id as bigint);
    expect(
      {
        creator: row.creator,
        verifier: row.verifier,
        reward: row.reward,
        district: row.district,
        deadline: row.deadline,
        claimWindow: row.claim_window,
        cancelled: row.cancelled,
        slots: row.slots,
        activeClaims: row.active_claims,
        completed: row.completed,
        refunded: row.refunded,
        openSlots: row.open_slots,
        escrow: row.escrow,
        contentHash: row.content_hash,
      },
      `task ${row.task_id}`,
    ).toEqual({
      creator: task.creator.toLowerCase(),
      verifier: task.verifier.toLowerCase(),
      reward: task.reward,
      district: task.district,
      deadline: task.deadline,
      claimWindow: task.claimWindow,
      cancelled: task.cancelled,
      slots: Number(task.slots),
      activeClaims: Number(task.activeClaims),
      completed: Number(task.completed),
      refunded: Number(task.refunded),
      openSlots: Number(task.openSlots),
      escrow: task.escrow,
      contentHash: task.contentHash,
    });
  }
  const claims = await sql<
    {
      task_id: bigint;
      resident: string;
      status: string;
      claimed_at: Date;
      expires_at: bigint;
      evidence_hash: string | null;
    }[]
  >`
    select task_id, resident, status, claimed_at, expires_at, evidence_hash from task_claim_states
  `;
  for (let taskId = 1n; taskId <= BigInt(count); taskId++) {
    for (const account of workload.accounts) {
      const claim = await taskBoard.getClaim(taskId, account);
      const row = claims.find((c) => c.task_id === taskId && c.resident === account.toLowerCase());
      const where = `claim of ${account} on task ${taskId}`;
      if (claim.status === 0n) {
        expect(row, where).toBeUndefined();
        continue;
      }
      expect(row, where).toBeDefined();
      expect(
        [
          row!.status,
          BigInt(row!.claimed_at.getTime() / 1000),
          row!.expires_at,
          row!.evidence_hash ?? `0x${"0".repeat(64)}`,
        ],
        where,
      ).toEqual([claimStatuses[Number(claim.status)], claim.claimedAt, claim.expiresAt, claim.evidenceHash]);
    }
  }
}

async function expectBallotsAndTallies(sql: Sql, system: System, workload: Workload): Promise<void> {
  const { budgetRound } = system;
  const rounds = Number(await budgetRound.roundCount());
  for (let roundId = 1n; roundId <= BigInt(rounds); roundId++) {
    const rules = await budgetRound.getRules(roundId);
    for (const district of rules.districts) {
      const view = await budgetRound.getDistrict(roundId, district);
      const tallies = await sql<{ votes: bigint; proposal_id: bigint; cost: bigint }[]>`
        select votes, proposal_id, cost from budget_tallies
        where round_id = ${roundId.toString()} and district = ${district.toString()}
        order by position
      `;
      const where = `round ${roundId} district ${district}`;
      if (!view.ballotPublished) {
        expect(tallies, where).toEqual([]);
        continue;
      }
      expect(
        tallies.map((t) => t.votes),
        `tallies of ${where}`,
      ).toEqual([...(await budgetRound.getTallies(roundId, district))]);
      const [ids, costs] = await budgetRound.getBallot(roundId, district);
      expect(tallies.map((t) => [t.proposal_id, t.cost])).toEqual(ids.map((id, i) => [id, costs[i]]));
      const [paper] = await sql<{ count: bigint }[]>`
        select count(*) from budget_current_ballots
        where round_id = ${roundId.toString()} and district = ${district.toString()} and paper
      `;
      expect(paper!.count, `paper ballots of ${where}`).toBe(view.paperBallotCount);
    }
    const ballots = await sql<
      {
        ballot_key: string;
        paper: boolean;
        kind: string;
        district: bigint;
        selection: bigint | null;
        points: bigint[] | null;
      }[]
    >`
      select ballot_key, paper, kind, district, selection, points from budget_current_ballots
      where round_id = ${roundId.toString()}
    `;
    for (const account of workload.accounts) {
      const row = ballots.find((b) => !b.paper && b.ballot_key === account.toLowerCase());
      const [approvalDistrict, selection] = await budgetRound.approvalBallotOf(roundId, account);
      const [cumulativeDistrict, points] = await budgetRound.cumulativeBallotOf(roundId, account);
      const where = `ballot of ${account} in round ${roundId}`;
      if (approvalDistrict !== 0n)
        expect([row?.district, row?.selection], where).toEqual([approvalDistrict, selection]);
      else if (cumulativeDistrict !== 0n)
        expect([row?.district, row?.points], where).toEqual([cumulativeDistrict, [...points]]);
      else expect(row, where).toBeUndefined();
    }
    for (const row of ballots.filter((b) => b.paper)) {
      if (row.kind === "approval") {
        expect([...(await budgetRound.paperApprovalBallot(roundId, row.ballot_key))]).toEqual([
          row.district,
          row.selection,
        ]);
      } else {
        const [district, points] = await budgetRound.paperCumulativeBallot(roundId, row.ballot_key);
        expect([district, [...points]]).toEqual([row.district, row.points]);
      }
    }
  }
}

/**
 * Every row of every indexed table, in a stable order, as plain JSON: two databases (or one
 * database twice) hold the same index exactly when their dumps are equal.
 */
export async function dumpIndex(sql: Sql): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of [...blockTables, ...stateTables]) {
    const rows = await sql`select * from ${sql(table)}`;
    dump[table] = rows
      .map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value)))
      .sort();
  }
  return dump;
}
