// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";

/// @notice Fuzzed approval ballots (a bitmap over ballot positions) against one district of ten
/// positions: bits past the ballot always fail, any other ballot is accepted exactly when it
/// meets the rules, and a re-vote moves the tallies.
contract ApprovalBallotEncodingTest is BudgetRoundFixture {
    uint32 private constant DISTRICT = 10;
    uint256 private constant LENGTH = 10;
    uint256 private constant BUDGET = 1_000;
    uint256 private constant MIN_SPEND = 100; // 10%
    uint256 private constant MAX_SPEND = 900; // 90%
    uint256 private constant MIN_PROJECTS = 2;
    uint256 private constant MAX_PROJECTS = 5;
    address private constant VOTER = address(0xB0);
    address private constant OTHER_VOTER = address(0xB1);

    uint256 private roundId;
    uint256[LENGTH] private costs = [uint256(100), 250, 40, 300, 60, 500, 30, 120, 200, 80];

    function setUp() public {
        _deploy();
        _register(VOTER, DISTRICT);
        _register(OTHER_VOTER, DISTRICT);
        uint32[] memory districts = new uint32[](1);
        districts[0] = DISTRICT;
        uint64[] memory budgets = new uint64[](1);
        budgets[0] = uint64(BUDGET);
        IBudgetRound.Rules memory rules = _rules(districts, budgets);
        rules.ballotType = IBudgetRound.BallotType.Approval;
        rules.minProjects = uint16(MIN_PROJECTS);
        rules.maxProjects = uint16(MAX_PROJECTS);
        rules.minBudgetShareBps = 1_000;
        rules.maxBudgetShareBps = 9_000;
        uint64[][] memory proposalCosts = new uint64[][](1);
        proposalCosts[0] = new uint64[](LENGTH);
        for (uint256 i = 0; i < LENGTH; ++i) proposalCosts[0][i] = uint64(costs[i]);
        address[] memory proposers = new address[](1);
        proposers[0] = VOTER;
        roundId = _openVoting(rules, proposalCosts, proposers);
    }

    function testFuzz_castApproval_revertsWithBitsPastTheBallot(uint256 selection, uint256 strayBit) public {
        selection |= uint256(1) << bound(strayBit, LENGTH, 255);
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.BallotUnknownPosition.selector, _highestBit(selection), LENGTH)
        );
        vm.prank(VOTER);
        budgetRound.castApprovalBallot(roundId, DISTRICT, selection);
    }

    function testFuzz_recordPaperApproval_revertsWithBitsPastTheBallot(uint256 selection, uint256 strayBit) public {
        selection |= uint256(1) << bound(strayBit, LENGTH, 255);
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.BallotUnknownPosition.selector, _highestBit(selection), LENGTH)
        );
        budgetRound.recordPaperApprovalBallot(roundId, DISTRICT, keccak256("serial"), selection);
    }

    /// A ballot within the positions is accepted when it meets every rule; otherwise it fails with
    /// the error (and values) of a rule it breaks.
    function testFuzz_castApproval_acceptedExactlyWhenWithinTheRules(uint256 selection) public {
        selection &= (uint256(1) << LENGTH) - 1;
        (uint256 cost, uint256 count) = _costAndCount(selection);
        bytes[] memory broken = new bytes[](5);
        uint256 n;
        if (selection == 0) broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotEmpty.selector);
        if (cost > MAX_SPEND) {
            broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotOverBudget.selector, cost, MAX_SPEND);
        }
        if (cost < MIN_SPEND) {
            broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotUnderMinimumSpend.selector, cost, MIN_SPEND);
        }
        if (count < MIN_PROJECTS) {
            broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotTooFewProjects.selector, count, MIN_PROJECTS);
        }
        if (count > MAX_PROJECTS) {
            broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotTooManyProjects.selector, count, MAX_PROJECTS);
        }

        vm.prank(VOTER);
        try budgetRound.castApprovalBallot(roundId, DISTRICT, selection) {
            vm.assertEq(n, 0, "accepted a ballot that breaks a rule");
            uint256[] memory tallies = budgetRound.getTallies(roundId, DISTRICT);
            for (uint256 p = 0; p < LENGTH; ++p) vm.assertEq(tallies[p], (selection >> p) & 1, "tally");
        } catch (bytes memory reason) {
            vm.assertTrue(n > 0, "refused a ballot within the rules");
            bool named;
            for (uint256 i = 0; i < n; ++i) named = named || keccak256(reason) == keccak256(broken[i]);
            vm.assertTrue(named, "refused with an error of a rule the ballot meets");
        }
    }

    function testFuzz_castApproval_revoteMovesTheTallies(uint256 first, uint256 second, uint256 paper) public {
        first = _fit(first);
        second = _fit(second);
        paper = _fit(paper);
        budgetRound.recordPaperApprovalBallot(roundId, DISTRICT, keccak256("paper"), paper);
        vm.prank(OTHER_VOTER);
        budgetRound.castApprovalBallot(roundId, DISTRICT, second);
        vm.prank(VOTER);
        budgetRound.castApprovalBallot(roundId, DISTRICT, first);
        vm.prank(VOTER);
        budgetRound.castApprovalBallot(roundId, DISTRICT, second);

        uint256[] memory tallies = budgetRound.getTallies(roundId, DISTRICT);
        for (uint256 p = 0; p < LENGTH; ++p) {
            vm.assertEq(tallies[p], 2 * ((second >> p) & 1) + ((paper >> p) & 1), "tally after re-vote");
        }
        (uint32 district, uint256 stored) = budgetRound.approvalBallotOf(roundId, VOTER);
        vm.assertEq(district, DISTRICT, "district");
        vm.assertEq(stored, second, "stored selection");
    }

    /// @dev A valid ballot from any bits: keep them in order while they fit the count and cost
    /// limits, then top up with the cheapest-first positions until the minimums are met.
    function _fit(uint256 seed) private view returns (uint256 selection) {
        uint256 cost;
        uint256 count;
        for (uint256 p = 0; p < LENGTH; ++p) {
            if ((seed >> p) & 1 == 0 || count == MAX_PROJECTS || cost + costs[p] > MAX_SPEND) continue;
            selection |= uint256(1) << p;
            cost += costs[p];
            ++count;
        }
        for (uint256 p = 0; p < LENGTH && (count < MIN_PROJECTS || cost < MIN_SPEND); ++p) {
            if ((selection >> p) & 1 == 1 || cost + costs[p] > MAX_SPEND) continue;
            selection |= uint256(1) << p;
            cost += costs[p];
            ++count;
        }
        // The top-up only runs below two projects or below 100 spent, which no three of these
        // costs are, so it never passes MAX_PROJECTS.
        require(count >= MIN_PROJECTS && count <= MAX_PROJECTS && cost >= MIN_SPEND, "fit");
    }

    function _costAndCount(uint256 selection) private view returns (uint256 cost, uint256 count) {
        for (uint256 p = 0; p < LENGTH; ++p) {
            if ((selection >> p) & 1 == 1) {
                cost += costs[p];
                ++count;
            }
        }
    }

    function _highestBit(uint256 value) private pure returns (uint256 bit) {
        for (bit = 255; (value >> bit) & 1 == 0; --bit) {}
    }
}

