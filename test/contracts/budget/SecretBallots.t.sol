// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {ISecretBallots} from "../../../contracts/budget/ISecretBallots.sol";
import {SecretBallotsFixture} from "./SecretBallotsFixture.sol";

/// @notice Anonymous ballots: tokens verified on chain, one ballot per token, re-votes replacing,
/// and every refusal a named error.
contract SecretBallotsTest is SecretBallotsFixture {
    uint256 private constant KEY_X = 0x1001;
    uint256 private constant KEY_Y = 0x1002;
    uint256 private constant KEY_Z = 0x1003;

    function setUp() public {
        _deploySecret();
        roundId = _openSecretRound();
    }

    function test_castBallot_countsAnAnonymousBallotLikeAPublicOne() public {
        address voter = vm.addr(KEY_X);
        vm.expectEmit();
        emit IBudgetRound.ApprovalBallotCast(roundId, voter, D_ONE, 3, false);
        _cast(KEY_X, D_ONE, 3);
        uint256[] memory tallies = budgetRound.getTallies(roundId, D_ONE);
        vm.assertEq(tallies[0], 1, "position 0");
        vm.assertEq(tallies[1], 1, "position 1");
        vm.assertEq(tallies[2], 0, "position 2");
        (uint32 district, uint256 selection) = budgetRound.approvalBallotOf(roundId, voter);
        vm.assertEq(uint256(district), D_ONE, "district");
        vm.assertEq(selection, 3, "selection");
        ISecretBallots.DistrictCounts memory counts = ballots.countsOf(roundId, D_ONE);
        vm.assertEq(uint256(counts.requested), 2, "requested");
        vm.assertEq(uint256(counts.issued), 2, "issued");
        vm.assertEq(uint256(counts.ballots), 1, "ballots");
    }

    function test_castBallot_emitsTheTokenForAnyoneToVerify() public {
        address voter = vm.addr(KEY_X);
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_X, D_ONE, 1);
        vm.expectEmit();
        emit ISecretBallots.TokenRedeemed(roundId, D_ONE, voter, token.signature);
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_castBallot_revertsWithAForgedToken() public {
        address voter = vm.addr(KEY_X);
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_X, D_ONE, 1);
        token.signature[100] = bytes1(uint8(token.signature[100]) ^ 0x01);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidToken.selector, roundId, D_ONE, voter));
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_castBallot_revertsWithAnotherAddressesToken() public {
        address voter = vm.addr(KEY_Y);
        (ISecretBallots.Token memory token, ) = _ballot(KEY_X, D_ONE, 1);
        bytes memory signature = _sign(KEY_Y, roundId, D_ONE, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidToken.selector, roundId, D_ONE, voter));
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_castBallot_revertsWhenTheTokenIsUsedAgain() public {
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_X, D_ONE, 1);
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretTokenAlreadyUsed.selector, roundId, vm.addr(KEY_X))
        );
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_castBallot_revertsWithATokenForAnotherDistrict() public {
        address voter = vm.addr(KEY_X);
        ISecretBallots.Token memory token = _token(roundId, D_ONE, voter);
        bytes memory signature = _sign(KEY_X, roundId, D_TWO, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretTokenForOtherDistrict.selector, D_ONE, D_TWO));
        ballots.castBallot(roundId, D_TWO, 1, token, signature);
        // Relabelled as district 2, it does not verify under district 2's key.
        token.district = D_TWO;
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidToken.selector, roundId, D_TWO, voter));
        ballots.castBallot(roundId, D_TWO, 1, token, signature);
    }

    function test_castBallot_revertsWithATokenForAnotherRound() public {
        // A second secret round with the same keys, in its proposal phase.
        IBudgetRound.Rules memory second = _secretRules();
        second.schedule.proposalsStart = uint40(block.timestamp + 10);
        second.schedule.supportStart = second.schedule.proposalsStart + 100;
        second.schedule.reviewStart = second.schedule.proposalsStart + 200;
        second.schedule.votingStart = second.schedule.proposalsStart + 300;
        second.schedule.votingEnd = second.schedule.proposalsStart + 400;
        uint256 secondId = budgetRound.createRound(second);
        ballots.setIssuerKeys(secondId, _moduli());
        address voter = vm.addr(KEY_X);
        ISecretBallots.Token memory token = _token(secondId, D_ONE, voter);
        bytes memory signature = _sign(KEY_X, roundId, D_ONE, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretTokenForOtherRound.selector, secondId, roundId));
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
        token.roundId = roundId;
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidToken.selector, roundId, D_ONE, voter));
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    /// @dev The issuer can sign messages nobody asked for (off chain); the count caps what they buy.
    function test_castBallot_revertsOneBallotTooManyInADistrict() public {
        _cast(KEY_X, D_ONE, 1);
        _cast(KEY_Y, D_ONE, 1);
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_Z, D_ONE, 1);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretDistrictFull.selector, roundId, D_ONE, 2));
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_castBallot_revertsOneBallotTooManyInTheSmallerDistrict() public {
        _cast(KEY_Z, D_TWO, 1);
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_X, D_TWO, 1);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretDistrictFull.selector, roundId, D_TWO, 1));
        ballots.castBallot(roundId, D_TWO, 1, token, signature);
    }

    function test_castBallot_revertsABallotSignedForAReplacement() public {
        address voter = vm.addr(KEY_X);
        ISecretBallots.Token memory token = _token(roundId, D_ONE, voter);
        // Signed with sequence 1, so the address recovered from it is another one, without a token.
        bytes memory signature = _sign(KEY_X, roundId, D_ONE, 1, 1);
        vm.expectPartialRevert(ISecretBallots.SecretInvalidToken.selector);
        ballots.castBallot(roundId, D_ONE, 1, token, signature);
    }

    function test_replaceBallot_replacesTheBallotAndMovesTheTallies() public {
        _cast(KEY_X, D_ONE, 3);
        address voter = vm.addr(KEY_X);
        bytes memory signature = _sign(KEY_X, roundId, D_ONE, 4, 1);
        vm.expectEmit();
        emit IBudgetRound.ApprovalBallotCast(roundId, voter, D_ONE, 4, true);
        ballots.replaceBallot(roundId, D_ONE, 4, 1, signature);
        uint256[] memory tallies = budgetRound.getTallies(roundId, D_ONE);
        vm.assertEq(tallies[0], 0, "position 0");
        vm.assertEq(tallies[1], 0, "position 1");
        vm.assertEq(tallies[2], 1, "position 2");
        vm.assertEq(uint256(ballots.countsOf(roundId, D_ONE).ballots), 1, "still one ballot");
        vm.assertEq(ballots.replacementsOf(roundId, voter), 1, "replacements");
        ballots.replaceBallot(roundId, D_ONE, 1, 2, _sign(KEY_X, roundId, D_ONE, 1, 2));
        vm.assertEq(budgetRound.getTallies(roundId, D_ONE)[0], 1, "position 0 after the second replacement");
    }

    function test_replaceBallot_revertsAReplayedBallot() public {
        _cast(KEY_X, D_ONE, 3);
        bytes memory first = _sign(KEY_X, roundId, D_ONE, 4, 1);
        ballots.replaceBallot(roundId, D_ONE, 4, 1, first);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretStaleSequence.selector, vm.addr(KEY_X), 1, 2));
        ballots.replaceBallot(roundId, D_ONE, 4, 1, first);
    }

    function test_replaceBallot_revertsWithoutABallot() public {
        bytes memory signature = _sign(KEY_X, roundId, D_ONE, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretNoBallotToReplace.selector, roundId, vm.addr(KEY_X))
        );
        ballots.replaceBallot(roundId, D_ONE, 1, 1, signature);
    }

    function test_replaceBallot_revertsInAnotherDistrict() public {
        _cast(KEY_X, D_ONE, 1);
        bytes memory signature = _sign(KEY_X, roundId, D_TWO, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.BallotOtherDistrict.selector, vm.addr(KEY_X), D_ONE, D_TWO)
        );
        ballots.replaceBallot(roundId, D_TWO, 1, 1, signature);
    }

    function test_castBallot_isCheckedAgainstTheBallotRules() public {
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(KEY_X, D_ONE, 8);
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.BallotUnknownPosition.selector, 3, 3));
        ballots.castBallot(roundId, D_ONE, 8, token, signature);
    }

    function test_castApprovalBallot_revertsInASecretRound() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBudgetRound.BallotWrongSecrecy.selector, roundId, IBudgetRound.BallotSecrecy.Secret)
        );
        vm.prank(RESIDENT_A);
        budgetRound.castApprovalBallot(roundId, D_ONE, 1);
    }

    function test_castApprovalBallotFor_isOnlyForTheBallotBox() public {
        bytes32 role = budgetRound.BALLOT_BOX_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, RESIDENT_A, role)
        );
        vm.prank(RESIDENT_A);
        budgetRound.castApprovalBallotFor(roundId, D_ONE, RESIDENT_A, 1);
    }

    function test_paperBallots_countInASecretRound() public {
        budgetRound.recordPaperApprovalBallot(roundId, D_ONE, keccak256("serial 1"), 6);
        vm.assertEq(budgetRound.getTallies(roundId, D_ONE)[2], 1, "position 2");
    }

    function test_requestToken_revertsASecondRequest() public {
        IBudgetRound.Rules memory second = _secretRules();
        uint256 secondId = _createAt(second, uint40(block.timestamp + 10));
        ballots.setIssuerKeys(secondId, _moduli());
        vm.prank(RESIDENT_A);
        ballots.requestToken(secondId, _blinded(0));
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretTokenAlreadyRequested.selector, secondId, RESIDENT_A)
        );
        vm.prank(RESIDENT_A);
        ballots.requestToken(secondId, _blinded(1));
    }

    function test_requestToken_revertsForSomeoneNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretNotResident.selector, roundId, address(0xDEAD)));
        vm.prank(address(0xDEAD));
        ballots.requestToken(roundId, _blinded(0));
    }

    function test_requestToken_revertsWithoutKeys() public {
        uint256 secondId = _createAt(_secretRules(), uint40(block.timestamp + 10));
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretKeysNotSet.selector, secondId));
        vm.prank(RESIDENT_A);
        ballots.requestToken(secondId, _blinded(0));
    }

    function test_requestToken_revertsAMessageNotBelowTheModulus() public {
        uint256 secondId = _createAt(_secretRules(), uint40(block.timestamp + 10));
        ballots.setIssuerKeys(secondId, _moduli());
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidBlindedMessage.selector, secondId, D_ONE));
        vm.prank(RESIDENT_A);
        ballots.requestToken(secondId, N1);
    }

    function test_requestToken_revertsAfterVoting() public {
        vm.warp(rules.schedule.votingEnd);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretWrongPhase.selector, roundId, IBudgetRound.Phase.Closed)
        );
        vm.prank(RESIDENT_A);
        ballots.requestToken(roundId, _blinded(0));
    }

    function test_issueToken_revertsAnInvalidBlindSignature() public {
        uint256 secondId = _createAt(_secretRules(), uint40(block.timestamp + 10));
        ballots.setIssuerKeys(secondId, _moduli());
        (bytes memory blinded, bytes memory blindSignature) = _blindPair(0, N1);
        (bytes memory otherBlinded, bytes memory otherSignature) = _blindPair(1, N1);
        vm.prank(RESIDENT_A);
        ballots.requestToken(secondId, blinded);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretInvalidBlindSignature.selector, secondId, RESIDENT_A)
        );
        ballots.issueToken(secondId, RESIDENT_A, blinded, otherSignature);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretBlindedMessageMismatch.selector, secondId, RESIDENT_A)
        );
        ballots.issueToken(secondId, RESIDENT_A, otherBlinded, otherSignature);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretNotIssuer.selector, secondId, RESIDENT_B));
        vm.prank(RESIDENT_B);
        ballots.issueToken(secondId, RESIDENT_A, blinded, blindSignature);
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretNoPendingRequest.selector, secondId, RESIDENT_B));
        ballots.issueToken(secondId, RESIDENT_B, blinded, blindSignature);
        ballots.issueToken(secondId, RESIDENT_A, blinded, blindSignature);
        vm.assertEq(uint256(ballots.countsOf(secondId, D_ONE).issued), 1, "issued");
        vm.assertEq(uint256(ballots.requestOf(secondId, RESIDENT_A).status), 2, "issued status");
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretNoPendingRequest.selector, secondId, RESIDENT_A));
        ballots.issueToken(secondId, RESIDENT_A, blinded, blindSignature);
    }

    function test_setIssuerKeys_areFinalAndOnlyBeforeVoting() public {
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretKeysAlreadySet.selector, roundId, address(this)));
        ballots.setIssuerKeys(roundId, _moduli());
        uint256 secondId = _createAt(_secretRules(), uint40(block.timestamp + 10));
        vm.warp(block.timestamp + 10 + 3 * PHASE_LENGTH);
        vm.expectRevert(
            abi.encodeWithSelector(ISecretBallots.SecretWrongPhase.selector, secondId, IBudgetRound.Phase.Voting)
        );
        ballots.setIssuerKeys(secondId, _moduli());
    }

    function test_setIssuerKeys_checksEveryKey() public {
        uint256 secondId = _createAt(_secretRules(), uint40(block.timestamp + 10));
        bytes[] memory moduli = _moduli();
        moduli[1] = abi.encodePacked(N2, uint8(1)); // 257 bytes
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecretBallots.SecretInvalidKey.selector,
                D_TWO,
                "length: 256 to 512 bytes, a multiple of 32"
            )
        );
        ballots.setIssuerKeys(secondId, moduli);
        moduli[1] = new bytes(256);
        moduli[1][255] = 0x01;
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidKey.selector, D_TWO, "top bit not set"));
        ballots.setIssuerKeys(secondId, moduli);
        moduli[1][0] = 0x80;
        moduli[1][255] = 0x02;
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretInvalidKey.selector, D_TWO, "even"));
        ballots.setIssuerKeys(secondId, moduli);
        bytes[] memory one = new bytes[](1);
        one[0] = N1;
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretKeyCount.selector, 1, 2));
        ballots.setIssuerKeys(secondId, one);
        vm.assertEq(keccak256(ballots.issuerKey(roundId, D_TWO)), keccak256(N2), "stored key");
    }

    function test_setIssuerKeys_revertsForAPublicRound() public {
        IBudgetRound.Rules memory open = _secretRules();
        open.secrecy = IBudgetRound.BallotSecrecy.Public;
        uint256 publicId = _createAt(open, uint40(block.timestamp + 10));
        vm.expectRevert(abi.encodeWithSelector(ISecretBallots.SecretRoundNotSecret.selector, publicId));
        ballots.setIssuerKeys(publicId, _moduli());
    }

    function test_setIssuerKeys_isOnlyForIssuers() public {
        bytes32 role = ballots.ISSUER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, RESIDENT_A, role)
        );
        vm.prank(RESIDENT_A);
        ballots.setIssuerKeys(roundId, _moduli());
    }

    function test_createRound_refusesSecretCumulativeBallots() public {
        IBudgetRound.Rules memory cumulative = _secretRules();
        cumulative.ballotType = IBudgetRound.BallotType.Cumulative;
        cumulative.maxBudgetShareBps = 0;
        cumulative.totalPoints = 10;
        cumulative.maxPointsPerProject = 5;
        vm.expectRevert(abi.encodeWithSelector(IBudgetRound.RoundInvalidRule.selector, "secrecy", 1));
        budgetRound.createRound(cumulative);
    }

    function test_getRules_returnsTheSecrecy() public view {
        vm.assertEq(uint256(budgetRound.getRules(roundId).secrecy), 1, "secret");
    }

    function _createAt(IBudgetRound.Rules memory r, uint40 start) private returns (uint256) {
        r.schedule = IBudgetRound.Schedule({
            proposalsStart: start,
            supportStart: start + PHASE_LENGTH,
            reviewStart: start + 2 * PHASE_LENGTH,
            votingStart: start + 3 * PHASE_LENGTH,
            votingEnd: start + 4 * PHASE_LENGTH
        });
        return budgetRound.createRound(r);
    }
}
