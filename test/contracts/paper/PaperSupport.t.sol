// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {BudgetRound} from "../../../contracts/budget/BudgetRound.sol";
import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {IPaperBallotDesk} from "../../../contracts/paper/IPaperBallotDesk.sol";
import {PaperBallotDesk} from "../../../contracts/paper/PaperBallotDesk.sol";
import {IResidentRegistry} from "../../../contracts/registry/IResidentRegistry.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {AddressMerkleTree} from "../utils/AddressMerkleTree.sol";
import {Test} from "../utils/Test.sol";
import {VoteCodes} from "../registry/VoteCodeFixture.sol";

/// @notice Paper support forms through the PaperBallotDesk: they count toward the threshold like
/// online supports, and one household supports a proposal once across paper and online.
contract PaperSupportTest is Test {
    uint32 private constant DISTRICT = 3;
    uint32 private constant OTHER_DISTRICT = 4;
    uint40 private constant PHASE = 1_000;
    address private constant CLERK = address(0xC1E4);
    address private constant RESIDENT = address(0xBEE);

    ResidentRegistry private registry;
    BudgetRound private budgetRound;
    PaperBallotDesk private desk;
    bytes32[] private tree;
    bytes32[] private otherTree;
    uint256 private batchId;
    uint256 private otherBatchId;
    uint256 private roundId;
    uint256 private proposalId;
    IBudgetRound.Schedule private schedule;

    function setUp() public {
        registry = new ResidentRegistry(address(this), address(0));
        budgetRound = new BudgetRound(address(registry), address(this), address(0));
        desk = new PaperBallotDesk(address(budgetRound), address(registry), address(this), address(0));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
        registry.grantRole(registry.CODE_ISSUER_ROLE(), address(this));
        registry.grantRole(registry.CODE_CONSUMER_ROLE(), address(desk));
        budgetRound.grantRole(budgetRound.ROUND_MANAGER_ROLE(), address(this));
        budgetRound.grantRole(budgetRound.CLERK_ROLE(), address(desk));
        desk.grantRole(desk.CLERK_ROLE(), CLERK);

        tree = VoteCodes.tree(VoteCodes.list(0, 1, 2));
        otherTree = VoteCodes.tree(VoteCodes.list(3));
        uint64 until = uint64(block.timestamp + 60 days);
        batchId = registry.publishCodeBatch(DISTRICT, tree[0], 3, until, until);
        otherBatchId = registry.publishCodeBatch(OTHER_DISTRICT, otherTree[0], 1, until, until);
        registry.register(RESIDENT, DISTRICT, until);

        uint40 start = uint40(block.timestamp + 10);
        schedule = IBudgetRound.Schedule(start, start + PHASE, start + 2 * PHASE, start + 3 * PHASE, start + 4 * PHASE);
        IBudgetRound.Rules memory rules;
        rules.districts = new uint32[](2);
        (rules.districts[0], rules.districts[1]) = (DISTRICT, OTHER_DISTRICT);
        rules.budgets = new uint64[](2);
        (rules.budgets[0], rules.budgets[1]) = (1_000, 1_000);
        rules.schedule = schedule;
        rules.supportThreshold = 2;
        rules.rulesHash = keccak256("paper support rules");
        roundId = budgetRound.createRound(rules);
        vm.warp(schedule.proposalsStart);
        vm.prank(RESIDENT);
        proposalId = budgetRound.submitProposal(roundId, DISTRICT, 100, keccak256("bench"));
        vm.warp(schedule.supportStart);
    }

    // ---------------------------------------------------------------- helpers

    function _signSupport(uint256 code, uint256 id, uint256 batch) private view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(VoteCodes.key(code), desk.supportDigest(id, batch));
        return abi.encodePacked(r, s, v);
    }

    function _proof(uint256 code) private view returns (bytes32[] memory) {
        return AddressMerkleTree.proof(tree, VoteCodes.signer(code));
    }

    function _recordSupport(uint256 code) private {
        bytes memory signature = _signSupport(code, proposalId, batchId);
        bytes32[] memory proof = _proof(code);
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function _redeem(uint256 code, address account) private {
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(code), account, DISTRICT, batchId);
        bytes32[] memory proof = _proof(code);
        vm.prank(account);
        registry.redeemVoteCode(batchId, signature, proof);
    }

    // ---------------------------------------------------------------- counting

    function test_recordSupport_countsTowardTheThresholdWithOnlineSupports() public {
        _recordSupport(0);
        vm.assertEq(budgetRound.getProposal(proposalId).supportCount, 1, "one paper support");
        vm.assertTrue(budgetRound.hasSupported(proposalId, VoteCodes.signer(0)), "kept under the code's address");
        vm.prank(RESIDENT);
        budgetRound.support(proposalId);
        vm.assertEq(budgetRound.getProposal(proposalId).supportCount, 2, "paper plus online");

        vm.warp(schedule.reviewStart);
        budgetRound.grantRole(budgetRound.REVIEWER_ROLE(), address(this));
        budgetRound.review(proposalId, true, 100, bytes32(0));
        budgetRound.publishBallot(roundId, DISTRICT);
        (uint256[] memory ids, ) = budgetRound.getBallot(roundId, DISTRICT);
        vm.assertEq(ids.length, 1, "the threshold of 2 is met with the paper support");
        vm.assertEq(ids[0], proposalId, "the proposal is on the ballot");
    }

    function test_recordSupport_emitsTheDeskAndTheRoundEvents() public {
        bytes memory signature = _signSupport(1, proposalId, batchId);
        bytes32[] memory proof = _proof(1);
        vm.expectEmit();
        emit IBudgetRound.ProposalSupported(proposalId, VoteCodes.signer(1), 1);
        vm.expectEmit();
        emit IPaperBallotDesk.PaperSupportWithCodeRecorded(proposalId, DISTRICT, batchId, VoteCodes.signer(1), CLERK);
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordSupport_leavesTheCodeUsableForTheHouseholdsBallot() public {
        _recordSupport(0);
        vm.assertFalse(registry.isVoteCodeUsed(VoteCodes.signer(0)), "a support does not use the code up");
        address account = address(0xA11CE);
        _redeem(0, account);
        vm.assertTrue(registry.isResident(account, DISTRICT), "the code still registers the household");
        vm.assertEq(registry.voteCodeOf(account), VoteCodes.signer(0), "the registry keeps the redemption's link");
    }

    // ---------------------------------------------------------------- refusals

    function test_recordSupport_revertsForTheSameCodeAndProposalTwice() public {
        _recordSupport(0);
        bytes memory signature = _signSupport(0, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.RoundAlreadySupported.selector, proposalId, VoteCodes.signer(0))
        );
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordSupport_revertsForACodeRedeemedOnline() public {
        _redeem(0, address(0xA11CE));
        bytes memory signature = _signSupport(0, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(abi.encodeWithSelector(IPaperBallotDesk.DeskVoteCodeUsed.selector, VoteCodes.signer(0)));
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_support_revertsOnlineForAnAccountWhoseCodeSupportedOnPaper() public {
        _recordSupport(0);
        address account = address(0xA11CE);
        _redeem(0, account);
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.RoundSupportedOnPaper.selector, proposalId, VoteCodes.signer(0))
        );
        vm.prank(account);
        budgetRound.support(proposalId);
        vm.assertEq(budgetRound.getProposal(proposalId).supportCount, 1, "still one support from this household");
    }

    function test_support_acceptsAnAccountWhoseCodeSupportedAnotherProposalOnPaper() public {
        vm.warp(schedule.proposalsStart);
        vm.prank(RESIDENT);
        uint256 otherProposal = budgetRound.submitProposal(roundId, DISTRICT, 50, keccak256("tree"));
        vm.warp(schedule.supportStart);
        _recordSupport(0);
        address account = address(0xA11CE);
        _redeem(0, account);
        vm.prank(account);
        budgetRound.support(otherProposal);
        vm.assertEq(budgetRound.getProposal(otherProposal).supportCount, 1, "the other proposal is supported online");
    }

    function test_recordSupport_revertsOutsideTheSupportPhase() public {
        vm.warp(schedule.reviewStart);
        bytes memory signature = _signSupport(0, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBudgetRound.RoundWrongPhase.selector,
                roundId,
                IBudgetRound.Phase.Review,
                IBudgetRound.Phase.Support
            )
        );
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordSupport_revertsForACodeOfAnotherDistrict() public {
        bytes memory signature = _signSupport(3, proposalId, otherBatchId);
        bytes32[] memory proof = AddressMerkleTree.proof(otherTree, VoteCodes.signer(3));
        vm.expectRevert(
            abi.encodeWithSelector(IPaperBallotDesk.DeskWrongDistrict.selector, otherBatchId, OTHER_DISTRICT, DISTRICT)
        );
        vm.prank(CLERK);
        desk.recordSupport(proposalId, otherBatchId, signature, proof);
    }

    function test_recordSupport_revertsForACodeOutsideTheBatch() public {
        // Code 3 signs, but the proof is code 0's: the signer is no leaf of this proof's path.
        bytes memory signature = _signSupport(3, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(
            abi.encodeWithSelector(IResidentRegistry.RegistryInvalidVoteCode.selector, batchId, VoteCodes.signer(3))
        );
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordSupport_revertsForAWithdrawnBatch() public {
        registry.withdrawCodeBatch(batchId);
        bytes memory signature = _signSupport(0, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryBatchWithdrawn.selector, batchId));
        vm.prank(CLERK);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordSupport_revertsForAnUnknownProposal() public {
        bytes memory signature = _signSupport(0, 99, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundUnknownProposal.selector, 99));
        vm.prank(CLERK);
        desk.recordSupport(99, batchId, signature, proof);
    }

    function test_recordSupport_revertsForSomeoneWithoutTheDesksClerkRole() public {
        bytes memory signature = _signSupport(0, proposalId, batchId);
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                RESIDENT,
                desk.CLERK_ROLE()
            )
        );
        vm.prank(RESIDENT);
        desk.recordSupport(proposalId, batchId, signature, proof);
    }

    function test_recordPaperSupport_revertsForSomeoneWithoutTheRoundsClerkRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                CLERK,
                budgetRound.CLERK_ROLE()
            )
        );
        vm.prank(CLERK);
        budgetRound.recordPaperSupport(proposalId, VoteCodes.signer(0));
    }
}
