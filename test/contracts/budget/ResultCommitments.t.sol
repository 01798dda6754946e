// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {BudgetRound} from "../../../contracts/budget/BudgetRound.sol";
import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {IResultCommitments} from "../../../contracts/budget/IResultCommitments.sol";
import {ResultCommitments} from "../../../contracts/budget/ResultCommitments.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";

/// @notice A Method of Equal Shares round (one district, proposals 1, 2, 3 costing 400, 300, 500
/// of a 1,000 budget) after voting: commit, object, resolve, and finalize taking the outcome.
contract ResultCommitmentsTest is BudgetRoundFixture {
    uint32 private constant DISTRICT = 7;
    uint32 private constant WINDOW = 1 days;
    address private constant VOTER = address(0xB0);
    address private constant OBJECTOR = address(0xD0);
    address private constant STRANGER = address(0xE0);
    string private constant VERSION = "buurtkas-tally/2";

    ResultCommitments private commitments;
    uint256 private roundId;
    IBudgetRound.Rules private rules;

    function setUp() public {
        _deploy();
        commitments = new ResultCommitments(address(budgetRound), address(this), address(0));
        budgetRound.setResultCommitments(address(commitments));
        commitments.grantRole(commitments.COMMITTER_ROLE(), address(this));
        _register(VOTER, DISTRICT);
        rules = _mesRules(WINDOW);
        roundId = _openVoting(rules, _costs(), _proposers());
        vm.prank(VOTER);
        budgetRound.castApprovalBallot(roundId, DISTRICT, 3);
        vm.warp(rules.schedule.votingEnd);
        vm.roll(block.number + 10);
    }

    // ---------------------------------------------------------------- round creation

    function test_createRound_equalShares_refusesCumulativeBallots() public {
        IBudgetRound.Rules memory r = _mesRules(WINDOW);
        r.ballotType = IBudgetRound.BallotType.Cumulative;
        r.totalPoints = 10;
        r.maxPointsPerProject = 5;
        r.maxBudgetShareBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundInvalidRule.selector, "tallyRule", 1));
        budgetRound.createRound(r);
    }

    function test_createRound_equalShares_needsAnObjectionWindow() public {
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundInvalidRule.selector, "objectionWindow", 0));
        budgetRound.createRound(_mesRules(0));
    }

    function test_createRound_greedy_refusesAnObjectionWindow() public {
        IBudgetRound.Rules memory r = _mesRules(WINDOW);
        r.tallyRule = IBudgetRound.TallyRule.Greedy;
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundInvalidRule.selector, "objectionWindow", WINDOW));
        budgetRound.createRound(r);
    }

    function test_createRound_equalShares_refusedWithoutAResultSource() public {
        BudgetRound bare = new BudgetRound(address(registry), address(this), address(0));
        bare.grantRole(bare.ROUND_MANAGER_ROLE(), address(this));
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundInvalidRule.selector, "tallyRule", 1));
        bare.createRound(_mesRules(WINDOW));
    }

    function test_setResultCommitments_canBeSetOnlyOnce() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.RoundResultSourceAlreadySet.selector, address(commitments))
        );
        budgetRound.setResultCommitments(address(0xBEEF));
        vm.assertEq(budgetRound.resultCommitments(), address(commitments), "source");
        vm.assertEq(budgetRound.getRules(roundId).objectionWindow, WINDOW, "window in the rules");
    }

    // ---------------------------------------------------------------- commit

    function test_commit_recordsTheOutcomeTheCountAndTheWindow() public {
        IResultCommitments.Count memory count = _count();
        vm.expectEmit();
        emit IResultCommitments.ResultCommitted(
            roundId,
            DISTRICT,
            address(this),
            _ids(1, 2),
            700,
            count,
            uint40(block.timestamp + WINDOW),
            false
        );
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), count);
        IResultCommitments.Commitment memory c = commitments.getCommitment(roundId, DISTRICT);
        vm.assertTrue(c.committed, "committed");
        vm.assertEq(c.selected, 3, "selected positions");
        vm.assertEq(c.selectedCost, 700, "cost");
        vm.assertEq(c.toBlock, count.toBlock, "to block");
        vm.assertEq(c.toBlockHash, count.toBlockHash, "hash");
        vm.assertEq(keccak256(bytes(c.libraryVersion)), keccak256(bytes(VERSION)), "version");
        vm.assertEq(c.windowEnd, block.timestamp + WINDOW, "window end");
    }

    function test_commit_revertsForAnAccountWithoutTheCommitterRole() public {
        IResultCommitments.Count memory count = _count();
        vm.expectPartialRevert(bytes4(keccak256("AccessControlUnauthorizedAccount(address,bytes32)")));
        vm.prank(STRANGER);
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), count);
    }

    function test_commit_revertsWhileVotingIsOpen() public {
        vm.warp(rules.schedule.votingEnd - 1);
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(
            abi.encodeWithSelector(IResultCommitments.ResultWrongPhase.selector, roundId, IBudgetRound.Phase.Voting)
        );
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), count);
    }

    function test_commit_revertsASecondTime() public {
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), _count());
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultAlreadyCommitted.selector, roundId, DISTRICT));
        commitments.commitResult(roundId, DISTRICT, _ids(3), count);
    }

    function test_commit_revertsOverBudget() public {
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultOverBudget.selector, 1_200, 1_000));
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2, 3), count);
    }

    function test_commit_revertsForProposalsOffTheBallotOrOutOfOrder() public {
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultUnknownProposal.selector, 1));
        commitments.commitResult(roundId, DISTRICT, _ids(2, 1), count);
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultUnknownProposal.selector, 9));
        commitments.commitResult(roundId, DISTRICT, _ids(9), count);
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultUnknownProposal.selector, 2));
        commitments.commitResult(roundId, DISTRICT, _ids(2, 2), count);
    }

    function test_commit_revertsForABlockRangeNotYetMinedOrAWrongHash() public {
        IResultCommitments.Count memory count = _count();
        count.toBlock = uint64(block.number);
        vm.expectRevert(
            abi.encodeWithSelector(IResultCommitments.ResultInvalidBlockRange.selector, count.fromBlock, block.number)
        );
        commitments.commitResult(roundId, DISTRICT, _ids(1), count);
        count = _count();
        count.toBlockHash = 0;
        vm.expectRevert(
            abi.encodeWithSelector(
                IResultCommitments.ResultBlockHashMismatch.selector,
                count.toBlock,
                bytes32(0),
                blockhash(count.toBlock)
            )
        );
        commitments.commitResult(roundId, DISTRICT, _ids(1), count);
        count = _count();
        count.libraryVersion = "";
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultInvalidLibraryVersion.selector, 0));
        commitments.commitResult(roundId, DISTRICT, _ids(1), count);
    }

    function test_commit_revertsForAGreedyRound() public {
        IBudgetRound.Rules memory r = _mesRules(0);
        r.tallyRule = IBudgetRound.TallyRule.Greedy;
        uint256 greedyRound = _openVoting(r, _costs(), _proposers());
        vm.warp(r.schedule.votingEnd);
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultRuleOnChain.selector, greedyRound));
        commitments.commitResult(greedyRound, DISTRICT, _ids(1), count);
    }

    // ---------------------------------------------------------------- objections

    function test_lodgeObjection_acceptsTheLastSecondOfTheWindowButNotItsEnd() public {
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), _count());
        uint256 windowEnd = block.timestamp + WINDOW;
        vm.warp(windowEnd - 1);
        vm.expectEmit();
        emit IResultCommitments.ObjectionLodged(1, roundId, DISTRICT, OBJECTOR, _ids(3), bytes32("why"));
        vm.prank(OBJECTOR);
        vm.assertEq(commitments.lodgeObjection(roundId, DISTRICT, _ids(3), bytes32("why")), 1, "objection id");
        vm.assertEq(commitments.getCommitment(roundId, DISTRICT).openObjections, 1, "open");
        vm.warp(windowEnd);
        vm.expectRevert(
            abi.encodeWithSelector(
                IResultCommitments.ResultObjectionWindowClosed.selector,
                roundId,
                DISTRICT,
                windowEnd
            )
        );
        vm.prank(OBJECTOR);
        commitments.lodgeObjection(roundId, DISTRICT, _ids(2), 0);
    }

    function test_lodgeObjection_revertsBeforeACommitmentAndForTheCommittedOutcome() public {
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultNotCommitted.selector, roundId, DISTRICT));
        commitments.lodgeObjection(roundId, DISTRICT, _ids(3), 0);
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), _count());
        vm.expectRevert(
            abi.encodeWithSelector(IResultCommitments.ResultObjectionSameOutcome.selector, roundId, DISTRICT)
        );
        commitments.lodgeObjection(roundId, DISTRICT, _ids(1, 2), 0);
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultOverBudget.selector, 1_200, 1_000));
        commitments.lodgeObjection(roundId, DISTRICT, _ids(1, 2, 3), 0);
    }

    // ---------------------------------------------------------------- finalize

    function test_finalize_revertsUntilTheWindowEndsThenTakesTheCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultNotCommitted.selector, roundId, DISTRICT));
        budgetRound.finalize(roundId);
        commitments.commitResult(roundId, DISTRICT, _ids(1, 3), _count());
        uint256 windowEnd = block.timestamp + WINDOW;
        vm.warp(windowEnd - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IResultCommitments.ResultObjectionWindowOpen.selector, roundId, DISTRICT, windowEnd)
        );
        budgetRound.finalize(roundId);
        vm.warp(windowEnd);
        budgetRound.finalize(roundId);
        _assertSelected(_ids(1, 3), 900);
        // A funded project of an MES round is reported on like a greedy one; an unfunded one is not.
        budgetRound.reportImplementation(3, IBudgetRound.ImplementationStatus.Planned, bytes32("plan"));
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundProposalNotFunded.selector, 2));
        budgetRound.reportImplementation(2, IBudgetRound.ImplementationStatus.Planned, bytes32("plan"));
    }

    function test_objection_freezesTheRoundUntilTheAdminUpholdsTheCommitment() public {
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), _count());
        vm.prank(OBJECTOR);
        commitments.lodgeObjection(roundId, DISTRICT, _ids(3), 0);
        vm.warp(block.timestamp + WINDOW + 100);
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultObjectionsOpen.selector, roundId, DISTRICT, 1));
        budgetRound.finalize(roundId);
        vm.expectPartialRevert(bytes4(keccak256("AccessControlUnauthorizedAccount(address,bytes32)")));
        vm.prank(STRANGER);
        commitments.upholdCommitment(roundId, DISTRICT, 0);
        vm.expectEmit();
        emit IResultCommitments.ObjectionsResolved(roundId, DISTRICT, address(this), true, 1, bytes32("decision"));
        commitments.upholdCommitment(roundId, DISTRICT, bytes32("decision"));
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultNoOpenObjection.selector, roundId, DISTRICT));
        commitments.upholdCommitment(roundId, DISTRICT, 0);
        budgetRound.finalize(roundId);
        _assertSelected(_ids(1, 2), 700);
    }

    function test_replaceCommitment_makesTheRecountTheOutcome() public {
        commitments.commitResult(roundId, DISTRICT, _ids(1, 2), _count());
        vm.prank(OBJECTOR);
        commitments.lodgeObjection(roundId, DISTRICT, _ids(2, 3), 0);
        vm.prank(STRANGER);
        commitments.lodgeObjection(roundId, DISTRICT, _ids(3), 0);
        IResultCommitments.Count memory count = _count();
        vm.expectRevert(abi.encodeWithSelector(IResultCommitments.ResultOverBudget.selector, 1_200, 1_000));
        commitments.replaceCommitment(roundId, DISTRICT, _ids(1, 2, 3), count, 0);
        commitments.replaceCommitment(roundId, DISTRICT, _ids(2, 3), count, bytes32("recount"));
        IResultCommitments.Commitment memory c = commitments.getCommitment(roundId, DISTRICT);
        vm.assertEq(c.openObjections, 0, "resolved");
        vm.assertEq(c.recounts, 1, "recounts");
        vm.assertEq(c.lastObjectionId, 2, "last objection");
        vm.warp(c.windowEnd);
        budgetRound.finalize(roundId);
        _assertSelected(_ids(2, 3), 800);
        vm.expectRevert(
            abi.encodeWithSelector(IResultCommitments.ResultWrongPhase.selector, roundId, IBudgetRound.Phase.Finalized)
        );
        commitments.upholdCommitment(roundId, DISTRICT, 0);
    }

    // ---------------------------------------------------------------- helpers

    function _assertSelected(uint256[] memory expected, uint256 cost) private view {
        uint256[] memory selected = budgetRound.getSelected(roundId, DISTRICT);
        vm.assertEq(selected.length, expected.length, "selected count");
        for (uint256 i = 0; i < expected.length; ++i) vm.assertEq(selected[i], expected[i], "selected id");
        IBudgetRound.DistrictView memory view_ = budgetRound.getDistrict(roundId, DISTRICT);
        vm.assertTrue(view_.finalized, "finalized");
        vm.assertEq(view_.selectedCost, cost, "selected cost");
        vm.assertTrue(budgetRound.phase(roundId) == IBudgetRound.Phase.Finalized, "phase");
    }

    function _count() private view returns (IResultCommitments.Count memory) {
        uint64 toBlock = uint64(block.number - 1);
        bytes32 hash = blockhash(toBlock);
        return
            IResultCommitments.Count({
                fromBlock: 1,
                toBlock: toBlock,
                toBlockHash: hash == 0 ? bytes32(uint256(0xb10c)) : hash,
                libraryVersion: VERSION
            });
    }

    function _mesRules(uint32 window) private view returns (IBudgetRound.Rules memory r) {
        uint32[] memory districts = new uint32[](1);
        districts[0] = DISTRICT;
        uint64[] memory budgets = new uint64[](1);
        budgets[0] = 1_000;
        r = _rules(districts, budgets);
        r.ballotType = IBudgetRound.BallotType.Approval;
        r.maxBudgetShareBps = 10_000;
        r.tallyRule = IBudgetRound.TallyRule.EqualSharesAdd1;
        r.objectionWindow = window;
    }

    function _costs() private pure returns (uint64[][] memory costs) {
        costs = new uint64[][](1);
        costs[0] = new uint64[](3);
        costs[0][0] = 400;
        costs[0][1] = 300;
        costs[0][2] = 500;
    }

    function _proposers() private pure returns (address[] memory proposers) {
        proposers = new address[](1);
        proposers[0] = VOTER;
    }

    function _ids(uint256 a) private pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) private pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    function _ids(uint256 a, uint256 b, uint256 c) private pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        ids[0] = a;
        ids[1] = b;
        ids[2] = c;
    }
}
