// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title CalendarYear
/// @notice The Dutch calendar year of a unix timestamp.
/// @dev New Year in Europe/Amsterdam always falls in winter time (UTC+1, no daylight saving), so
/// shifting by one hour and taking the proleptic Gregorian year in UTC gives the Dutch year exactly.
/// The conversion is Howard Hinnant's `civil_from_days`, restricted to days >= 0.
library CalendarYear {
    uint256 internal constant AMSTERDAM_NEW_YEAR_OFFSET = 1 hours;

    /// @notice The calendar year in the Netherlands at `timestamp`.
    function dutchYearOf(uint256 timestamp) internal pure returns (uint256) {
        unchecked {
            // timestamp is a block time or a uint64 value, far below 2**200, so no step overflows;
            // every subtraction below is of a smaller term from a larger one by construction.
            uint256 z = (timestamp + AMSTERDAM_NEW_YEAR_OFFSET) / 1 days + 719468;
            uint256 era = z / 146097;
            uint256 doe = z - era * 146097;
            uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            uint256 mp = (5 * doy + 2) / 153;
            uint256 year = yoe + era * 400;
            // mp >= 10 are January and February, which belong to the next civil year.
            return mp >= 10 ? year + 1 : year;
        }
    }
}
