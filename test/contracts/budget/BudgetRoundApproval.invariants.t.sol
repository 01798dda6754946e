// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {BudgetRound} from "../../../contracts/budget/BudgetRound.sol";
import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {Vm} from "../utils/Vm.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";
import {GreedyRecount} from "./GreedyRecount.sol";

/// @notice Drives an approval round: online ballots and re-votes by six residents of two
/// districts, paper ballots, residents moving district, and finalize. Ghost state: each voter's
/// current ballot and every recorded paper ballot; after each change the district's tallies are
/// recounted from them, and at finalize the greedy result is recounted independently.
contract ApprovalBallotHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Serial numbers come from a small set so that reuse is tried often.
    uint256 public constant SERIALS = 8;

    BudgetRound private immutable _budgetRound;
    ResidentRegistry private immutable _registry;
    uint256 private immutable _roundId;
    uint256 private immutable _maxProjects;
    uint256 private immutable _maxBudgetShareBps;
    bool private immutable _cheaperFirst;
    uint32[2] private _districts;
    mapping(uint32 district => uint256[] costs) private _costs;
    mapping(uint32 district => uint256 budget) private _budget;

    address[] private _voters;
    mapping(address voter => uint32 district) public residentOf;

    mapping(address voter => uint32 district) private ghostDistrict;
    mapping(address voter => uint256 selection) private ghostSelection;
    bytes32[] private _paperSerials;
    mapping(bytes32 serial => uint32 district) private _paperDistrict;
    mapping(bytes32 serial => uint256 selection) private _paperSelection;
    mapping(uint32 district => uint256 count) private ghostPaperCount;
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
        _maxProjects = rules.maxProjects;
        _maxBudgetShareBps = rules.maxBudgetShareBps;
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

    function castApproval(uint256 voterSeed, uint256 selectionSeed, uint8 mode) external {
        address voter = _voters[voterSeed % _voters.length];
        uint32 district = residentOf[voter];
        // One call in eight tries the other district (not a resident there).
        if (mode % 8 == 7) district = _other(district);
        uint256 selection = _selection(district, selectionSeed, mode);
        vm.prank(voter);
        try _budgetRound.castApprovalBallot(_roundId, district, selection) {
            ghostDistrict[voter] = district;
            ghostSelection[voter] = selection;
            _ballotsHash = _hashBallots();
            _recount(district);
        } catch {}
    }

    function recordPaper(uint256 serialSeed, uint256 districtSeed, uint256 selectionSeed, uint8 mode) external {
        bytes32 serial = keccak256(abi.encode(serialSeed % SERIALS));
        uint32 district = _districts[districtSeed % 2];
        uint256 selection = _selection(district, selectionSeed, mode);
        try _budgetRound.recordPaperApprovalBallot(_roundId, district, serial, selection) {
            _paperSerials.push(serial);
            _paperDistrict[serial] = district;
            _paperSelection[serial] = selection;
            ghostPaperCount[district] += 1;
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
    /// keccak256(abi.encode(districts, selections)) (district 0 and selection 0 = no ballot).
    function ghost()
        external
        view
        returns (bytes32 ballotsHash, bytes32[2] memory talliesHashes, uint256[2] memory paperCounts)
    {
        ballotsHash = _ballotsHash;
        for (uint256 d = 0; d < 2; ++d) {
            talliesHashes[d] = _ghostTalliesHash[_districts[d]];
            paperCounts[d] = ghostPaperCount[_districts[d]];
        }
    }

    /// @notice Votes per position summed over the district's current ghost ballots.
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
            if (ghostDistrict[_voters[i]] == district) _add(tallies, ghostSelection[_voters[i]]);
        }
        for (uint256 i = 0; i < _paperSerials.length; ++i) {
            if (_paperDistrict[_paperSerials[i]] == district) _add(tallies, _paperSelection[_paperSerials[i]]);
        }
    }

    function _hashBallots() private view returns (bytes32) {
        uint32[] memory districts = new uint32[](_voters.length);
        uint256[] memory selections = new uint256[](_voters.length);
        for (uint256 i = 0; i < _voters.length; ++i) {
            districts[i] = ghostDistrict[_voters[i]];
            selections[i] = ghostSelection[_voters[i]];
        }
        return keccak256(abi.encode(districts, selections));
    }

    function _add(uint256[] memory tallies, uint256 selection) private pure {
        for (uint256 p = 0; p < tallies.length; ++p) tallies[p] += (selection >> p) & 1;
    }

    function _other(uint32 district) private view returns (uint32) {
        return district == _districts[0] ? _districts[1] : _districts[0];
    }

    /// @dev mode % 4: 0 = a few bits past the ballot, 1 = any subset of the ballot, 2 = a subset
    /// trimmed to the count and cost limits (it may still spend too little), 3 = one position (so
    /// single projects near the minimum spend are tried often).
    function _selection(uint32 district, uint256 seed, uint8 mode) private view returns (uint256 selection) {
        uint256[] storage costs = _costs[district];
        uint256 length = costs.length;
        if (mode % 4 == 0) return seed & ((uint256(1) << (length + 3)) - 1);
        selection = seed & ((uint256(1) << length) - 1);
        if (mode % 4 == 1) return selection;
        if (mode % 4 == 3) return uint256(1) << (seed % length);
        uint256 limit = _budget[district] * _maxBudgetShareBps;
        uint256 kept;
        uint256 count;
        uint256 cost;
        for (uint256 p = 0; p < length; ++p) {
            if ((selection >> p) & 1 == 0) continue;
            if (count == _maxProjects) break;
            if ((cost + costs[p]) * 10_000 > limit) continue;
            kept |= uint256(1) << p;
            cost += costs[p];
            ++count;
        }
        return kept;
    }
}

