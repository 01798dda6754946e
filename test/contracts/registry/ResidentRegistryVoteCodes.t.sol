// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IResidentRegistry} from "../../../contracts/registry/IResidentRegistry.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {AddressMerkleTree} from "../utils/AddressMerkleTree.sol";
import {Test} from "../utils/Test.sol";
import {VoteCodes} from "./VoteCodeFixture.sol";

/// @notice Household vote codes: redemption against a published Merkle root, once per code.
contract ResidentRegistryVoteCodesTest is Test {
    uint256 private constant START = 1_735_675_200; // 2024-12-31T20:00:00Z
    uint32 private constant DISTRICT = 7;

    ResidentRegistry private registry;
    address private resident = address(0xA11CE);

    function setUp() public {
        vm.warp(START);
        registry = new ResidentRegistry(address(this), address(0));
        registry.grantRole(registry.CODE_ISSUER_ROLE(), address(this));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
    }

    function test_addressMerkleTree_rootsMatchOpenZeppelinJavaScript() public pure {
        // Roots printed by @openzeppelin/merkle-tree's StandardMerkleTree.of(..., ["address"]) for
        // the addresses of keys 0xC0DE01..0xC0DE04, 0xC0DE04..0xC0DE06 and 0xC0DE01 alone.
        vm.assertEq(
            VoteCodes.tree(VoteCodes.list(0, 1, 2, 3))[0],
            0x17c57d636db4ea5e9ff295d74f6fde2da30c7f5723afa805af58bd04242e3677,
            "four leaves"
        );
        vm.assertEq(
            VoteCodes.tree(VoteCodes.list(3, 4, 5))[0],
            0x2e47f62022ccb03e87591f98f4295dab8c039e58ac275a344547003219694f8d,
            "three leaves"
        );
        vm.assertEq(
            VoteCodes.tree(VoteCodes.list(0))[0],
            0x429e5287ece2e2296e6e0bac5f430de8a1fe336991d7e96b3e66b8befef2d08d,
            "one leaf"
        );
    }

    function test_redeemVoteCode_registersTheCallerInTheBatchDistrict() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 batchId = _publish(tree, 4);

        vm.expectEmit();
        emit IResidentRegistry.VoteCodeRedeemed(batchId, VoteCodes.signer(2), resident);
        _redeem(resident, tree, 2, batchId);

        vm.assertTrue(registry.isResident(resident, DISTRICT), "resident of the batch district");
        vm.assertTrue(registry.isVoteCodeUsed(VoteCodes.signer(2)), "code marked used");
        vm.assertFalse(registry.isVoteCodeUsed(VoteCodes.signer(1)), "other codes unused");
        IResidentRegistry.Registration memory registration = registry.registrationOf(resident);
        vm.assertTrue(registration.viaVoteCode, "registered via vote code");
        vm.assertEq(uint256(registration.expiresAt), START + 365 days, "batch's registration expiry");
    }

    function test_redeemVoteCode_revertsWhenTheCodeWasUsed() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 batchId = _publish(tree, 4);
        _redeem(resident, tree, 1, batchId);

        address neighbour = address(0xB0B);
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(1), neighbour, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(1));
        vm.prank(neighbour);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryVoteCodeUsed.selector, VoteCodes.signer(1)));
        registry.redeemVoteCode(batchId, signature, proof);
    }

    function test_redeemVoteCode_aCodeInTwoBatchesRedeemsOnlyOnce() public {
        bytes32[] memory first = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        bytes32[] memory second = VoteCodes.tree(VoteCodes.list(3, 4, 5));
        uint256 firstId = _publish(first, 4);
        uint256 secondId = _publish(second, 3);
        _redeem(resident, first, 3, firstId);

        address neighbour = address(0xB0B);
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(3), neighbour, DISTRICT, secondId);
        bytes32[] memory proof = AddressMerkleTree.proof(second, VoteCodes.signer(3));
        vm.prank(neighbour);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryVoteCodeUsed.selector, VoteCodes.signer(3)));
        registry.redeemVoteCode(secondId, signature, proof);
    }

    function test_redeemVoteCode_revertsForASignatureMadeForAnotherAccount() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 batchId = _publish(tree, 4);
        // A front-runner copies the resident's pending signature and proof into its own transaction.
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(0), resident, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(0));
        address frontRunner = address(0xBAD);

        vm.prank(frontRunner);
        vm.expectPartialRevert(IResidentRegistry.RegistryInvalidVoteCode.selector);
        registry.redeemVoteCode(batchId, signature, proof);

        vm.assertFalse(registry.isVoteCodeUsed(VoteCodes.signer(0)), "code still unused");
        vm.prank(resident);
        registry.redeemVoteCode(batchId, signature, proof);
        vm.assertTrue(registry.isResident(resident, DISTRICT), "the resident still gets in");
    }

    function test_redeemVoteCode_revertsForACodeOutsideTheTree() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 batchId = _publish(tree, 4);
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(9), resident, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(0));
        vm.prank(resident);
        vm.expectRevert(
            abi.encodeWithSelector(IResidentRegistry.RegistryInvalidVoteCode.selector, batchId, VoteCodes.signer(9))
        );
        registry.redeemVoteCode(batchId, signature, proof);
    }

    function test_redeemVoteCode_revertsAfterTheBatchClosesOrIsWithdrawn() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 closing = _publish(tree, 4);
        uint256 withdrawn = _publish(tree, 4);
        registry.withdrawCodeBatch(withdrawn);

        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(0), resident, DISTRICT, withdrawn);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(0));
        vm.prank(resident);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryBatchWithdrawn.selector, withdrawn));
        registry.redeemVoteCode(withdrawn, signature, proof);

        uint64 until = registry.codeBatch(closing).redeemableUntil;
        vm.warp(until + 1);
        signature = VoteCodes.sign(registry, VoteCodes.key(0), resident, DISTRICT, closing);
        vm.prank(resident);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryBatchClosed.selector, closing, until));
        registry.redeemVoteCode(closing, signature, proof);
    }

    function test_redeemVoteCode_revertsWhileTheCallerIsRegistered() public {
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2, 3));
        uint256 batchId = _publish(tree, 4);
        registry.register(resident, 3, uint64(START + 10 days));
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(0), resident, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(0));
        vm.prank(resident);
        vm.expectRevert(abi.encodeWithSelector(IResidentRegistry.RegistryAlreadyRegistered.selector, resident, 3));
        registry.redeemVoteCode(batchId, signature, proof);
        vm.assertFalse(registry.isVoteCodeUsed(VoteCodes.signer(0)), "a refused redemption spends no code");
    }

    /// @notice Any code of any batch size redeems exactly once, for the account it signed for.
    function testFuzz_redeemVoteCode_anyLeafOfAnyTreeRedeemsOnce(
        uint256 size,
        uint256 pick,
        address account,
        address other
    ) public {
        size = bound(size, 1, 33);
        pick = bound(pick, 0, size - 1);
        vm.assume(account != address(0) && other != address(0) && account != other);
        uint256[] memory indexes = new uint256[](size);
        for (uint256 i = 0; i < size; ++i) indexes[i] = i;
        bytes32[] memory tree = VoteCodes.tree(indexes);
        uint256 batchId = _publish(tree, uint32(size));

        _redeem(account, tree, pick, batchId);
        vm.assertTrue(registry.isResident(account, DISTRICT), "registered");

        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(pick), other, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(pick));
        vm.prank(other);
        vm.expectRevert(
            abi.encodeWithSelector(IResidentRegistry.RegistryVoteCodeUsed.selector, VoteCodes.signer(pick))
        );
        registry.redeemVoteCode(batchId, signature, proof);
    }

    function _publish(bytes32[] memory tree, uint32 codeCount) private returns (uint256) {
        return
            registry.publishCodeBatch(DISTRICT, tree[0], codeCount, uint64(START + 30 days), uint64(START + 365 days));
    }

    function _redeem(address account, bytes32[] memory tree, uint256 code, uint256 batchId) private {
        bytes memory signature = VoteCodes.sign(registry, VoteCodes.key(code), account, DISTRICT, batchId);
        bytes32[] memory proof = AddressMerkleTree.proof(tree, VoteCodes.signer(code));
        vm.prank(account);
        registry.redeemVoteCode(batchId, signature, proof);
    }
}
