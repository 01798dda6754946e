// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {BudgetRound} from "../../../contracts/budget/BudgetRound.sol";
import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {Vm} from "../utils/Vm.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";
import {GreedyRecount} from "./GreedyRecount.sol";

/// @notice Drives a cumulative round: online ballots and re-votes (with one or two words, points
/// past the ballot, too many points) by six residents of two districts, paper ballots, residents
/// moving district, and finalize; keeps every current ballot as ghost state.
contract CumulativeBallotHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Serial numbers come from a small set so that reuse is tried often.
    uint256 public constant SERIALS = 8;

    BudgetRound private immutable _budgetRound;
    ResidentRegistry private immutable _registry;
    uint256 private immutable _roundId;
    uint256 private immutable _totalPoints;
    uint256 private immutable _maxPoints;
    bool private immutable _cheaperFirst;
    uint32[2] private _districts;
    mapping(uint32 district => uint256[] costs) private _costs;
    mapping(uint32 district => uint256 budget) private _budget;

    address[] private _voters;
    mapping(address voter => uint32 district) public residentOf;

    mapping(address voter => uint32 district) private _ghostDistrict;
    mapping(address voter => uint256[] points) private _ghostPoints;
    bytes32[] private _paperSerials;
    mapping(bytes32 serial => uint32 district) private _paperDistrict;
    mapping(bytes32 serial => uint256[] points) private _paperPoints;
    mapping(uint32 district => uint256 count) private _paperCount;
    /// @dev Hashes of the ghost's tallies and of all voters' ballots, refreshed after each change.
    mapping(uint32 district => bytes32 hash) private _ghostTalliesHash;
    bytes32 private _ballotsHash;

    bool public finalized;
    mapping(uint32 district => uint256 selected) public expectedSelected;
    mapping(uint32 district => uint256 cost) public expectedCost;

    constructor(
        BudgetRound budgetRound_,
        ResidentRegistry registry_,
        uint256 roundId_,
        address[] memory voters_,
        uint32[] memory districtOfVoter
    ) {
        _budgetRound = budgetRound_;
        _registry = registry_;
        _roundId = roundId_;
        IBudgetRound.Rules memory rules = budgetRound_.getRules(roundId_);
        _totalPoints = rules.totalPoints;
        _maxPoints = rules.maxPointsPerProject;
        _cheaperFirst = rules.tieBreak == IBudgetRound.TieBreak.LowerCostFirst;
        _districts = [rules.districts[0], rules.districts[1]];
        for (uint256 d = 0; d < 2; ++d) {
            uint32 district = rules.districts[d];
            (, uint64[] memory costs) = budgetRound_.getBallot(roundId_, district);
            for (uint256 p = 0; p < costs.length; ++p) _costs[district].push(costs[p]);
            _budget[district] = rules.budgets[d];
            _ghostTalliesHash[district] = keccak256(abi.encode(new uint256[](costs.length)));
        }
        _voters = voters_;
        for (uint256 i = 0; i < voters_.length; ++i) residentOf[voters_[i]] = districtOfVoter[i];
        _ballotsHash = _hashBallots();
    }

    // ------------------------------------------------------------ actions

    function castPoints(uint256 voterSeed, uint256 pointsSeed, uint8 mode) external {
        address voter = _voters[voterSeed % _voters.length];
        uint32 district = residentOf[voter];
        // One call in eight tries the other district (not a resident there).
        if (mode % 8 == 7) district = _other(district);
        uint256[] memory points = _points(district, pointsSeed, mode);
        vm.prank(voter);
        try _budgetRound.castCumulativeBallot(_roundId, district, points) {
            _ghostDistrict[voter] = district;
            _ghostPoints[voter] = points;
            _ballotsHash = _hashBallots();
            _recount(district);
        } catch {}
    }

    function recordPaper(uint256 serialSeed, uint256 districtSeed, uint256 pointsSeed, uint8 mode) external {
        bytes32 serial = keccak256(abi.encode(serialSeed % SERIALS));
        uint32 district = _districts[districtSeed % 2];
        uint256[] memory points = _points(district, pointsSeed, mode);
        try _budgetRound.recordPaperCumulativeBallot(_roundId, district, serial, points) {
            _paperSerials.push(serial);
            _paperDistrict[serial] = district;
            _paperPoints[serial] = points;
            _paperCount[district] += 1;
            _recount(district);
        } catch {}
    }

    /// @notice The resident moves to the other district; a ballot cast stays where it was.
    function moveVoter(uint256 voterSeed, uint8 chance) external {
        // One call in three, so most runs keep their voters in place for a while.
        if (chance % 3 != 0) return;
        address voter = _voters[voterSeed % _voters.length];
        uint32 to = _other(residentOf[voter]);
        _registry.revoke(voter);
        _registry.register(voter, to, uint64(block.timestamp + 3_650 days));
        residentOf[voter] = to;
    }

    function finalize(uint256 seed) external {
        // Rare, so most runs vote for a while first.
        if (finalized || seed % 6 != 0) return;
        vm.warp(_budgetRound.getRules(_roundId).schedule.votingEnd);
        _budgetRound.finalize(_roundId);
        finalized = true;
        for (uint256 d = 0; d < 2; ++d) {
            uint32 district = _districts[d];
            (expectedSelected[district], expectedCost[district]) = GreedyRecount.select(
                _tallies(district),
                _costs[district],
                _budget[district],
                _cheaperFirst
            );
        }
    }

    // ------------------------------------------------------------ ghost views

    /// @notice The ghost as hashes, so the invariants (run after every call of every run) read a
    /// few words. ballotsHash commits to every voter's current ballot, in voter order:
    /// keccak256(abi.encode(districts, pointsHashes)) with pointsHashes[i] =
    /// keccak256(abi.encode(points)) (district 0 and no points = no ballot).
    function ghost()
        external
        view
        returns (bytes32 ballotsHash, bytes32[2] memory talliesHashes, uint256[2] memory paperCounts)
    {
        ballotsHash = _ballotsHash;
        for (uint256 d = 0; d < 2; ++d) {
            talliesHashes[d] = _ghostTalliesHash[_districts[d]];
            paperCounts[d] = _paperCount[_districts[d]];
        }
    }

    /// @notice Points per position summed over the district's current ghost ballots.
    function ghostTallies(uint32 district) external view returns (uint256[] memory) {
        return _tallies(district);
    }

    // ------------------------------------------------------------ internals

    function _recount(uint32 district) private {
        _ghostTalliesHash[district] = keccak256(abi.encode(_tallies(district)));
    }

    /// @dev The sum over every current ballot of the district, from scratch.
    function _tallies(uint32 district) private view returns (uint256[] memory tallies) {
        tallies = new uint256[](_costs[district].length);
        for (uint256 i = 0; i < _voters.length; ++i) {
            if (_ghostDistrict[_voters[i]] == district) _add(tallies, _ghostPoints[_voters[i]]);
        }
        for (uint256 i = 0; i < _paperSerials.length; ++i) {
            if (_paperDistrict[_paperSerials[i]] == district) _add(tallies, _paperPoints[_paperSerials[i]]);
        }
    }

    function _hashBallots() private view returns (bytes32) {
        uint32[] memory districts = new uint32[](_voters.length);
        bytes32[] memory pointsHashes = new bytes32[](_voters.length);
        for (uint256 i = 0; i < _voters.length; ++i) {
            districts[i] = _ghostDistrict[_voters[i]];
            pointsHashes[i] = keccak256(abi.encode(_ghostPoints[_voters[i]]));
        }
        return keccak256(abi.encode(districts, pointsHashes));
    }

    /// @dev Position p's points are byte p % 32 (least significant first) of word p / 32.
    function _add(uint256[] memory tallies, uint256[] storage words) private view {
        for (uint256 p = 0; p < tallies.length && p / 32 < words.length; ++p) {
            tallies[p] += (words[p / 32] >> ((p % 32) * 8)) & 0xff;
        }
    }

    function _other(uint32 district) private view returns (uint32) {
        return district == _districts[0] ? _districts[1] : _districts[0];
    }

    /// @dev One to six picks of (position, points). mode % 4: 0 and 1 = positions up to four past
    /// the ballot and up to one point over the per-project limit, totals unchecked; 2 and 3 =
    /// within the ballot and limits. mode & 8 adds an all-zero word past the needed ones.
    function _points(uint32 district, uint256 seed, uint8 mode) private view returns (uint256[] memory words) {
        uint256 length = _costs[district].length;
        bool wild = mode % 4 < 2;
        uint256 picks = (seed % 6) + 1;
        uint256[2] memory packed;
        uint256 highest;
        uint256 total;
        for (uint256 k = 0; k < picks; ++k) {
            uint256 h = uint256(keccak256(abi.encode(seed, k)));
            uint256 position = wild ? h % (length + 4) : h % length;
            uint256 points = wild ? (h >> 64) % (_maxPoints + 2) : ((h >> 64) % _maxPoints) + 1;
            uint256 shift = (position % 32) * 8;
            uint256 previous = (packed[position / 32] >> shift) & 0xff;
            if (!wild && total - previous + points > _totalPoints) break;
            // Overwrites an earlier pick of the same position.
            total = total - previous + points;
            packed[position / 32] = (packed[position / 32] & ~(uint256(0xff) << shift)) | (points << shift);
            if (position > highest) highest = position;
        }
        uint256 count = highest / 32 + 1 + (mode & 8 != 0 ? 1 : 0);
        words = new uint256[](count);
        for (uint256 w = 0; w < count && w < 2; ++w) words[w] = packed[w];
    }
}