/// @notice Fuzzed cumulative ballots (uint8 points per position, 32 per word, least significant
/// byte first) against one district of forty positions: points past the ballot, in the last
/// word or in extra words, always fail; any other ballot is accepted exactly when it meets the
/// points limits.
contract CumulativeBallotEncodingTest is BudgetRoundFixture {
    uint32 private constant DISTRICT = 10;
    uint256 private constant LENGTH = 40;
    uint256 private constant TOTAL_POINTS = 20;
    uint256 private constant MAX_POINTS = 7;
    address private constant VOTER = address(0xC0);

    uint256 private roundId;

    function setUp() public {
        _deploy();
        _register(VOTER, DISTRICT);
        uint32[] memory districts = new uint32[](1);
        districts[0] = DISTRICT;
        uint64[] memory budgets = new uint64[](1);
        budgets[0] = 10_000;
        IBudgetRound.Rules memory rules = _rules(districts, budgets);
        rules.ballotType = IBudgetRound.BallotType.Cumulative;
        rules.totalPoints = uint16(TOTAL_POINTS);
        rules.maxPointsPerProject = uint8(MAX_POINTS);
        uint64[][] memory proposalCosts = new uint64[][](1);
        proposalCosts[0] = new uint64[](LENGTH);
        for (uint256 i = 0; i < LENGTH; ++i) proposalCosts[0][i] = uint64(100 + i);
        address[] memory proposers = new address[](1);
        proposers[0] = VOTER;
        roundId = _openVoting(rules, proposalCosts, proposers);
    }

    /// Word 1 holds positions 32..63, of which 40..63 are past the ballot.
    function testFuzz_castCumulative_revertsWithPointsPastTheBallotInTheLastWord(
        uint256 word0,
        uint256 word1,
        uint256 strayPosition,
        uint256 strayPoints,
        bool paper
    ) public {
        uint256 position = bound(strayPosition, LENGTH, 63);
        uint256 shift = (position - 32) * 8;
        // Valid points on the ballot; nothing past it below the stray byte; anything above it.
        uint256[] memory points = new uint256[](2);
        points[0] = _withinLimit(word0);
        uint256 above = shift + 8 == 256 ? 0 : (word1 >> (shift + 8)) << (shift + 8);
        points[1] = _withinLimit(word1 & type(uint64).max) | above | (bound(strayPoints, 1, 255) << shift);

        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.BallotUnknownPosition.selector, position, LENGTH));
        _cast(points, paper);
    }

    function testFuzz_castCumulative_revertsWithWordsPastTheBallot(
        uint256 extraWords,
        uint256 seed,
        bool paper
    ) public {
        uint256[] memory points = new uint256[](bound(extraWords, 1, 6) + 2);
        points[0] = _withinLimit(seed) | 1;
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.BallotUnknownPosition.selector, points.length * 32 - 1, LENGTH)
        );
        _cast(points, paper);
    }

    /// Points on the ballot are accepted when within the limits; otherwise the ballot fails with
    /// the error (and values) of a limit it breaks.
    function testFuzz_castCumulative_acceptedExactlyWhenWithinTheLimits(
        uint256 word0,
        uint256 word1,
        uint256 sparsity,
        bool oneWord
    ) public {
        uint256[] memory points = new uint256[](oneWord ? 1 : 2);
        // About one position in eight gets 0..8 points (8 is over the per-project limit).
        points[0] = _sparse(word0, sparsity, 0);
        if (!oneWord) points[1] = _sparse(word1, sparsity >> 32, 32);

        bytes[] memory broken = new bytes[](LENGTH + 2);
        uint256 n;
        uint256 total;
        for (uint256 p = 0; p < LENGTH; ++p) {
            uint256 given = _pointsAt(points, p);
            total += given;
            if (given > MAX_POINTS) {
                broken[n++] = abi.encodeWithSelector(
                    IBudgetRound.BallotTooManyPointsForProject.selector,
                    p,
                    given,
                    MAX_POINTS
                );
            }
        }
        if (total == 0) broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotEmpty.selector);
        if (total > TOTAL_POINTS) {
            broken[n++] = abi.encodeWithSelector(IBudgetRound.BallotTooManyPoints.selector, total, TOTAL_POINTS);
        }

        vm.prank(VOTER);
        try budgetRound.castCumulativeBallot(roundId, DISTRICT, points) {
            vm.assertEq(n, 0, "accepted a ballot that breaks a limit");
            uint256[] memory tallies = budgetRound.getTallies(roundId, DISTRICT);
            for (uint256 p = 0; p < LENGTH; ++p) vm.assertEq(tallies[p], _pointsAt(points, p), "tally");
        } catch (bytes memory reason) {
            vm.assertTrue(n > 0, "refused a ballot within the limits");
            bool named;
            for (uint256 i = 0; i < n; ++i) named = named || keccak256(reason) == keccak256(broken[i]);
            vm.assertTrue(named, "refused with an error of a limit the ballot meets");
        }
    }

    function _cast(uint256[] memory points, bool paper) private {
        if (paper) {
            budgetRound.recordPaperCumulativeBallot(roundId, DISTRICT, keccak256("serial"), points);
        } else {
            vm.prank(VOTER);
            budgetRound.castCumulativeBallot(roundId, DISTRICT, points);
        }
    }

    /// @dev Each byte reduced to 0..MAX_POINTS.
    function _withinLimit(uint256 word) private pure returns (uint256 reduced) {
        for (uint256 b = 0; b < 32; ++b) reduced |= (((word >> (b * 8)) & 0xff) % (MAX_POINTS + 1)) << (b * 8);
    }

    /// @dev Bytes for positions first..first+31 that are on the ballot: about one in eight set, to 0..8.
    function _sparse(uint256 word, uint256 mask, uint256 first) private pure returns (uint256 sparse) {
        for (uint256 b = 0; b < 32 && first + b < LENGTH; ++b) {
            if ((uint256(keccak256(abi.encode(mask, b))) & 7) != 0) continue;
            sparse |= (((word >> (b * 8)) & 0xff) % (MAX_POINTS + 2)) << (b * 8);
        }
    }

    function _pointsAt(uint256[] memory points, uint256 position) private pure returns (uint256) {
        if (position / 32 >= points.length) return 0;
        return (points[position / 32] >> ((position % 32) * 8)) & 0xff;
    }
}

