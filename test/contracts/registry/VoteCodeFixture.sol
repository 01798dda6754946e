// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {AddressMerkleTree} from "../utils/AddressMerkleTree.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Household vote codes for tests: a code is a private key (the scripts derive it from the
/// printed code), its address is the leaf. Signs the registry's EIP-712 VoteCode digest with it.
library VoteCodes {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The private key of test code number `index` (0xC0DE01, 0xC0DE02, ...).
    function key(uint256 index) internal pure returns (uint256) {
        return 0xC0DE00 + index + 1;
    }

    function signer(uint256 index) internal pure returns (address) {
        return vm.addr(key(index));
    }

    /// @notice The tree over the codes with the given indexes.
    function tree(uint256[] memory indexes) internal pure returns (bytes32[] memory) {
        address[] memory signers = new address[](indexes.length);
        for (uint256 i = 0; i < indexes.length; ++i) signers[i] = signer(indexes[i]);
        return AddressMerkleTree.build(signers);
    }

    /// @notice The code key's 65-byte signature letting `account` register with it in `batchId`.
    function sign(
        ResidentRegistry registry,
        uint256 codeKey,
        address account,
        uint32 district,
        uint256 batchId
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(codeKey, registry.voteCodeDigest(account, district, batchId));
        return abi.encodePacked(r, s, v);
    }

    function list(uint256 a) internal pure returns (uint256[] memory indexes) {
        indexes = new uint256[](1);
        indexes[0] = a;
    }

    function list(uint256 a, uint256 b) internal pure returns (uint256[] memory indexes) {
        indexes = new uint256[](2);
        (indexes[0], indexes[1]) = (a, b);
    }

    function list(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory indexes) {
        indexes = new uint256[](3);
        (indexes[0], indexes[1], indexes[2]) = (a, b, c);
    }

    function list(uint256 a, uint256 b, uint256 c, uint256 d) internal pure returns (uint256[] memory indexes) {
        indexes = new uint256[](4);
        (indexes[0], indexes[1], indexes[2], indexes[3]) = (a, b, c, d);
    }
}
