// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";

/// @notice The largest round the contract accepts (16 districts of 224 positions) finalizes in
/// one transaction within the 2**24 gas cap per transaction (EIP-7825; Gnosis Chain's whole
/// block is 17M gas), with the votes in the order that is worst for an insertion sort.
contract BudgetRoundFinalizeGasTest is BudgetRoundFixture {
    uint256 private constant TX_GAS_CAP = 16_777_216;
    uint256 private constant DISTRICTS = 16;
    uint256 private constant POSITIONS = 224;

    uint256 private roundId;
    uint40 private votingEnd;

    function setUp() public {
        _deploy();
        uint32[] memory districts = new uint32[](DISTRICTS);
        uint64[] memory budgets = new uint64[](DISTRICTS);
        address[] memory voters = new address[](DISTRICTS);
        for (uint256 d = 0; d < DISTRICTS; ++d) {
            districts[d] = uint32(d + 1);
            budgets[d] = 1_000_000;
            voters[d] = address(uint160(0xD000 + d));
            _register(voters[d], districts[d]);
        }
        IBudgetRound.Rules memory rules = _rules(districts, budgets);
        rules.ballotType = IBudgetRound.BallotType.Cumulative;
        rules.totalPoints = type(uint16).max;
        rules.maxPointsPerProject = type(uint8).max;
        rules.tieBreak = IBudgetRound.TieBreak.LowerCostFirst;
        roundId = budgetRound.createRound(rules);

        vm.warp(rules.schedule.proposalsStart);
        for (uint256 d = 0; d < DISTRICTS; ++d) {
            vm.startPrank(voters[d]);
            for (uint256 p = 0; p < POSITIONS; ++p) {
                budgetRound.submitProposal(
                    roundId,
                    districts[d],
                    uint64(1_000 + ((p * 7_919) % 9_000)),
                    bytes32(p + 1)
                );
            }
            vm.stopPrank();
        }
        vm.warp(rules.schedule.reviewStart);
        for (uint256 id = 1; id <= budgetRound.proposalCount(); ++id) {
            budgetRound.review(id, true, budgetRound.getProposal(id).requestedCost, bytes32(0));
        }
        for (uint256 d = 0; d < DISTRICTS; ++d) budgetRound.publishBallot(roundId, districts[d]);

        // Odd districts: votes rising with the position, so every position ranks before all
        // earlier ones. Even districts: all votes equal, so the costs and ids decide.
        vm.warp(rules.schedule.votingStart);
        uint256[] memory rising = new uint256[](7);
        uint256[] memory equal = new uint256[](7);
        for (uint256 p = 0; p < POSITIONS; ++p) {
            rising[p / 32] |= (p + 1) << ((p % 32) * 8);
            equal[p / 32] |= uint256(1) << ((p % 32) * 8);
        }
        for (uint256 d = 0; d < DISTRICTS; ++d) {
            vm.prank(voters[d]);
            budgetRound.castCumulativeBallot(roundId, districts[d], d % 2 == 0 ? rising : equal);
        }
        votingEnd = rules.schedule.votingEnd;
    }

    function test_finalize_fullRoundFitsTheTransactionGasCap() public {
        vm.warp(votingEnd);
        budgetRound.finalize{gas: TX_GAS_CAP}(roundId);
        vm.assertTrue(budgetRound.phase(roundId) == IBudgetRound.Phase.Finalized, "finalized");
        // Rising votes and a budget for about 180 of them: the highest positions are taken.
        IBudgetRound.DistrictView memory first = budgetRound.getDistrict(roundId, 1);
        vm.assertEq(first.selected >> (POSITIONS - 1), 1, "the most voted position is selected");
        vm.assertLe(first.selectedCost, 1_000_000, "within the budget");
    }
}
