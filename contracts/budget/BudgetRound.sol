// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

import {IResidentRegistry} from "../registry/IResidentRegistry.sol";
import {IBudgetRound} from "./IBudgetRound.sol";
import {IResultCommitments} from "./IResultCommitments.sol";
import {RoundRulesCheck} from "./RoundRulesCheck.sol";

/// @title BudgetRound
/// @notice Many participatory-budgeting rounds in one contract, with incremental tallies.
/// @dev Hot-path layout: a district's final costs and its tallies are packed eight uint32 values
/// per storage word, so a ballot touches one cost word and one tally word per eight positions;
/// an approval ballot is one word per voter (district in the top 32 bits, selection below).
contract BudgetRound is IBudgetRound, AccessControl, ERC2771Context {
    bytes32 public constant ROUND_MANAGER_ROLE = keccak256("ROUND_MANAGER_ROLE");
    bytes32 public constant REVIEWER_ROLE = keccak256("REVIEWER_ROLE");
    bytes32 public constant CLERK_ROLE = keccak256("CLERK_ROLE");
    /// @notice Held by SecretBallots alone: it casts the anonymous ballots of secret rounds.
    bytes32 public constant BALLOT_BOX_ROLE = keccak256("BALLOT_BOX_ROLE");

    /// @notice Most positions a district ballot can hold (also the most proposals per district).
    uint256 public constant MAX_BALLOT_POSITIONS = 224;
    /// @notice Most districts in one round.
    uint256 public constant MAX_DISTRICTS = 16;

    uint256 private constant SELECTION_MASK = (uint256(1) << 224) - 1;
    uint256 private constant LANE = 0xffffffff;

    struct RoundRecord {
        // slot 0: everything a ballot needs from the round
        uint40 proposalsStart;
        uint40 supportStart;
        uint40 reviewStart;
        uint40 votingStart;
        uint40 votingEnd;
        BallotType ballotType;
        uint16 minProjects;
        uint16 maxProjects;
        bool cancelled;
        bool finalized;
        // slot 1
        uint32 supportThreshold;
        uint16 maxProposalsPerProposer;
        uint16 minBudgetShareBps;
        uint16 maxBudgetShareBps;
        uint16 totalPoints;
        uint8 maxPointsPerProject;
        TallyRule tallyRule;
        TieBreak tieBreak;
        uint32 objectionWindow;
        // slot 2
        bytes32 rulesHash;
        uint32[] districts;
    }

    struct DistrictRecord {
        // slot 0: everything a ballot needs from the district
        uint64 budget;
        uint64 minSpend;
        uint64 maxSpend;
        uint16 proposalCount;
        uint16 ballotLength;
        bool exists;
        bool ballotPublished;
        bool finalized;
        bool secret; // the round's secrecy, here because a ballot reads this slot anyway
        // slot 1
        uint64 selectedCost;
        uint32 paperBallotCount;
        // slot 2
        uint256 selected;
    }

    struct ProposalRecord {
        // slot 0
        address proposer;
        uint64 roundId;
        uint32 district;
        // slot 1
        uint64 requestedCost;
        uint64 finalCost;
        uint32 supportCount;
        ProposalStatus status;
        ImplementationStatus implementation;
        uint16 position; // 1-based position on the ballot; 0 = not on the ballot
        // slots 2, 3
        bytes32 contentHash;
        bytes32 reasonHash;
    }

    IResidentRegistry private immutable _registry;
    /// @dev createRound's rule check, deployed by the constructor: its code lives outside this
    /// contract's, which is near the EIP-170 size limit.
    RoundRulesCheck private immutable _rulesCheck;

    uint256 private _roundCount;
    uint256 private _proposalCount;
    mapping(uint256 roundId => RoundRecord round) private _rounds;
    mapping(uint256 roundId => mapping(uint32 district => DistrictRecord record)) private _districts;
    mapping(uint256 roundId => mapping(uint32 district => uint256[] proposalIds)) private _districtProposals;
    mapping(uint256 roundId => mapping(uint32 district => uint256[] proposalIds)) private _positions;
    mapping(uint256 roundId => mapping(uint32 district => mapping(uint256 word => uint256 costs))) private _costWords;
    mapping(uint256 roundId => mapping(uint32 district => mapping(uint256 word => uint256 tallies)))
        private _tallyWords;
    mapping(uint256 proposalId => ProposalRecord proposal) private _proposals;
    mapping(uint256 roundId => mapping(address proposer => uint256 count)) private _proposalsBy;
    mapping(uint256 proposalId => mapping(address resident => bool supported)) private _supports;
    mapping(uint256 roundId => mapping(address voter => uint256 districtAndSelection)) private _approvalBallots;
    mapping(uint256 roundId => mapping(address voter => uint32 district)) private _cumulativeDistricts;
    mapping(uint256 roundId => mapping(address voter => uint256[] points)) private _cumulativeBallots;
    mapping(uint256 roundId => mapping(bytes32 serialHash => uint256 districtAndSelection)) private _paperApproval;
    mapping(uint256 roundId => mapping(bytes32 serialHash => uint32 district)) private _paperCumulativeDistricts;
    mapping(uint256 roundId => mapping(bytes32 serialHash => uint256[] points)) private _paperCumulative;
    IResultCommitments private _results;

    /// @param registry_ The ResidentRegistry deciding who may propose, support and vote.
    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    constructor(address registry_, address admin, address trustedForwarder) ERC2771Context(trustedForwarder) {
        if (registry_ == address(0)) revert RoundInvalidRule("registry", 0);
        if (admin == address(0)) revert RoundInvalidRule("admin", 0);
        _registry = IResidentRegistry(registry_);
        _rulesCheck = new RoundRulesCheck();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- officials

    /// @inheritdoc IBudgetRound
    function createRound(Rules calldata rules) external onlyRole(ROUND_MANAGER_ROLE) returns (uint256 roundId) {
        _rulesCheck.check(rules, address(_results) != address(0));
        roundId = ++_roundCount;
        RoundRecord storage round = _rounds[roundId];
        Schedule calldata s = rules.schedule;
        round.proposalsStart = s.proposalsStart;
        round.supportStart = s.supportStart;
        round.reviewStart = s.reviewStart;
        round.votingStart = s.votingStart;
        round.votingEnd = s.votingEnd;
        round.ballotType = rules.ballotType;
        round.minProjects = rules.minProjects;
        round.maxProjects = rules.maxProjects;
        round.supportThreshold = rules.supportThreshold;
        round.minBudgetShareBps = rules.minBudgetShareBps;
        round.maxBudgetShareBps = rules.maxBudgetShareBps;
        round.totalPoints = rules.totalPoints;
        round.maxPointsPerProject = rules.maxPointsPerProject;
        round.maxProposalsPerProposer = rules.maxProposalsPerProposer;
        round.tallyRule = rules.tallyRule;
        round.tieBreak = rules.tieBreak;
        round.objectionWindow = rules.objectionWindow;
        round.rulesHash = rules.rulesHash;
        round.districts = rules.districts;
        for (uint256 i = 0; i < rules.districts.length; ++i) {
            uint64 budget = rules.budgets[i];
            DistrictRecord storage district = _districts[roundId][rules.districts[i]];
            district.exists = true;
            district.secret = rules.secrecy == BallotSecrecy.Secret;
            district.budget = budget;
            // Rounded up: a ballot spends at least the share, and costs are whole units. budget < 2**64
            // and bps <= 10_000, so the sum fits in uint256 and the quotient (at most budget) in uint64.
            district.minSpend = uint64((uint256(budget) * rules.minBudgetShareBps + 9_999) / 10_000);
            // bps <= 65_535 and budget < 2**64: the product fits; a limit above uint64 is no limit.
            uint256 maxSpend = (uint256(budget) * rules.maxBudgetShareBps) / 10_000;
            district.maxSpend =
                rules.maxBudgetShareBps == 0 || maxSpend > type(uint64).max ? type(uint64).max : uint64(maxSpend);
        }
        emit RoundCreated(roundId, _msgSender(), rules);
    }

    /// @inheritdoc IBudgetRound
    function cancelRound(uint256 roundId, bytes32 reasonHash) external onlyRole(DEFAULT_ADMIN_ROLE) {
        RoundRecord storage round = _existingRound(roundId);
        Phase current = _phase(round);
        if (current == Phase.Finalized || current == Phase.Cancelled) {
            revert RoundWrongPhase(roundId, current, Phase.Closed);
        }
        round.cancelled = true;
        emit RoundCancelled(roundId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IBudgetRound
    function review(
        uint256 proposalId,
        bool feasible,
        uint64 finalCost,
        bytes32 reasonHash
    ) external onlyRole(REVIEWER_ROLE) {
        ProposalRecord storage proposal = _existingProposal(proposalId);
        uint256 roundId = proposal.roundId;
        Phase current = _phase(_rounds[roundId]);
        // A proposal the reviewers missed can still be reviewed in the voting phase until its
        // district's ballot is published (publishBallot refuses while it is unreviewed), so one
        // missed review never keeps a district from voting.
        if (
            current != Phase.Review &&
            !(current == Phase.Voting && !_districts[roundId][proposal.district].ballotPublished)
        ) revert RoundWrongPhase(roundId, current, Phase.Review);
        if (proposal.status != ProposalStatus.Submitted) revert RoundAlreadyReviewed(proposalId);
        if (feasible) _requireValidCost(finalCost, _districts[proposal.roundId][proposal.district].budget);
        else finalCost = 0;
        proposal.status = feasible ? ProposalStatus.Feasible : ProposalStatus.Infeasible;
        proposal.finalCost = finalCost;
        proposal.reasonHash = reasonHash;
        emit ProposalReviewed(proposalId, _msgSender(), feasible, finalCost, reasonHash);
    }

    /// @inheritdoc IBudgetRound
    function publishBallot(uint256 roundId, uint32 districtId) external onlyRole(REVIEWER_ROLE) {
        RoundRecord storage round = _existingRound(roundId);
        Phase current = _phase(round);
        if (current != Phase.Review && current != Phase.Voting) revert RoundWrongPhase(roundId, current, Phase.Review);
        DistrictRecord storage district = _existingDistrict(roundId, districtId);
        if (district.ballotPublished) revert RoundBallotAlreadyPublished(roundId, districtId);

        (uint256[] memory ids, uint64[] memory costs) = _buildBallot(roundId, districtId, round.supportThreshold);
        _positions[roundId][districtId] = ids;
        // ids.length <= proposalCount <= MAX_BALLOT_POSITIONS.
        district.ballotLength = uint16(ids.length);
        district.ballotPublished = true;
        emit BallotPublished(roundId, districtId, ids, costs);
    }

    /// @inheritdoc IBudgetRound
    function setResultCommitments(address resultCommitments_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(_results) != address(0)) revert RoundResultSourceAlreadySet(address(_results));
        _results = IResultCommitments(resultCommitments_);
        emit ResultSourceSet(resultCommitments_);
    }

    /// @inheritdoc IBudgetRound
    function reportImplementation(
        uint256 proposalId,
        ImplementationStatus status,
        bytes32 noteHash
    ) external onlyRole(ROUND_MANAGER_ROLE) {
        ProposalRecord storage proposal = _existingProposal(proposalId);
        _requirePhase(proposal.roundId, Phase.Finalized);
        uint256 position = proposal.position;
        uint256 selected = _districts[proposal.roundId][proposal.district].selected;
        if (position == 0 || (selected >> (position - 1)) & 1 == 0) revert RoundProposalNotFunded(proposalId);
        if (status == ImplementationStatus.None) revert RoundInvalidRule("status", uint256(status));
        proposal.implementation = status;
        emit ImplementationReported(proposalId, status, noteHash, _msgSender());
    }

    // ---------------------------------------------------------------- residents

    /// @inheritdoc IBudgetRound
    function submitProposal(
        uint256 roundId,
        uint32 districtId,
        uint64 cost,
        bytes32 contentHash
    ) external returns (uint256 proposalId) {
        uint256 perProposer = _requirePhase(roundId, Phase.Proposals).maxProposalsPerProposer;
        DistrictRecord storage district = _existingDistrict(roundId, districtId);
        address proposer = _msgSender();
        _requireResident(proposer, districtId);
        uint256 submitted = _proposalsBy[roundId][proposer];
        if (perProposer != 0 && submitted >= perProposer) {
            revert RoundProposerLimitReached(roundId, proposer, perProposer);
        }
        // One more than the proposals this account submitted, one transaction each: far below 2**256.
        unchecked {
            _proposalsBy[roundId][proposer] = submitted + 1;
        }
        _requireValidCost(cost, district.budget);
        if (contentHash == bytes32(0)) revert RoundEmptyContent();
        if (district.proposalCount >= MAX_BALLOT_POSITIONS) {
            revert RoundTooManyProposals(roundId, districtId, MAX_BALLOT_POSITIONS);
        }
        proposalId = ++_proposalCount;
        _proposals[proposalId] = ProposalRecord({
            proposer: proposer,
            // roundId <= _roundCount, which cannot reach 2**64 one transaction at a time.
            roundId: uint64(roundId),
            district: districtId,
            requestedCost: cost,
            finalCost: 0,
            supportCount: 0,
            status: ProposalStatus.Submitted,
            implementation: ImplementationStatus.None,
            position: 0,
            contentHash: contentHash,
            reasonHash: bytes32(0)
        });
        district.proposalCount += 1;
        _districtProposals[roundId][districtId].push(proposalId);
        emit ProposalSubmitted(proposalId, roundId, districtId, proposer, cost, contentHash);
    }

    /// @inheritdoc IBudgetRound
    function support(uint256 proposalId) external {
        ProposalRecord storage proposal = _supportable(proposalId);
        address supporter = _msgSender();
        _requireResident(supporter, proposal.district);
        // A paper support is kept under the household's code address; once the code registers
        // this account, that support is the account's.
        address code = _registry.voteCodeOf(supporter);
        if (code != address(0) && _supports[proposalId][code]) revert RoundSupportedOnPaper(proposalId, code);
        _addSupport(proposal, proposalId, supporter);
    }

    /// @inheritdoc IBudgetRound
    function recordPaperSupport(uint256 proposalId, address codeSigner) external onlyRole(CLERK_ROLE) {
        _addSupport(_supportable(proposalId), proposalId, codeSigner);
    }

    function _supportable(uint256 proposalId) private view returns (ProposalRecord storage proposal) {
        proposal = _existingProposal(proposalId);
        _requirePhase(proposal.roundId, Phase.Support);
    }

    function _addSupport(ProposalRecord storage proposal, uint256 proposalId, address supporter) private {
        if (_supports[proposalId][supporter]) revert RoundAlreadySupported(proposalId, supporter);
        _supports[proposalId][supporter] = true;
        uint32 count = proposal.supportCount + 1;
        proposal.supportCount = count;
        emit ProposalSupported(proposalId, supporter, count);
    }

    /// @inheritdoc IBudgetRound
    function castApprovalBallot(uint256 roundId, uint32 districtId, uint256 selection) external {
        _castApproval(roundId, districtId, _msgSender(), selection, false);
    }

    /// @inheritdoc IBudgetRound
    function castApprovalBallotFor(
        uint256 roundId,
        uint32 districtId,
        address voter,
        uint256 selection
    ) external onlyRole(BALLOT_BOX_ROLE) returns (bool replaced) {
        return _castApproval(roundId, districtId, voter, selection, true);
    }

    /// @dev A public ballot's voter must be a resident of the district; an anonymous one's
    /// eligibility is its token, checked by the ballot box before this call.
    function _castApproval(
        uint256 roundId,
        uint32 districtId,
        address voter,
        uint256 selection,
        bool viaBallotBox
    ) private returns (bool replaced) {
        RoundRecord storage round = _votingRound(roundId, BallotType.Approval);
        if (!viaBallotBox) _requireResident(voter, districtId);
        uint256 previous = _approvalBallots[roundId][voter];
        if (previous != 0) {
            // The top 32 bits hold the district; the selection is limited to 224 bits.
            uint32 votedDistrict = uint32(previous >> 224);
            if (votedDistrict != districtId) revert BallotOtherDistrict(voter, votedDistrict, districtId);
        }
        DistrictRecord storage district = _publishedDistrict(roundId, districtId);
        if (district.secret != viaBallotBox) {
            revert BallotWrongSecrecy(roundId, district.secret ? BallotSecrecy.Secret : BallotSecrecy.Public);
        }
        _applyApproval(round, district, roundId, districtId, previous & SELECTION_MASK, selection);
        _approvalBallots[roundId][voter] = (uint256(districtId) << 224) | selection;
        replaced = previous != 0;
        emit ApprovalBallotCast(roundId, voter, districtId, selection, replaced);
    }

    /// @inheritdoc IBudgetRound
    function castCumulativeBallot(uint256 roundId, uint32 districtId, uint256[] calldata points) external {
        RoundRecord storage round = _votingRound(roundId, BallotType.Cumulative);
        address voter = _msgSender();
        _requireResident(voter, districtId);
        uint32 votedDistrict = _cumulativeDistricts[roundId][voter];
        if (votedDistrict != 0 && votedDistrict != districtId) {
            revert BallotOtherDistrict(voter, votedDistrict, districtId);
        }
        DistrictRecord storage district = _publishedDistrict(roundId, districtId);
        _applyCumulative(round, district, roundId, districtId, _cumulativeBallots[roundId][voter], points);
        _cumulativeBallots[roundId][voter] = points;
        if (votedDistrict == 0) _cumulativeDistricts[roundId][voter] = districtId;
        emit CumulativeBallotCast(roundId, voter, districtId, points, votedDistrict != 0);
    }

    /// @inheritdoc IBudgetRound
    function recordPaperApprovalBallot(
        uint256 roundId,
        uint32 districtId,
        bytes32 serialHash,
        uint256 selection
    ) external onlyRole(CLERK_ROLE) {
        RoundRecord storage round = _votingRound(roundId, BallotType.Approval);
        if (_paperApproval[roundId][serialHash] != 0) revert BallotPaperSerialUsed(serialHash);
        DistrictRecord storage district = _publishedDistrict(roundId, districtId);
        _applyApproval(round, district, roundId, districtId, 0, selection);
        _paperApproval[roundId][serialHash] = (uint256(districtId) << 224) | selection;
        district.paperBallotCount += 1;
        emit PaperApprovalBallotRecorded(roundId, serialHash, districtId, selection, _msgSender());
    }

    /// @inheritdoc IBudgetRound
    function recordPaperCumulativeBallot(
        uint256 roundId,
        uint32 districtId,
        bytes32 serialHash,
        uint256[] calldata points
    ) external onlyRole(CLERK_ROLE) {
        RoundRecord storage round = _votingRound(roundId, BallotType.Cumulative);
        if (_paperCumulativeDistricts[roundId][serialHash] != 0) revert BallotPaperSerialUsed(serialHash);
        DistrictRecord storage district = _publishedDistrict(roundId, districtId);
        _applyCumulative(round, district, roundId, districtId, _paperCumulative[roundId][serialHash], points);
        _paperCumulative[roundId][serialHash] = points;
        _paperCumulativeDistricts[roundId][serialHash] = districtId;
        district.paperBallotCount += 1;
        emit PaperCumulativeBallotRecorded(roundId, serialHash, districtId, points, _msgSender());
    }

    // ---------------------------------------------------------------- anyone

    /// @inheritdoc IBudgetRound
    function finalize(uint256 roundId) external {
        RoundRecord storage round = _existingRound(roundId);
        Phase current = _phase(round);
        if (current != Phase.Closed) revert RoundWrongPhase(roundId, current, Phase.Closed);
        uint32[] storage districts = round.districts;
        bool greedyRule = round.tallyRule == TallyRule.Greedy;
        for (uint256 i = 0; i < districts.length; ++i) {
            // An off-chain rule's outcome comes final from the result source, which reverts until it is.
            uint256 committed = greedyRule ? 0 : _results.finalSelection(roundId, districts[i]);
            _finalizeDistrict(round, roundId, districts[i], committed);
        }
        round.finalized = true;
        emit RoundFinalized(roundId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBudgetRound
    function getRules(uint256 roundId) external view returns (Rules memory rules) {
        RoundRecord storage round = _existingRound(roundId);
        uint32[] memory districts = round.districts;
        uint64[] memory budgets = new uint64[](districts.length);
        for (uint256 i = 0; i < districts.length; ++i) {
            budgets[i] = _districts[roundId][districts[i]].budget;
        }
        rules = Rules({
            districts: districts,
            budgets: budgets,
            schedule: Schedule(
                round.proposalsStart,
                round.supportStart,
                round.reviewStart,
                round.votingStart,
                round.votingEnd
            ),
            supportThreshold: round.supportThreshold,
            maxProposalsPerProposer: round.maxProposalsPerProposer,
            ballotType: round.ballotType,
            minProjects: round.minProjects,
            maxProjects: round.maxProjects,
            minBudgetShareBps: round.minBudgetShareBps,
            maxBudgetShareBps: round.maxBudgetShareBps,
            totalPoints: round.totalPoints,
            maxPointsPerProject: round.maxPointsPerProject,
            tallyRule: round.tallyRule,
            tieBreak: round.tieBreak,
            objectionWindow: round.objectionWindow,
            rulesHash: round.rulesHash,
            secrecy: _districts[roundId][districts[0]].secret ? BallotSecrecy.Secret : BallotSecrecy.Public
        });
    }

    /// @inheritdoc IBudgetRound
    function phase(uint256 roundId) external view returns (Phase) {
        return _phase(_existingRound(roundId));
    }

    /// @inheritdoc IBudgetRound
    function getDistrict(uint256 roundId, uint32 districtId) external view returns (DistrictView memory) {
        DistrictRecord storage d = _existingDistrict(roundId, districtId);
        return
            DistrictView({
                budget: d.budget,
                proposalCount: d.proposalCount,
                ballotLength: d.ballotLength,
                ballotPublished: d.ballotPublished,
                finalized: d.finalized,
                paperBallotCount: d.paperBallotCount,
                selectedCost: d.selectedCost,
                selected: d.selected
            });
    }

    /// @inheritdoc IBudgetRound
    function getBallot(
        uint256 roundId,
        uint32 districtId
    ) external view returns (uint256[] memory proposalIds, uint64[] memory costs) {
        DistrictRecord storage district = _existingDistrict(roundId, districtId);
        proposalIds = _positions[roundId][districtId];
        costs = new uint64[](district.ballotLength);
        for (uint256 i = 0; i < costs.length; ++i) {
            costs[i] = uint64(_lane(_costWords[roundId][districtId][i / 8], i % 8));
        }
    }

    /// @inheritdoc IBudgetRound
    function getTallies(uint256 roundId, uint32 districtId) public view returns (uint256[] memory tallies) {
        DistrictRecord storage district = _existingDistrict(roundId, districtId);
        tallies = new uint256[](district.ballotLength);
        for (uint256 i = 0; i < tallies.length; ++i) {
            tallies[i] = _lane(_tallyWords[roundId][districtId][i / 8], i % 8);
        }
    }

    /// @inheritdoc IBudgetRound
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        ProposalRecord storage p = _existingProposal(proposalId);
        return
            Proposal({
                roundId: p.roundId,
                district: p.district,
                proposer: p.proposer,
                requestedCost: p.requestedCost,
                finalCost: p.finalCost,
                supportCount: p.supportCount,
                status: p.status,
                implementation: p.implementation,
                contentHash: p.contentHash,
                reasonHash: p.reasonHash
            });
    }

    /// @inheritdoc IBudgetRound
    function hasSupported(uint256 proposalId, address account) external view returns (bool) {
        return _supports[proposalId][account];
    }

    /// @inheritdoc IBudgetRound
    function approvalBallotOf(
        uint256 roundId,
        address voter
    ) external view returns (uint32 district, uint256 selection) {
        uint256 record = _approvalBallots[roundId][voter];
        return (uint32(record >> 224), record & SELECTION_MASK);
    }

    /// @inheritdoc IBudgetRound
    function cumulativeBallotOf(
        uint256 roundId,
        address voter
    ) external view returns (uint32 district, uint256[] memory points) {
        return (_cumulativeDistricts[roundId][voter], _cumulativeBallots[roundId][voter]);
    }

    /// @inheritdoc IBudgetRound
    function paperApprovalBallot(
        uint256 roundId,
        bytes32 serialHash
    ) external view returns (uint32 district, uint256 selection) {
        uint256 record = _paperApproval[roundId][serialHash];
        return (uint32(record >> 224), record & SELECTION_MASK);
    }

    /// @inheritdoc IBudgetRound
    function paperCumulativeBallot(
        uint256 roundId,
        bytes32 serialHash
    ) external view returns (uint32 district, uint256[] memory points) {
        return (_paperCumulativeDistricts[roundId][serialHash], _paperCumulative[roundId][serialHash]);
    }

    /// @inheritdoc IBudgetRound
    function getSelected(uint256 roundId, uint32 districtId) external view returns (uint256[] memory ids) {
        DistrictRecord storage district = _existingDistrict(roundId, districtId);
        uint256 selected = district.selected;
        uint256[] storage positions = _positions[roundId][districtId];
        ids = new uint256[](positions.length);
        uint256 count;
        for (uint256 i = 0; i < positions.length; ++i) {
            if ((selected >> i) & 1 == 1) ids[count++] = positions[i];
        }
        assembly ("memory-safe") {
            mstore(ids, count)
        }
    }

    /// @inheritdoc IBudgetRound
    function roundCount() external view returns (uint256) {
        return _roundCount;
    }

    /// @inheritdoc IBudgetRound
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IBudgetRound
    function resultCommitments() external view returns (address) {
        return address(_results);
    }

    /// @notice The registry that decides who is a resident.
    function registry() external view returns (address) {
        return address(_registry);
    }

    // ---------------------------------------------------------------- internals: ballots

    /// @dev Moves the tallies from `oldSelection` to `newSelection` and checks the new ballot
    /// against the round's knapsack constraints. Reverts leave no trace, so checks come last.
    function _applyApproval(
        RoundRecord storage round,
        DistrictRecord storage district,
        uint256 roundId,
        uint32 districtId,
        uint256 oldSelection,
        uint256 newSelection
    ) private {
        if (newSelection == 0) revert BallotEmpty();
        uint256 length = district.ballotLength;
        if (newSelection >> length != 0) revert BallotUnknownPosition(_highestBit(newSelection), length);

        (uint256 cost, uint256 count) = _moveApprovalTallies(roundId, districtId, length, oldSelection, newSelection);
        uint256 maxSpend = district.maxSpend;
        if (cost > maxSpend) revert BallotOverBudget(cost, maxSpend);
        if (cost < district.minSpend) revert BallotUnderMinimumSpend(cost, district.minSpend);
        if (count < round.minProjects) revert BallotTooFewProjects(count, round.minProjects);
        uint256 maxProjects = round.maxProjects;
        if (maxProjects != 0 && count > maxProjects) revert BallotTooManyProjects(count, maxProjects);
    }

    /// @dev Adds the new selection's votes, removes the old one's, and sums the new selection's
    /// cost and size, touching one cost word and one tally word per eight positions.
    function _moveApprovalTallies(
        uint256 roundId,
        uint32 districtId,
        uint256 length,
        uint256 oldSelection,
        uint256 newSelection
    ) private returns (uint256 cost, uint256 count) {
        mapping(uint256 => uint256) storage costWords = _costWords[roundId][districtId];
        mapping(uint256 => uint256) storage tallyWords = _tallyWords[roundId][districtId];
        unchecked {
            // Loop counters stay below 224; cost sums at most 224 lanes of 2**32 - 1; a tally lane
            // counts ballots, and reaching 2**32 would take more than 2**32 transactions; a lane is
            // only decremented for a position this ballot's earlier version had added.
            for (uint256 shift = 0; shift < length; shift += 8) {
                uint256 newBits = (newSelection >> shift) & 0xff;
                uint256 changed = newBits ^ ((oldSelection >> shift) & 0xff);
                uint256 word = shift >> 3;
                if (newBits != 0) {
                    uint256 costWord = costWords[word];
                    for (uint256 bits = newBits; bits != 0; bits &= bits - 1) {
                        cost += (costWord >> (_lowestBit(bits) * 32)) & LANE;
                        ++count;
                    }
                }
                if (changed != 0) {
                    uint256 tallyWord = tallyWords[word];
                    for (uint256 bits = changed; bits != 0; bits &= bits - 1) {
                        uint256 lane = _lowestBit(bits);
                        if ((newBits >> lane) & 1 == 1) tallyWord += uint256(1) << (lane * 32);
                        else tallyWord -= uint256(1) << (lane * 32);
                    }
                    tallyWords[word] = tallyWord;
                }
            }
        }
    }

    /// @dev Index of the lowest set bit of a non-zero byte.
    function _lowestBit(uint256 bits) private pure returns (uint256 index) {
        bits &= (~bits + 1) & 0xff; // isolate the lowest set bit
        // Branch-free log2 of a power of two below 256.
        index = (bits > 0x0f ? 4 : 0) | ((bits & 0xcc) != 0 ? 2 : 0) | ((bits & 0xaa) != 0 ? 1 : 0);
    }

    /// @dev Moves the tallies from the stored `oldPoints` to `newPoints` and checks the limits.
    function _applyCumulative(
        RoundRecord storage round,
        DistrictRecord storage district,
        uint256 roundId,
        uint32 districtId,
        uint256[] storage oldPoints,
        uint256[] calldata newPoints
    ) private {
        uint256 length = district.ballotLength;
        uint256 words = (length + 31) / 32;
        if (newPoints.length > words) revert BallotUnknownPosition(newPoints.length * 32 - 1, length);
        uint256 maxPerProject = round.maxPointsPerProject;
        mapping(uint256 => uint256) storage tallyWords = _tallyWords[roundId][districtId];
        uint256 total;
        for (uint256 w = 0; w < words; ++w) {
            uint256 newWord = w < newPoints.length ? newPoints[w] : 0;
            uint256 oldWord = w < oldPoints.length ? oldPoints[w] : 0;
            total += _checkPointsWord(newWord, w * 32, length, maxPerProject);
            if (newWord != oldWord) _movePointTallies(tallyWords, w, oldWord, newWord);
        }
        if (total == 0) revert BallotEmpty();
        if (total > round.totalPoints) revert BallotTooManyPoints(total, round.totalPoints);
    }

    /// @dev Sum of the points in one packed word whose first byte is position `first`.
    function _checkPointsWord(
        uint256 word,
        uint256 first,
        uint256 length,
        uint256 maxPerProject
    ) private pure returns (uint256 sum) {
        for (uint256 b = 0; word >> (b * 8) != 0; ++b) {
            uint256 points = (word >> (b * 8)) & 0xff;
            if (points == 0) continue;
            if (first + b >= length) revert BallotUnknownPosition(first + b, length);
            if (points > maxPerProject) revert BallotTooManyPointsForProject(first + b, points, maxPerProject);
            sum += points;
        }
    }

    /// @dev Points word `w` covers tally words 4w..4w+3 (eight positions each).
    function _movePointTallies(
        mapping(uint256 => uint256) storage tallyWords,
        uint256 w,
        uint256 oldWord,
        uint256 newWord
    ) private {
        for (uint256 t = 0; t < 4; ++t) {
            uint256 oldBytes = (oldWord >> (t * 64)) & type(uint64).max;
            uint256 newBytes = (newWord >> (t * 64)) & type(uint64).max;
            if (oldBytes == newBytes) continue;
            uint256 tallyWord = tallyWords[w * 4 + t];
            for (uint256 lane = 0; lane < 8; ++lane) {
                uint256 oldP = (oldBytes >> (lane * 8)) & 0xff;
                uint256 newP = (newBytes >> (lane * 8)) & 0xff;
                // Lanes hold point sums below 2**32 (see _applyApproval); oldP was added before.
                tallyWord = tallyWord - (oldP << (lane * 32)) + (newP << (lane * 32));
            }
            tallyWords[w * 4 + t] = tallyWord;
        }
    }

    /// @dev Positions of a district's ballot: its feasible proposals at or over `threshold`, in
    /// ascending id; writes the packed cost words and each proposal's position.
    function _buildBallot(
        uint256 roundId,
        uint32 districtId,
        uint256 threshold
    ) private returns (uint256[] memory ids, uint64[] memory costs) {
        uint256[] storage submitted = _districtProposals[roundId][districtId];
        mapping(uint256 => uint256) storage costWords = _costWords[roundId][districtId];
        ids = new uint256[](submitted.length);
        costs = new uint64[](submitted.length);
        uint256 length;
        uint256 costWord;
        for (uint256 i = 0; i < submitted.length; ++i) {
            ProposalRecord storage proposal = _proposals[submitted[i]];
            if (proposal.supportCount < threshold) continue;
            if (proposal.status == ProposalStatus.Submitted) revert RoundUnreviewedProposal(submitted[i]);
            if (proposal.status != ProposalStatus.Feasible) continue;
            ids[length] = submitted[i];
            costs[length] = proposal.finalCost;
            costWord |= uint256(proposal.finalCost) << ((length % 8) * 32);
            // length < submitted.length <= MAX_BALLOT_POSITIONS, so the 1-based position fits in uint16.
            proposal.position = uint16(length + 1);
            ++length;
            if (length % 8 == 0) {
                costWords[length / 8 - 1] = costWord;
                costWord = 0;
            }
        }
        if (length % 8 != 0) costWords[length / 8] = costWord;
        assembly ("memory-safe") {
            mstore(ids, length)
            mstore(costs, length)
        }
    }

    // ---------------------------------------------------------------- internals: finalize

    /// @dev Greedy selects by votes; otherwise `committed` (a bitmap of positions) is the outcome:
    /// ranked by membership instead of votes, the same pass takes exactly it when it lies on the
    /// ballot and within the budget, which is then checked.
    function _finalizeDistrict(
        RoundRecord storage round,
        uint256 roundId,
        uint32 districtId,
        uint256 committed
    ) private {
        DistrictRecord storage district = _districts[roundId][districtId];
        uint256 length = district.ballotLength;
        uint256[] memory tallies = new uint256[](length);
        uint256[] memory order = new uint256[](length);
        mapping(uint256 => uint256) storage costWords = _costWords[roundId][districtId];
        mapping(uint256 => uint256) storage tallyWords = _tallyWords[roundId][districtId];
        bool cheaperFirst = round.tieBreak == TieBreak.LowerCostFirst;
        unchecked {
            // Positions stay below MAX_BALLOT_POSITIONS (< 0xff); tallies and costs are 32-bit lanes.
            for (uint256 word = 0; word * 8 < length; ++word) {
                uint256 costWord = costWords[word];
                uint256 tallyWord = tallyWords[word];
                for (uint256 lane = 0; lane < 8 && word * 8 + lane < length; ++lane) {
                    uint256 position = word * 8 + lane;
                    uint256 tally = _lane(tallyWord, lane);
                    uint256 cost = _lane(costWord, lane);
                    tallies[position] = tally;
                    // The published order as one number, larger first: more votes; on equal votes
                    // the cheaper one (LowerCostFirst); then the lower position, which is the lower
                    // proposal id. The cost rides along in the low bits (positions never tie).
                    order[position] =
                        (tally << 96) |
                        ((cheaperFirst ? LANE - cost : 0) << 64) |
                        ((0xff - position) << 32) |
                        cost;
                }
            }
        }
        bool greedyRule = round.tallyRule == TallyRule.Greedy;
        if (!greedyRule) _rankByMembership(order, committed);
        _sortDescending(order);
        (uint256 selected, uint256 remaining) = _takeInOrder(order, district.budget);
        if (!greedyRule && selected != committed) revert RoundCommittedOutcomeInvalid(roundId, districtId, committed);
        // Selected costs sum to at most the uint64 budget.
        uint64 selectedCost = uint64(district.budget - remaining);
        district.selected = selected;
        district.selectedCost = selectedCost;
        district.finalized = true;
        emit DistrictFinalized(roundId, districtId, selected, selectedCost, tallies);
    }

    /// @dev Takes each position of the sorted `order` keys that still fits the budget, down to the
    /// first key ranked 0 (no votes, or not in the committed outcome).
    function _takeInOrder(
        uint256[] memory order,
        uint256 budget
    ) private pure returns (uint256 selected, uint256 remaining) {
        remaining = budget;
        for (uint256 i = 0; i < order.length; ++i) {
            uint256 key = order[i];
            if (key >> 96 == 0) break; // no votes here or further on
            uint256 cost = key & LANE;
            if (cost > remaining) continue;
            remaining -= cost;
            selected |= uint256(1) << (0xff - ((key >> 32) & 0xff));
        }
    }

    /// @dev Replaces the votes in each order key by 1 for a position in `selection`, 0 otherwise.
    function _rankByMembership(uint256[] memory order, uint256 selection) private pure {
        for (uint256 position = 0; position < order.length; ++position) {
            order[position] = (((selection >> position) & 1) << 96) | uint96(order[position]);
        }
    }

    /// @dev Heapsort, largest first: O(n log n) whatever the votes (an insertion sort's n**2 / 2
    /// steps put a single full district over the 2**24 gas a transaction may use). In assembly
    /// because a full round sorts 16 x 224 keys; every index stays below `keys.length`.
    function _sortDescending(uint256[] memory keys) private pure {
        assembly ("memory-safe") {
            // Moves the key at `root` down the min-heap held in data[0 .. size) to its place.
            function siftDown(data, root, size) {
                let key := mload(add(data, shl(5, root)))
                for {
                    let child := add(shl(1, root), 1)
                } lt(child, size) {
                    child := add(shl(1, root), 1)
                } {
                    let childKey := mload(add(data, shl(5, child)))
                    if lt(add(child, 1), size) {
                        let rightKey := mload(add(data, shl(5, add(child, 1))))
                        if lt(rightKey, childKey) {
                            child := add(child, 1)
                            childKey := rightKey
                        }
                    }
                    if iszero(lt(childKey, key)) {
                        break
                    }
                    mstore(add(data, shl(5, root)), childKey)
                    root := child
                }
                mstore(add(data, shl(5, root)), key)
            }
            let data := add(keys, 0x20)
            let n := mload(keys)
            for {
                let i := shr(1, n)
            } i {
                i := sub(i, 1)
            } {
                siftDown(data, sub(i, 1), n)
            }
            // The smallest key goes last, then the heap shrinks by one.
            for {
                let end := n
            } gt(end, 1) {
                end := sub(end, 1)
            } {
                let last := add(data, shl(5, sub(end, 1)))
                let smallest := mload(data)
                mstore(data, mload(last))
                mstore(last, smallest)
                siftDown(data, 0, sub(end, 1))
            }
        }
    }

    // ---------------------------------------------------------------- internals: checks

    function _phase(RoundRecord storage round) private view returns (Phase) {
        if (round.cancelled) return Phase.Cancelled;
        if (round.finalized) return Phase.Finalized;
        uint256 t = block.timestamp;
        if (t < round.proposalsStart) return Phase.Scheduled;
        if (t < round.supportStart) return Phase.Proposals;
        if (t < round.reviewStart) return Phase.Support;
        if (t < round.votingStart) return Phase.Review;
        if (t < round.votingEnd) return Phase.Voting;
        return Phase.Closed;
    }

    function _requirePhase(uint256 roundId, Phase expected) private view returns (RoundRecord storage round) {
        round = _existingRound(roundId);
        Phase current = _phase(round);
        if (current != expected) revert RoundWrongPhase(roundId, current, expected);
    }

    function _votingRound(uint256 roundId, BallotType ballotType) private view returns (RoundRecord storage round) {
        round = _requirePhase(roundId, Phase.Voting);
        if (round.ballotType != ballotType) revert BallotWrongType(roundId, round.ballotType);
    }

    function _existingRound(uint256 roundId) private view returns (RoundRecord storage round) {
        round = _rounds[roundId];
        if (round.votingEnd == 0) revert RoundUnknown(roundId);
    }

    function _existingDistrict(
        uint256 roundId,
        uint32 districtId
    ) private view returns (DistrictRecord storage district) {
        district = _districts[roundId][districtId];
        if (!district.exists) {
            _existingRound(roundId);
            revert RoundUnknownDistrict(roundId, districtId);
        }
    }

    function _publishedDistrict(
        uint256 roundId,
        uint32 districtId
    ) private view returns (DistrictRecord storage district) {
        district = _existingDistrict(roundId, districtId);
        if (!district.ballotPublished) revert RoundBallotNotPublished(roundId, districtId);
    }

    function _existingProposal(uint256 proposalId) private view returns (ProposalRecord storage proposal) {
        proposal = _proposals[proposalId];
        if (proposal.proposer == address(0)) revert RoundUnknownProposal(proposalId);
    }

    function _requireResident(address account, uint32 districtId) private view {
        if (!_registry.isResident(account, districtId)) revert RoundNotResident(account, districtId);
    }

    function _requireValidCost(uint64 cost, uint64 budget) private pure {
        if (cost == 0 || cost > budget || cost > LANE) revert RoundInvalidCost(cost, budget);
    }

    function _lane(uint256 word, uint256 lane) private pure returns (uint256) {
        return (word >> (lane * 32)) & LANE;
    }

    function _highestBit(uint256 value) private pure returns (uint256 bit) {
        while (value > 1) {
            value >>= 1;
            ++bit;
        }
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
