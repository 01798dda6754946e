import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The whole Buurtkas contract system. Parameters (ignition/parameters/*.json or --parameters):
 * - admin: receives every admin role (default: the deployer, account 0)
 * - coinName / coinSymbol: the local currency's name ("Heitje" / "HTJ")
 * - yearlyCap: per-resident earning cap per calendar year in cents (150000 = 1,500 coins)
 */
export default buildModule("Buurtkas", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const coinName = m.getParameter("coinName", "Heitje");
  const coinSymbol = m.getParameter("coinSymbol", "HTJ");
  const yearlyCap = m.getParameter("yearlyCap", 150_000n);

  const forwarder = m.contract("BuurtkasForwarder");
  const coin = m.contract("LocalCoin", [coinName, coinSymbol, admin, forwarder]);
  const registry = m.contract("ResidentRegistry", [admin, forwarder]);
  const taskBoard = m.contract("TaskBoard", [coin, registry, admin, forwarder, yearlyCap]);
  const budgetRound = m.contract("BudgetRound", [registry, admin, forwarder]);

  return { forwarder, coin, registry, taskBoard, budgetRound };
});
