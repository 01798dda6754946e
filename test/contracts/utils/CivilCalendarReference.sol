// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @notice A slow, obviously correct Gregorian calendar to check {CalendarYear} against: it counts
/// days year by year with the leap-year rule, skipping whole 400-year cycles (146,097 days each,
/// since every 400 consecutive years hold exactly 97 leap years) so far-future years stay cheap.
library CivilCalendarReference {
    uint256 internal constant EPOCH_YEAR = 1970;
    uint256 internal constant DAYS_PER_400_YEARS = 146_097;
    /// @dev New Year in the Netherlands is at 00:00 CET = 23:00 UTC the evening before.
    uint256 internal constant CET_OFFSET = 1 hours;

    function isLeapYear(uint256 year) internal pure returns (bool) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    function daysInYear(uint256 year) internal pure returns (uint256) {
        return isLeapYear(year) ? 366 : 365;
    }

    /// @notice Days from 1970-01-01 to 1 January of `year` (`year` >= 1970).
    function daysBeforeYear(uint256 year) internal pure returns (uint256 count) {
        uint256 cycles = (year - EPOCH_YEAR) / 400;
        count = cycles * DAYS_PER_400_YEARS;
        for (uint256 y = EPOCH_YEAR + cycles * 400; y < year; ++y) count += daysInYear(y);
    }

    /// @notice The UTC year of day number `day` since 1970-01-01.
    function yearOfDay(uint256 day) internal pure returns (uint256 year) {
        uint256 cycles = day / DAYS_PER_400_YEARS;
        year = EPOCH_YEAR + cycles * 400;
        day -= cycles * DAYS_PER_400_YEARS;
        while (day >= daysInYear(year)) {
            day -= daysInYear(year);
            ++year;
        }
    }

    /// @notice The calendar year in the Netherlands at `timestamp` (New Year always falls in winter time).
    function dutchYearOf(uint256 timestamp) internal pure returns (uint256) {
        return yearOfDay((timestamp + CET_OFFSET) / 1 days);
    }

    /// @notice The unix time of midnight 1 January `year` in the Netherlands (`year` >= 1971).
    function dutchNewYear(uint256 year) internal pure returns (uint256) {
        return daysBeforeYear(year) * 1 days - CET_OFFSET;
    }
}
