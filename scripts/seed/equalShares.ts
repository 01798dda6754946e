/**
 * Demo step 8, `equalSharesStep`: round 3 decides district 1's Assen 2024 election the way Assen
 * decided it, by the Method of Equal Shares with Add1, bound on chain. The real projects and all
 * 84 real ballots, voting closed, the result computed and committed by the same committer the API
 * process runs (backend/committer), its one-hour objection window passed without objection, and
 * the round finalized with the committed outcome, which must be Assen's official winners (the
 * file's `selected` column): `npm start` shows it committed and final.
 */
import { id } from "ethers";

import { createCommitter } from "../../backend/committer/index.js";
import { encodeApproval } from "../../lib/ballots/encoding.js";
import { roundRules, scheduleFrom } from "../../lib/budget/index.js";
import type { PbElection } from "../../lib/pabulib/index.js";
import { chainNow, content, mined, travel, type Demo, type Residents } from "./demo.js";

/** The demo's objection window: an hour, so the seeded history (a day) holds it. */
export const DEMO_OBJECTION_WINDOW = 3_600;
const PHASE = 600;
const VOTING = 3_600;

export async function equalSharesStep(demo: Demo, election: PbElection, residents: Residents): Promise<bigint> {
  const meta = election.meta;
  demo.log("round 3: Assen 2024 decided by the Method of Equal Shares (Add1), committed on chain");
  const minLength = Number(meta.get("min_length") ?? 1);
  const maxLength = Number(meta.get("max_length") ?? 0);
  const rules = roundRules({
    districts: [{ district: 1, budget: BigInt(meta.get("budget")!) }],
    schedule: scheduleFrom((await chainNow(demo)) + 60, PHASE, VOTING),
    minProjects: minLength,
    maxProjects: maxLength,
    maxBudgetShareBps: 0, // no spending cap per ballot, as in Assen
    tallyRule: "equal-shares-add1",
    objectionWindow: DEMO_OBJECTION_WINDOW,
    rulesHash: content(
      demo,
      `Buurtbudget ${meta.get("unit") ?? "Assen"} ${meta.get("instance") ?? ""}: Method of Equal Shares`.trim(),
      "Elke inwoner krijgt een gelijk deel van het budget en betaalt mee aan de projecten die hij of zij kiest.",
      "Regels: één stem per inwoner, met minstens " +
        `${minLength} projecten. Uitslag: Method of Equal Shares met Add1, na de stemperiode vastgelegd op de ` +
        "chain; daarna kan iedereen een uur lang bezwaar maken met een eigen uitslag.",
    ),
  });
  const official = demo.budget.connect(demo.official);
  await mined(official.createRound(rules));
  const roundId = await demo.budget.roundCount();
  await travel(demo, 61);

  const { voters } = residents;
  const proposalOf = new Map<string, bigint>();
  const projects = [...election.projects].sort((a, b) => Number(a.id) - Number(b.id));
  for (const [i, project] of projects.entries()) {
    const hash = content(
      demo,
      project.name ?? `Project ${project.id}`,
      (project.row.description ?? project.name ?? "").slice(0, 1000) || "-",
      `Project ${project.id} uit ${meta.get("description") ?? "pabulib"} (pabulib.org), kosten € ${project.cost}.`,
    );
    await mined(demo.budget.connect(voters[i % voters.length]!).submitProposal(roundId, 1, project.cost, hash));
    proposalOf.set(project.id, await demo.budget.proposalCount());
  }
  await travel(demo, 2 * PHASE);
  for (const project of projects)
    await mined(official.review(proposalOf.get(project.id)!, true, project.cost, id("haalbaar")));
  await travel(demo, PHASE);
  await mined(official.publishBallot(roundId, 1));
  const [onBallot] = await demo.budget.getBallot(roundId, 1);
  const positionOf = new Map(onBallot.map((proposalId, position) => [proposalId, position]));
  // One voter per ballot, so each sends with its own nonce: all at once, then wait for them.
  await Promise.all(
    election.votes.map((vote, i) => {
      const positions = [...new Set(vote.projectIds)].map((pid) => positionOf.get(proposalOf.get(pid)!)!);
      return mined(demo.budget.connect(voters[i]!).castApprovalBallot(roundId, 1, encodeApproval(positions)));
    }),
  );
  await travel(demo, VOTING);

  const committer = createCommitter({
    provider: demo.provider,
    signer: demo.admin,
    budgetRound: demo.deployment.contracts.BudgetRound.address,
    resultCommitments: demo.deployment.contracts.ResultCommitments.address,
    fromBlock: demo.deployment.contracts.BudgetRound.blockNumber,
  });
  const committed = (await committer.tick()).filter((a) => a.kind === "committed" && a.roundId === roundId);
  const winners = projects.filter((p) => p.selected).map((p) => proposalOf.get(p.id)!.toString());
  const chosen = committed[0]?.kind === "committed" ? committed[0].selected : [];
  if (chosen.join(",") !== [...winners].sort((a, b) => Number(a) - Number(b)).join(",")) {
    throw new Error(
      `round ${roundId}: the committed outcome ${chosen.join(", ")} is not Assen's official ${winners.join(", ")}`,
    );
  }
  await travel(demo, DEMO_OBJECTION_WINDOW);
  const finalized = await committer.tick();
  if (!finalized.some((a) => a.kind === "finalized" && a.roundId === roundId)) {
    throw new Error(`round ${roundId} was not finalized after its objection window`);
  }
  demo.log(`round ${roundId}: committed and final, Assen's ${winners.length} official winners`);
  return roundId;
}
