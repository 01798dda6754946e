// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @notice OpenZeppelin's StandardMerkleTree (@openzeppelin/merkle-tree, leaf type `address`)
/// rebuilt in Solidity for tests: same leaf encoding, same leaf order (sorted by hash), same tree
/// layout (a complete binary tree in an array, leaves at the end in reverse order) and the
/// sorted-pair hashing OpenZeppelin's MerkleProof verifies. Roots equal the JavaScript library's.
library AddressMerkleTree {
    /// @notice The leaf of `account`: keccak256(bytes.concat(keccak256(abi.encode(account)))).
    function leaf(address account) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account))));
    }

    /// @notice The whole tree over `accounts` (at least one); the root is element 0.
    function build(address[] memory accounts) internal pure returns (bytes32[] memory tree) {
        uint256 n = accounts.length;
        require(n > 0, "AddressMerkleTree: no leaves");
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) leaves[i] = leaf(accounts[i]);
        _sort(leaves);
        tree = new bytes32[](2 * n - 1);
        for (uint256 i = 0; i < n; ++i) tree[tree.length - 1 - i] = leaves[i];
        for (uint256 i = n - 1; i > 0; --i) tree[i - 1] = hashPair(tree[2 * i - 1], tree[2 * i]);
    }

    /// @notice The Merkle proof of `account` in `tree` (built by {build}).
    function proof(bytes32[] memory tree, address account) internal pure returns (bytes32[] memory siblings) {
        bytes32 target = leaf(account);
        uint256 index = type(uint256).max;
        for (uint256 i = tree.length / 2; i < tree.length; ++i) {
            if (tree[i] == target) index = i;
        }
        require(index != type(uint256).max, "AddressMerkleTree: not a leaf");
        bytes32[] memory path = new bytes32[](256);
        uint256 length = 0;
        while (index > 0) {
            path[length++] = tree[index % 2 == 1 ? index + 1 : index - 1];
            index = (index - 1) / 2;
        }
        siblings = new bytes32[](length);
        for (uint256 i = 0; i < length; ++i) siblings[i] = path[i];
    }

    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _sort(bytes32[] memory values) private pure {
        for (uint256 i = 1; i < values.length; ++i) {
            bytes32 value = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > value) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = value;
        }
    }
}
