// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {IBudgetRound} from "./IBudgetRound.sol";

/// @title RoundRulesCheck
/// @notice The check of a new round's rules, taken out of BudgetRound for the contract-size limit
/// (EIP-170): BudgetRound deploys it in its own constructor and calls it from createRound, so its
/// code counts against neither the limit nor any deploy script, and every refusal is still
/// BudgetRound's own `RoundInvalidRule(field, value)` (a revert's data passes up unchanged).
/// @dev Stateless; anyone may call it, and it only answers or reverts.
contract RoundRulesCheck {
    /// @notice Most districts in one round (BudgetRound.MAX_DISTRICTS).
    uint256 private constant MAX_DISTRICTS = 16;

    /// @notice Reverts with `RoundInvalidRule(field, value)` for the first rule `rules` breaks.
    /// @param rules The rules createRound was given.
    /// @param hasResultSource Whether BudgetRound has a result source (needed by off-chain tally rules).
    function check(IBudgetRound.Rules calldata rules, bool hasResultSource) external view {
        _checkDistrictsAndSchedule(rules);
        _checkTallyAndBallot(rules, hasResultSource);
    }

    function _checkDistrictsAndSchedule(IBudgetRound.Rules calldata rules) private view {
        uint256 districtCount = rules.districts.length;
        if (districtCount == 0 || districtCount > MAX_DISTRICTS) _invalid("districts", districtCount);
        if (rules.budgets.length != districtCount) _invalid("budgets", rules.budgets.length);
        for (uint256 i = 0; i < districtCount; ++i) {
            uint32 district = rules.districts[i];
            if (district == 0) _invalid("districts", district);
            for (uint256 j = 0; j < i; ++j) {
                if (rules.districts[j] == district) _invalid("districts", district);
            }
            if (rules.budgets[i] == 0) _invalid("budgets", 0);
        }
        IBudgetRound.Schedule calldata s = rules.schedule;
        if (s.proposalsStart < block.timestamp) _invalid("schedule.proposalsStart", s.proposalsStart);
        if (s.supportStart <= s.proposalsStart) _invalid("schedule.supportStart", s.supportStart);
        if (s.reviewStart < s.supportStart) _invalid("schedule.reviewStart", s.reviewStart);
        if (s.votingStart <= s.reviewStart) _invalid("schedule.votingStart", s.votingStart);
        if (s.votingEnd <= s.votingStart) _invalid("schedule.votingEnd", s.votingEnd);
    }

    function _checkTallyAndBallot(IBudgetRound.Rules calldata rules, bool hasResultSource) private pure {
        if (rules.tallyRule == IBudgetRound.TallyRule.Greedy) {
            if (rules.objectionWindow != 0) _invalid("objectionWindow", rules.objectionWindow);
        } else {
            // The Method of Equal Shares counts approval ballots; its outcome needs a result source.
            if (rules.ballotType != IBudgetRound.BallotType.Approval || !hasResultSource) {
                _invalid("tallyRule", uint8(rules.tallyRule));
            }
            if (rules.objectionWindow == 0) _invalid("objectionWindow", 0);
        }
        if (
            rules.secrecy == IBudgetRound.BallotSecrecy.Secret && rules.ballotType != IBudgetRound.BallotType.Approval
        ) {
            _invalid("secrecy", uint256(rules.secrecy));
        }
        if (rules.ballotType == IBudgetRound.BallotType.Approval) {
            if (rules.maxProjects != 0 && rules.maxProjects < rules.minProjects) {
                _invalid("maxProjects", rules.maxProjects);
            }
            if (rules.minBudgetShareBps > 10_000) _invalid("minBudgetShareBps", rules.minBudgetShareBps);
            if (rules.maxBudgetShareBps != 0 && rules.maxBudgetShareBps < rules.minBudgetShareBps) {
                _invalid("maxBudgetShareBps", rules.maxBudgetShareBps);
            }
            if (rules.totalPoints != 0) _invalid("totalPoints", rules.totalPoints);
            if (rules.maxPointsPerProject != 0) _invalid("maxPointsPerProject", rules.maxPointsPerProject);
        } else {
            if (rules.totalPoints == 0) _invalid("totalPoints", 0);
            if (rules.maxPointsPerProject == 0 || rules.maxPointsPerProject > rules.totalPoints) {
                _invalid("maxPointsPerProject", rules.maxPointsPerProject);
            }
            if (rules.minProjects != 0) _invalid("minProjects", rules.minProjects);
            if (rules.maxProjects != 0) _invalid("maxProjects", rules.maxProjects);
            if (rules.minBudgetShareBps != 0) _invalid("minBudgetShareBps", rules.minBudgetShareBps);
            if (rules.maxBudgetShareBps != 0) _invalid("maxBudgetShareBps", rules.maxBudgetShareBps);
        }
    }

    function _invalid(string memory field, uint256 value) private pure {
        revert IBudgetRound.RoundInvalidRule(field, value);
    }
}
