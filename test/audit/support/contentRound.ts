/**
 * A small finalized approval round whose proposals carry real content (their contentHash is the
 * keccak256 of the canonical content JSON the API serves): two districts, five proposals, online
 * ballots, a re-vote and a paper ballot. For the --api tests.
 */
import { contentHashOf, type ApiContent } from "../../../lib/audit/api.js";
import { encodeApproval } from "../../../lib/ballots/encoding.js";
import { Phase, approvalRules, createRound, goToPhase, reason, serial } from "../../helpers/rounds.js";
import type { System } from "../../helpers/system.js";
import { newVoters } from "./randomRound.js";

export const contents: ApiContent[] = [
  { title: "Speeltuin Amstelpark", summary: "Nieuwe toestellen", body: "Twee schommels en een klimrek.", images: [] },
  {
    title: "Bankjes",
    summary: "Zitplekken langs de Zuidas",
    body: "Tien bankjes met leuning.",
    images: ["https://example.org/a.jpg"],
  },
  { title: "Geveltuinen", summary: "Groen in de straat", body: "Tegels eruit, planten erin — ü, é.", images: [] },
  { title: "Buurtfeest", summary: "Eén dag samen", body: "Muziek en eten op het plein.", images: [] },
  { title: "Fietsenrekken", summary: "Bij het station", body: "Veertig plekken.", images: [] },
];
const districtOf = [1, 1, 1, 2, 2];
const costOf = [400, 300, 350, 200, 250];

/** Runs the round to finalized; returns its id and the proposal ids in `contents` order. */
export async function contentRound(system: System): Promise<{ roundId: bigint; proposalIds: bigint[] }> {
  const { budgetRound, official } = system;
  const rules = await approvalRules(system);
  const voters = { 1: await newVoters(system, 1, 6), 2: await newVoters(system, 2, 5) };
  const roundId = await createRound(system, rules);
  await goToPhase(system, rules, Phase.Proposals);
  const proposalIds: bigint[] = [];
  for (const [i, content] of contents.entries()) {
    const district = districtOf[i]!;
    await budgetRound
      .connect(voters[district as 1 | 2][0]!)
      .submitProposal(roundId, district, costOf[i]!, contentHashOf(content));
    proposalIds.push(await budgetRound.proposalCount());
  }
  await goToPhase(system, rules, Phase.Review);
  for (const [i, id] of proposalIds.entries()) {
    await budgetRound.connect(official).review(id, true, costOf[i]!, reason(i));
  }
  for (const district of [1, 2]) await budgetRound.connect(official).publishBallot(roundId, district);
  await goToPhase(system, rules, Phase.Voting);
  const d1 = [[0], [0, 1], [1, 2], [2], [0], [1]];
  for (const [i, ballot] of d1.entries()) {
    await budgetRound.connect(voters[1][i]!).castApprovalBallot(roundId, 1, encodeApproval(ballot));
  }
  await budgetRound.connect(voters[1][0]!).castApprovalBallot(roundId, 1, encodeApproval([2])); // re-vote
  await budgetRound.connect(official).recordPaperApprovalBallot(roundId, 1, serial("api-1"), encodeApproval([1]));
  for (const [i, ballot] of [[0], [1], [0, 1], [1], [0]].entries()) {
    await budgetRound.connect(voters[2][i]!).castApprovalBallot(roundId, 2, encodeApproval(ballot));
  }
  await goToPhase(system, rules, Phase.Closed);
  await (await budgetRound.finalize(roundId)).wait();
  return { roundId, proposalIds };
}
