/**
 * What the BudgetRound contract itself says about a round's districts, read through its view
 * functions (getDistrict, getTallies, getSelected) at the audited block.
 */
import type { Provider } from "ethers";

import { connectContract } from "../../generated/contracts.js";

export interface ContractDistrict {
  district: number;
  budget: bigint;
  ballotLength: number;
  ballotPublished: boolean;
  finalized: boolean;
  paperBallotCount: number;
  /** Votes (or points) by position (getTallies). */
  tallies: bigint[];
  /** getSelected (ascending id) once finalized, otherwise null. */
  selected: string[] | null;
  selectedCost: bigint | null;
}

export async function readContractDistricts(
  provider: Provider,
  address: string,
  roundId: bigint,
  districts: readonly number[],
  blockTag: number,
): Promise<ContractDistrict[]> {
  const contract = connectContract("BudgetRound", address, provider);
  return Promise.all(
    districts.map(async (district): Promise<ContractDistrict> => {
      const [view, tallies] = await Promise.all([
        contract.getDistrict(roundId, district, { blockTag }),
        contract.getTallies(roundId, district, { blockTag }),
      ]);
      const finalized = view.finalized;
      const selected = finalized ? (await contract.getSelected(roundId, district, { blockTag })).map(String) : null;
      return {
        district,
        budget: view.budget,
        ballotLength: Number(view.ballotLength),
        ballotPublished: view.ballotPublished,
        finalized,
        paperBallotCount: Number(view.paperBallotCount),
        tallies: [...tallies],
        selected,
        selectedCost: finalized ? view.selectedCost : null,
      };
    }),
  );
}
