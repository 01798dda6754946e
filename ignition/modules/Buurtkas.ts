import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The whole Buurtkas contract system. Parameters (ignition/parameters/*.json or --parameters):
 * - admin: receives every admin role (default and, for the role grants below, required: the deployer)
 * - coinName / coinSymbol: the local currency's name ("Heitje" / "HTJ")
 * - yearlyCap: per-resident earning cap per calendar year in cents (150000 = 1,500 coins)
 * - committer: the backend key that commits Method of Equal Shares results (default: the deployer)
 */
export default buildModule("Buurtkas", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const coinName = m.getParameter("coinName", "Heitje");
  const coinSymbol = m.getParameter("coinSymbol", "HTJ");
  const yearlyCap = m.getParameter("yearlyCap", 150_000n);
  const committer = m.getParameter("committer", m.getAccount(0));

  const forwarder = m.contract("BuurtkasForwarder");
  const coin = m.contract("LocalCoin", [coinName, coinSymbol, admin, forwarder]);
  const registry = m.contract("ResidentRegistry", [admin, forwarder]);
  const taskBoard = m.contract("TaskBoard", [coin, registry, admin, forwarder, yearlyCap]);
  const budgetRound = m.contract("BudgetRound", [registry, admin, forwarder]);
  const secretBallots = m.contract("SecretBallots", [budgetRound, registry, admin, forwarder]);
  const paperDesk = m.contract("PaperBallotDesk", [budgetRound, registry, admin, forwarder]);

  // Yearly earnings are kept per person in the registry, so the board must be allowed to record them.
  // The grant is sent by the deployer (account 0): deploy with the deployer as admin, then hand the
  // admin roles to the municipality's multisig (grantRole + renounceRole).
  const earningsRecorderRole = m.staticCall(registry, "EARNINGS_RECORDER_ROLE");
  m.call(registry, "grantRole", [earningsRecorderRole, taskBoard]);
  // The admin moderates the content store (hides a text or photo with a public reason) until it
  // grants MODERATOR_ROLE to the people who do that.
  const moderatorRole = m.staticCall(registry, "MODERATOR_ROLE");
  m.call(registry, "grantRole", [moderatorRole, admin], { id: "grantModerator" });

  // Results counted off chain (Method of Equal Shares) are committed and contested here; the
  // round contract takes them from it at finalize. Set once, so no round's result source changes.
  const resultCommitments = m.contract("ResultCommitments", [budgetRound, admin, forwarder]);
  m.call(budgetRound, "setResultCommitments", [resultCommitments]);
  const committerRole = m.staticCall(resultCommitments, "COMMITTER_ROLE");
  m.call(resultCommitments, "grantRole", [committerRole, committer]);

  // Secret rounds' anonymous ballots reach BudgetRound only through the ballot box.
  const ballotBoxRole = m.staticCall(budgetRound, "BALLOT_BOX_ROLE");
  m.call(budgetRound, "grantRole", [ballotBoxRole, secretBallots]);

  // Paper ballots are recorded with a household's vote code through the desk, which uses the code
  // up in the registry in the same transaction: the desk is BudgetRound's clerk (people are the
  // desk's clerks), so no household votes both on paper and online.
  const clerkRole = m.staticCall(budgetRound, "CLERK_ROLE");
  m.call(budgetRound, "grantRole", [clerkRole, paperDesk], { id: "grantDeskClerk" });
  const codeConsumerRole = m.staticCall(registry, "CODE_CONSUMER_ROLE");
  m.call(registry, "grantRole", [codeConsumerRole, paperDesk], { id: "grantDeskCodeConsumer" });

  return { forwarder, coin, registry, taskBoard, budgetRound, resultCommitments, secretBallots, paperDesk };
});
