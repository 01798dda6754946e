// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal forge-std style base: the cheatcode handle, `bound` for fuzz inputs and the
/// invariant target list Hardhat's runner reads (`targetContracts`, `targetSenders`).
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Read by the test runner: Foundry-compatible marker.
    bool public IS_TEST = true;

    address[] private _targetedContracts;
    address[] private _targetedSenders;

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }

    /// @dev Maps any fuzzed `x` into [min, max] without discarding runs (forge-std's `bound`).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // full uint256 range
        return min + (x % size);
    }
}
