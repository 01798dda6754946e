// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {CalendarYear} from "../../../contracts/utils/CalendarYear.sol";
import {CivilCalendarReference} from "./CivilCalendarReference.sol";
import {Test} from "./Test.sol";

/// @notice {CalendarYear.dutchYearOf} against fixed instants (checked with GNU `date -u`) and
/// against the day-counting reference calendar.
contract CalendarYearTest is Test {
    /// @dev 9999-12-31T23:00:00Z, the Dutch New Year of 10000: the range the fuzzers cover densely.
    uint256 private constant YEAR_10000 = 253_402_297_200;

    function test_dutchYearOf_switchesAtElevenPmUtcOnNewYearsEve() public pure {
        // 2024-12-31T22:59:59Z is 23:59:59 in Amsterdam, 2024-12-31T23:00:00Z is midnight.
        _assertYear(1_735_685_999, 2024, "2024-12-31T22:59:59Z");
        _assertYear(1_735_686_000, 2025, "2024-12-31T23:00:00Z");
        _assertYear(1_767_221_999, 2025, "2025-12-31T22:59:59Z");
        _assertYear(1_767_222_000, 2026, "2025-12-31T23:00:00Z");
    }

    function test_dutchYearOf_countsTheLeapDaysOf2000And2400ButNot2100() public pure {
        // A leap day counted wrongly moves New Year's Eve by a whole day.
        _assertYear(951_825_600, 2000, "2000-02-29T12:00:00Z");
        _assertYear(978_303_599, 2000, "2000-12-31T22:59:59Z");
        _assertYear(978_303_600, 2001, "2000-12-31T23:00:00Z");
        _assertYear(4_107_538_800, 2100, "2100-02-28T23:00:00Z (1 March in Amsterdam)");
        _assertYear(4_133_977_199, 2100, "2100-12-31T22:59:59Z");
        _assertYear(4_133_977_200, 2101, "2100-12-31T23:00:00Z");
        _assertYear(13_574_563_200, 2400, "2400-02-29T00:00:00Z");
        _assertYear(13_601_084_399, 2400, "2400-12-31T22:59:59Z");
        _assertYear(13_601_084_400, 2401, "2400-12-31T23:00:00Z");
    }

    function test_dutchYearOf_epochAndFarFuture() public pure {
        _assertYear(0, 1970, "1970-01-01T00:00:00Z");
        _assertYear(YEAR_10000 - 1, 9999, "9999-12-31T22:59:59Z");
        _assertYear(YEAR_10000, 10000, "9999-12-31T23:00:00Z");
    }

    function test_reference_agreesWithFixedInstants() public pure {
        vm.assertEq(CivilCalendarReference.dutchNewYear(2025), 1_735_686_000, "reference New Year 2025");
        vm.assertEq(CivilCalendarReference.dutchNewYear(2101), 4_133_977_200, "reference New Year 2101");
        vm.assertEq(CivilCalendarReference.dutchNewYear(2401), 13_601_084_400, "reference New Year 2401");
        vm.assertEq(CivilCalendarReference.dutchNewYear(10000), YEAR_10000, "reference New Year 10000");
    }

    function testFuzz_dutchYearOf_matchesCivilCalendar(uint256 timestamp) public pure {
        timestamp = bound(timestamp, 0, YEAR_10000);
        _assertYear(timestamp, CivilCalendarReference.dutchYearOf(timestamp), "against the reference");
    }

    function testFuzz_dutchYearOf_matchesCivilCalendarOverTheWholeUint64Range(uint64 timestamp) public pure {
        _assertYear(timestamp, CivilCalendarReference.dutchYearOf(timestamp), "against the reference");
    }

    function testFuzz_dutchYearOf_changesExactlyAtDutchMidnight(uint256 year, uint256 secondsAway) public pure {
        year = bound(year, 1971, 10_000);
        secondsAway = bound(secondsAway, 1, 365 days);
        uint256 newYear = CivilCalendarReference.dutchNewYear(year);
        _assertYear(newYear - 1, year - 1, "last second of the old year");
        _assertYear(newYear, year, "first second of the new year");
        // Any earlier instant within a year is in the old year, any later one within a year in the new.
        _assertYear(newYear - secondsAway, year - 1, "before New Year");
        _assertYear(newYear + secondsAway - 1, year, "after New Year");
    }

    function _assertYear(uint256 timestamp, uint256 expected, string memory what) private pure {
        vm.assertEq(CalendarYear.dutchYearOf(timestamp), expected, what);
    }
}