/// @notice Invariants of cumulative ballots over random sequences of the handler's actions.
contract BudgetRoundCumulativeInvariantTest is BudgetRoundFixture {
    uint32 private constant NORTH = 10;
    uint32 private constant SOUTH = 20;
    uint64 private constant NORTH_BUDGET = 2_000;
    uint64 private constant SOUTH_BUDGET = 800;
    /// @dev Forty positions: two words, the second with 24 bytes past the ballot.
    uint256 private constant NORTH_LENGTH = 40;
    uint256 private constant SOUTH_LENGTH = 5;
    uint16 private constant TOTAL_POINTS = 20;
    uint8 private constant MAX_POINTS = 7;
    uint256 private constant VOTERS = 6;
    /// @dev The handler's serials are keccak256(abi.encode(s)) for s below this.
    uint256 private constant SERIALS = 8;

    CumulativeBallotHandler private handler;
    uint256 private roundId;
    bytes32 private rulesAtCreation;
    mapping(uint32 district => uint256 firstProposalId) private firstIdOf;

    function setUp() public {
        _deploy();
        address[] memory voters = new address[](VOTERS);
        uint32[] memory districtOfVoter = new uint32[](VOTERS);
        for (uint256 i = 0; i < VOTERS; ++i) {
            voters[i] = _voter(i);
            districtOfVoter[i] = i < 3 ? NORTH : SOUTH;
            _register(voters[i], districtOfVoter[i]);
        }

        IBudgetRound.Rules memory r = _rules(_districts(NORTH, SOUTH), _budgets(NORTH_BUDGET, SOUTH_BUDGET));
        r.ballotType = IBudgetRound.BallotType.Cumulative;
        r.totalPoints = TOTAL_POINTS;
        r.maxPointsPerProject = MAX_POINTS;
        r.tieBreak = IBudgetRound.TieBreak.LowerIdFirst;
        rulesAtCreation = keccak256(abi.encode(r));

        uint64[][] memory costs = new uint64[][](2);
        costs[0] = new uint64[](NORTH_LENGTH);
        costs[1] = new uint64[](SOUTH_LENGTH);
        // Costs repeat (eleven values), so equal-vote ties meet equal costs too.
        for (uint256 i = 0; i < NORTH_LENGTH; ++i) costs[0][i] = uint64(50 + ((i * 37) % 11) * 40);
        for (uint256 i = 0; i < SOUTH_LENGTH; ++i) costs[1][i] = uint64(150 + i * 100);
        address[] memory proposers = new address[](2);
        proposers[0] = voters[0];
        proposers[1] = voters[3];
        firstIdOf[NORTH] = budgetRound.proposalCount() + 1;
        firstIdOf[SOUTH] = firstIdOf[NORTH] + NORTH_LENGTH;
        roundId = _openVoting(r, costs, proposers);

        handler = new CumulativeBallotHandler(budgetRound, registry, roundId, voters, districtOfVoter);
        budgetRound.grantRole(budgetRound.CLERK_ROLE(), address(handler));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// (a) Every tally equals the sum of the points of the current ballots, online and paper; the
    /// stored online ballots are the ghost's current ones.
    function invariant_talliesEqualSumOfCurrentBallots() public view {
        (bytes32 ballotsHash, bytes32[2] memory talliesHashes, uint256[2] memory paperCounts) = handler.ghost();
        uint32[] memory districts = new uint32[](VOTERS);
        bytes32[] memory pointsHashes = new bytes32[](VOTERS);
        for (uint256 i = 0; i < VOTERS; ++i) {
            uint256[] memory points;
            (districts[i], points) = budgetRound.cumulativeBallotOf(roundId, _voter(i));
            pointsHashes[i] = keccak256(abi.encode(points));
        }
        vm.assertEq(keccak256(abi.encode(districts, pointsHashes)), ballotsHash, "stored ballots are the ghost's");
        for (uint256 d = 0; d < 2; ++d) {
            uint32 district = d == 0 ? NORTH : SOUTH;
            uint256[] memory tallies = budgetRound.getTallies(roundId, district);
            if (keccak256(abi.encode(tallies)) != talliesHashes[d]) {
                _assertEqualLists(tallies, handler.ghostTallies(district), "tally");
            }
            uint256 papers = budgetRound.getDistrict(roundId, district).paperBallotCount;
            if (papers != paperCounts[d]) vm.assertEq(papers, paperCounts[d], "paper ballot count");
        }
    }

    /// (b) No stored ballot, online or paper, breaks the points limits or names a position past
    /// its district's ballot.
    function invariant_storedBallotsMeetTheRules() public view {
        for (uint256 i = 0; i < VOTERS; ++i) {
            (uint32 district, uint256[] memory points) = budgetRound.cumulativeBallotOf(roundId, _voter(i));
            if (district == 0) vm.assertEq(points.length, 0, "no ballot, no points");
            else _assertValidBallot(district, points);
        }
        for (uint256 s = 0; s < SERIALS; ++s) {
            (uint32 district, uint256[] memory points) = budgetRound.paperCumulativeBallot(
                roundId,
                keccak256(abi.encode(s))
            );
            if (district == 0) vm.assertEq(points.length, 0, "no paper ballot, no points");
            else _assertValidBallot(district, points);
        }
    }

    /// (c) After finalize each district's selection is within its budget and equals the greedy
    /// recount (lower id first on equal points) the handler made from the ghost ballots.
    function invariant_finalizeEqualsGreedyRecount() public view {
        if (!handler.finalized()) return;
        vm.assertTrue(budgetRound.phase(roundId) == IBudgetRound.Phase.Finalized, "finalized");
        for (uint256 d = 0; d < 2; ++d) {
            uint32 district = d == 0 ? NORTH : SOUTH;
            IBudgetRound.DistrictView memory view_ = budgetRound.getDistrict(roundId, district);
            vm.assertTrue(view_.finalized, "district finalized");
            vm.assertLe(view_.selectedCost, d == 0 ? NORTH_BUDGET : SOUTH_BUDGET, "selected cost within budget");
            uint256 selected = handler.expectedSelected(district);
            vm.assertEq(view_.selected, selected, "selection");
            vm.assertEq(view_.selectedCost, handler.expectedCost(district), "selected cost");
            uint256[] memory ids = budgetRound.getSelected(roundId, district);
            uint256 k;
            uint256 length = d == 0 ? NORTH_LENGTH : SOUTH_LENGTH;
            for (uint256 p = 0; p < length; ++p) {
                if ((selected >> p) & 1 == 1) vm.assertEq(ids[k++], firstIdOf[district] + p, "selected id");
            }
            vm.assertEq(ids.length, k, "selected id count");
        }
    }

    /// (d) The rules never change.
    function invariant_rulesNeverChange() public view {
        vm.assertEq(keccak256(abi.encode(budgetRound.getRules(roundId))), rulesAtCreation, "rules");
    }

    // ------------------------------------------------------------ helpers

    function _voter(uint256 i) private pure returns (address) {
        return address(uint160(0xC000 + i));
    }

    /// @dev Names the first difference (called once the hashes differ).
    function _assertEqualLists(uint256[] memory actual, uint256[] memory expected, string memory what) private pure {
        vm.assertEq(actual.length, expected.length, what);
        for (uint256 i = 0; i < actual.length; ++i) vm.assertEq(actual[i], expected[i], what);
    }

    /// @dev Cheatcode asserts only on a failure: the checks run after every call of every run.
    function _assertValidBallot(uint32 district, uint256[] memory words) private pure {
        if (district != NORTH && district != SOUTH) vm.assertEq(district, NORTH, "ballot district");
        uint256 length = district == NORTH ? NORTH_LENGTH : SOUTH_LENGTH;
        if (words.length > (length + 31) / 32) vm.assertLe(words.length, (length + 31) / 32, "words");
        uint256 total;
        for (uint256 w = 0; w < words.length; ++w) {
            for ((uint256 word, uint256 b) = (words[w], 0); word != 0; (word, b) = (word >> 8, b + 1)) {
                uint256 points = word & 0xff;
                if (points == 0) continue;
                uint256 position = w * 32 + b;
                if (position >= length) vm.assertLe(position + 1, length, "points past the ballot");
                if (points > MAX_POINTS) vm.assertLe(points, MAX_POINTS, "points for one project");
                total += points;
            }
        }
        if (total == 0) vm.assertTrue(false, "ballot not empty");
        if (total > TOTAL_POINTS) vm.assertLe(total, TOTAL_POINTS, "total points");
    }
}