/// @notice Invariants of approval ballots over random sequences of the handler's actions.
contract BudgetRoundApprovalInvariantTest is BudgetRoundFixture {
    uint32 private constant NORTH = 10;
    uint32 private constant SOUTH = 20;
    // A budget of 999 makes the minimum spend (25%) and the cost limit (90%) fractional.
    uint64 private constant NORTH_BUDGET = 999;
    uint64 private constant SOUTH_BUDGET = 700;
    uint16 private constant MIN_PROJECTS = 1;
    uint16 private constant MAX_PROJECTS = 4;
    uint16 private constant MIN_SHARE_BPS = 2_500;
    uint16 private constant MAX_SHARE_BPS = 9_000;
    uint256 private constant VOTERS = 6;
    /// @dev The handler's serials are keccak256(abi.encode(s)) for s below this.
    uint256 private constant SERIALS = 8;

    ApprovalBallotHandler private handler;
    uint256 private roundId;
    bytes32 private rulesAtCreation;
    mapping(uint32 district => uint64[] costs) private costsOf;
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
        r.ballotType = IBudgetRound.BallotType.Approval;
        r.minProjects = MIN_PROJECTS;
        r.maxProjects = MAX_PROJECTS;
        r.minBudgetShareBps = MIN_SHARE_BPS;
        r.maxBudgetShareBps = MAX_SHARE_BPS;
        r.tieBreak = IBudgetRound.TieBreak.LowerCostFirst;
        rulesAtCreation = keccak256(abi.encode(r));

        // Twelve and nine positions (more than one packed word), with equal costs for ties.
        costsOf[NORTH] = [uint64(120), 300, 50, 449, 200, 80, 610, 90, 249, 300, 75, 220];
        costsOf[SOUTH] = [uint64(100), 250, 60, 300, 175, 90, 400, 50, 120];
        uint64[][] memory costs = new uint64[][](2);
        costs[0] = costsOf[NORTH];
        costs[1] = costsOf[SOUTH];
        address[] memory proposers = new address[](2);
        proposers[0] = voters[0];
        proposers[1] = voters[3];
        firstIdOf[NORTH] = budgetRound.proposalCount() + 1;
        firstIdOf[SOUTH] = firstIdOf[NORTH] + costs[0].length;
        roundId = _openVoting(r, costs, proposers);

        handler = new ApprovalBallotHandler(budgetRound, registry, roundId, voters, districtOfVoter);
        budgetRound.grantRole(budgetRound.CLERK_ROLE(), address(handler));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// (a) Every tally equals the sum over the current ballots, online and paper; the stored
    /// online ballots are the ghost's current ones.
    function invariant_talliesEqualSumOfCurrentBallots() public view {
        (bytes32 ballotsHash, bytes32[2] memory talliesHashes, uint256[2] memory paperCounts) = handler.ghost();
        uint32[] memory districts = new uint32[](VOTERS);
        uint256[] memory selections = new uint256[](VOTERS);
        for (uint256 i = 0; i < VOTERS; ++i) {
            (districts[i], selections[i]) = budgetRound.approvalBallotOf(roundId, _voter(i));
        }
        vm.assertEq(keccak256(abi.encode(districts, selections)), ballotsHash, "stored ballots are the ghost's");
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

    /// (b) No stored ballot, online or paper, breaks the round's constraints.
    function invariant_storedBallotsMeetTheRules() public view {
        for (uint256 i = 0; i < VOTERS; ++i) {
            (uint32 district, uint256 selection) = budgetRound.approvalBallotOf(roundId, _voter(i));
            if (district == 0) vm.assertEq(selection, 0, "no ballot, no selection");
            else _assertValidBallot(district, selection);
        }
        for (uint256 s = 0; s < SERIALS; ++s) {
            (uint32 district, uint256 selection) = budgetRound.paperApprovalBallot(roundId, keccak256(abi.encode(s)));
            if (district == 0) vm.assertEq(selection, 0, "no paper ballot, no selection");
            else _assertValidBallot(district, selection);
        }
    }

    /// (c) After finalize each district's selection is within its budget and equals the greedy
    /// recount the handler made from the ghost ballots.
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
            for (uint256 p = 0; p < costsOf[district].length; ++p) {
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
        return address(uint160(0xA000 + i));
    }

    /// @dev Names the first difference (called once the hashes differ).
    function _assertEqualLists(uint256[] memory actual, uint256[] memory expected, string memory what) private pure {
        vm.assertEq(actual.length, expected.length, what);
        for (uint256 i = 0; i < actual.length; ++i) vm.assertEq(actual[i], expected[i], what);
    }

    /// @dev Cheatcode asserts only on a failure: the checks run after every call of every run.
    function _assertValidBallot(uint32 district, uint256 selection) private view {
        if (district != NORTH && district != SOUTH) vm.assertEq(district, NORTH, "ballot district");
        uint256 budget = district == NORTH ? NORTH_BUDGET : SOUTH_BUDGET;
        uint64[] storage costs = costsOf[district];
        uint256 length = costs.length;
        if (selection == 0) vm.assertTrue(false, "ballot not empty");
        if (selection >> length != 0) vm.assertEq(selection >> length, 0, "ballot within positions");
        uint256 cost;
        uint256 count;
        for (uint256 p = 0; p < length; ++p) {
            if ((selection >> p) & 1 == 1) {
                cost += costs[p];
                ++count;
            }
        }
        // Exact shares: cost / budget against bps / 10000, without rounding.
        if (cost * 10_000 > budget * MAX_SHARE_BPS) vm.assertLe(cost * 10_000, budget * MAX_SHARE_BPS, "cost limit");
        if (cost * 10_000 < budget * MIN_SHARE_BPS) vm.assertGe(cost * 10_000, budget * MIN_SHARE_BPS, "minimum spend");
        if (count < MIN_PROJECTS) vm.assertGe(count, MIN_PROJECTS, "at least minProjects");
        if (count > MAX_PROJECTS) vm.assertLe(count, MAX_PROJECTS, "at most maxProjects");
    }
}
