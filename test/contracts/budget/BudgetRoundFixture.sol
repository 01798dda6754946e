// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {BudgetRound} from "../../../contracts/budget/BudgetRound.sol";
import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {Test} from "../utils/Test.sol";

/// @notice A registry and a BudgetRound with this test contract holding every role, and a round
/// walked from creation to its voting phase: one proposal per cost, all feasible at that cost.
abstract contract BudgetRoundFixture is Test {
    uint40 internal constant PHASE_LENGTH = 1_000;

    ResidentRegistry internal registry;
    BudgetRound internal budgetRound;

    function _deploy() internal {
        registry = new ResidentRegistry(address(this), address(0));
        budgetRound = new BudgetRound(address(registry), address(this), address(0));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
        budgetRound.grantRole(budgetRound.ROUND_MANAGER_ROLE(), address(this));
        budgetRound.grantRole(budgetRound.REVIEWER_ROLE(), address(this));
        budgetRound.grantRole(budgetRound.CLERK_ROLE(), address(this));
    }

    function _register(address account, uint32 district) internal {
        registry.register(account, district, uint64(block.timestamp + 3_650 days));
    }

    /// @dev Rules for `districts` with every constraint off; callers set the ballot type and limits.
    function _rules(
        uint32[] memory districts,
        uint64[] memory budgets
    ) internal view returns (IBudgetRound.Rules memory rules) {
        uint40 start = uint40(block.timestamp + 10);
        rules.districts = districts;
        rules.budgets = budgets;
        rules.schedule = IBudgetRound.Schedule({
            proposalsStart: start,
            supportStart: start + PHASE_LENGTH,
            reviewStart: start + 2 * PHASE_LENGTH,
            votingStart: start + 3 * PHASE_LENGTH,
            votingEnd: start + 4 * PHASE_LENGTH
        });
        rules.rulesHash = keccak256("fixture rules");
    }

    /// @dev Creates the round and opens its voting phase; `costs[i]` are district i's proposals,
    /// submitted by `proposers[i]` (a resident of it). Returns the round id.
    function _openVoting(
        IBudgetRound.Rules memory rules,
        uint64[][] memory costs,
        address[] memory proposers
    ) internal returns (uint256 roundId) {
        roundId = budgetRound.createRound(rules);
        vm.warp(rules.schedule.proposalsStart);
        uint256 firstId = budgetRound.proposalCount() + 1;
        for (uint256 d = 0; d < rules.districts.length; ++d) {
            for (uint256 i = 0; i < costs[d].length; ++i) {
                vm.prank(proposers[d]);
                budgetRound.submitProposal(roundId, rules.districts[d], costs[d][i], keccak256(abi.encode(d, i)));
            }
        }
        vm.warp(rules.schedule.reviewStart);
        for (uint256 id = firstId; id <= budgetRound.proposalCount(); ++id) {
            budgetRound.review(id, true, budgetRound.getProposal(id).requestedCost, bytes32(id));
        }
        for (uint256 d = 0; d < rules.districts.length; ++d) {
            budgetRound.publishBallot(roundId, rules.districts[d]);
        }
        vm.warp(rules.schedule.votingStart);
    }

    function _districts(uint32 a, uint32 b) internal pure returns (uint32[] memory list) {
        list = new uint32[](2);
        list[0] = a;
        list[1] = b;
    }

    function _budgets(uint64 a, uint64 b) internal pure returns (uint64[] memory list) {
        list = new uint64[](2);
        list[0] = a;
        list[1] = b;
    }
}