/// @notice A proposal the reviewers missed never keeps its district from voting: publishing the
/// ballot names it, it can still be reviewed in the voting phase until that district's ballot is
/// published, and then the district votes.
contract MissedReviewTest is BudgetRoundFixture {
    uint32 private constant NORTH = 1;
    uint32 private constant SOUTH = 2;
    address private constant NORTHERNER = address(0xC0);
    address private constant SOUTHERNER = address(0xC1);

    uint256 private roundId;
    uint256 private reviewed;
    uint256 private missed;
    uint256 private southern;
    uint256 private unsupported;
    IBudgetRound.Rules private rules;

    function setUp() public {
        _deploy();
        _register(NORTHERNER, NORTH);
        _register(SOUTHERNER, SOUTH);
        IBudgetRound.Rules memory r = _rules(_districts(NORTH, SOUTH), _budgets(1_000, 1_000));
        r.maxBudgetShareBps = 10_000;
        r.supportThreshold = 1;
        rules = r;
        roundId = budgetRound.createRound(r);
        vm.warp(r.schedule.proposalsStart);
        vm.startPrank(NORTHERNER);
        reviewed = budgetRound.submitProposal(roundId, NORTH, 100, keccak256("reviewed"));
        missed = budgetRound.submitProposal(roundId, NORTH, 200, keccak256("missed"));
        vm.stopPrank();
        vm.startPrank(SOUTHERNER);
        southern = budgetRound.submitProposal(roundId, SOUTH, 300, keccak256("southern"));
        unsupported = budgetRound.submitProposal(roundId, SOUTH, 400, keccak256("unsupported"));
        vm.stopPrank();
        vm.warp(r.schedule.supportStart);
        vm.startPrank(NORTHERNER);
        budgetRound.support(reviewed);
        budgetRound.support(missed);
        vm.stopPrank();
        vm.prank(SOUTHERNER);
        budgetRound.support(southern);
        vm.warp(r.schedule.reviewStart);
        budgetRound.review(reviewed, true, 100, bytes32(0));
        budgetRound.review(southern, true, 300, bytes32(0));
        budgetRound.publishBallot(roundId, SOUTH);
        vm.warp(r.schedule.votingStart);
    }

    function test_review_acceptsAMissedProposalInVotingUntilItsBallotIsPublished() public {
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundUnreviewedProposal.selector, missed));
        budgetRound.publishBallot(roundId, NORTH);

        budgetRound.review(missed, true, 200, keccak256("late but reviewed"));
        budgetRound.publishBallot(roundId, NORTH);
        (uint256[] memory ids, ) = budgetRound.getBallot(roundId, NORTH);
        vm.assertEq(ids.length, 2, "both northern proposals are on the ballot");

        vm.prank(NORTHERNER);
        budgetRound.castApprovalBallot(roundId, NORTH, 3);
        vm.assertEq(budgetRound.getTallies(roundId, NORTH)[1], 1, "the late-reviewed proposal is counted");
    }

    function test_review_revertsInVotingOnceTheDistrictsBallotIsPublished() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBudgetRound.RoundWrongPhase.selector,
                roundId,
                IBudgetRound.Phase.Voting,
                IBudgetRound.Phase.Review
            )
        );
        budgetRound.review(unsupported, true, 400, bytes32(0));
    }

    function test_review_revertsAfterTheVotingPhase() public {
        vm.warp(rules.schedule.votingEnd);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBudgetRound.RoundWrongPhase.selector,
                roundId,
                IBudgetRound.Phase.Closed,
                IBudgetRound.Phase.Review
            )
        );
        budgetRound.review(missed, true, 200, bytes32(0));
    }
}
