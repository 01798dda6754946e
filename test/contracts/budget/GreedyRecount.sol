// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @notice An independent recount of the greedy rule, written from the rule's text rather than the
/// contract: repeatedly take the best project not yet considered (most votes; on equal votes the
/// cheaper one when `cheaperFirst`; then the lower position), select it if it has votes and fits
/// the remaining budget, skip it otherwise.
library GreedyRecount {
    function select(
        uint256[] memory tallies,
        uint256[] memory costs,
        uint256 budget,
        bool cheaperFirst
    ) internal pure returns (uint256 selected, uint256 spent) {
        uint256 n = tallies.length;
        bool[] memory considered = new bool[](n);
        for (uint256 step = 0; step < n; ++step) {
            uint256 best = type(uint256).max;
            for (uint256 p = 0; p < n; ++p) {
                if (considered[p]) continue;
                if (best == type(uint256).max || _better(p, best, tallies, costs, cheaperFirst)) best = p;
            }
            considered[best] = true;
            if (tallies[best] > 0 && spent + costs[best] <= budget) {
                selected |= uint256(1) << best;
                spent += costs[best];
            }
        }
    }

    /// @dev Whether position `a` ranks before position `b` (`a` > `b` is never asked with equal keys
    /// because positions are distinct and the last key is the position itself).
    function _better(
        uint256 a,
        uint256 b,
        uint256[] memory tallies,
        uint256[] memory costs,
        bool cheaperFirst
    ) private pure returns (bool) {
        if (tallies[a] > tallies[b]) return true;
        if (tallies[a] < tallies[b]) return false;
        if (cheaperFirst) {
            if (costs[a] < costs[b]) return true;
            if (costs[a] > costs[b]) return false;
        }
        return a < b;
    }
}
