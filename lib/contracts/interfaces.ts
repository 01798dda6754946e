/** Every deployed contract's ethers Interface, built from the generated ABIs (browser-safe). */
import { Interface } from "ethers";

import {
  BudgetRoundAbi,
  BuurtkasForwarderAbi,
  LocalCoinAbi,
  PaperBallotDeskAbi,
  ResidentRegistryAbi,
  ResultCommitmentsAbi,
  SecretBallotsAbi,
  TaskBoardAbi,
  type ContractName,
} from "../../generated/abis.js";

export const contractInterfaces: Record<ContractName, Interface> = {
  BudgetRound: new Interface(BudgetRoundAbi),
  BuurtkasForwarder: new Interface(BuurtkasForwarderAbi),
  LocalCoin: new Interface(LocalCoinAbi),
  PaperBallotDesk: new Interface(PaperBallotDeskAbi),
  ResidentRegistry: new Interface(ResidentRegistryAbi),
  ResultCommitments: new Interface(ResultCommitmentsAbi),
  SecretBallots: new Interface(SecretBallotsAbi),
  TaskBoard: new Interface(TaskBoardAbi),
};
