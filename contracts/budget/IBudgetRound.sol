// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title IBudgetRound
/// @notice Participatory-budgeting rounds. A round's rules (districts and budgets, phase schedule,
/// support threshold, ballot type and constraints, tally rule and tie-break) are fixed when it is
/// created and never change; only an emergency cancel remains possible. Residents propose and
/// support projects, reviewers decide feasibility and final cost, feasible proposals at or over
/// the support threshold form each district's ballot, residents (and clerks, for paper ballots)
/// vote, and anyone finalizes: greedy by votes per district with the published tie-break.
/// @dev Ballot encoding. A district's ballot lists its proposals in ascending proposal id; a
/// proposal's index in that list is its *position* (0-based, at most {MAX_BALLOT_POSITIONS}).
/// An approval ballot is a bitmap over positions (bit i set = approve position i). A cumulative
/// ballot is `uint256[]` words holding one uint8 point count per position, position i in byte
/// `i % 32` (least significant byte first) of word `i / 32`. Every ballot event carries the whole
/// ballot, and {BallotPublished} maps positions to proposal ids, so the logs alone recount a round.
interface IBudgetRound {
    // ---------------------------------------------------------------- types

    /// @notice Where a round stands; derived from the schedule, except Cancelled and Finalized.
    enum Phase {
        Scheduled,
        Proposals,
        Support,
        Review,
        Voting,
        Closed,
        Finalized,
        Cancelled
    }

    /// @notice How residents vote.
    enum BallotType {
        Approval,
        Cumulative
    }

    /// @notice How finalize orders projects with equal votes.
    /// @dev LowerCostFirst: the cheaper project first, then the lower proposal id.
    /// LowerIdFirst: the lower (earlier) proposal id first.
    enum TieBreak {
        LowerCostFirst,
        LowerIdFirst
    }

    /// @notice The tally rule applied by {finalize}. Greedy: by votes descending, take each project
    /// that still fits the district's remaining budget, skip those that do not; computed on chain.
    /// EqualSharesAdd1: the Method of Equal Shares with the Add1 completion (approval ballots only),
    /// too costly to compute on chain: the outcome computed off chain by the published tally library
    /// is committed to the round's result source ({resultCommitments}), open to objections for the
    /// round's objection window, and {finalize} takes it once final.
    enum TallyRule {
        Greedy,
        EqualSharesAdd1
    }

    /// @notice Who can see how a resident voted. Public: ballots are cast from the resident's
    /// registered account. Secret: ballots are cast from one-time addresses holding a blind-signed
    /// token (SecretBallots, the contract with the BALLOT_BOX_ROLE), so no ballot names a resident;
    /// paper ballots are recorded in both. Secret rounds use approval ballots.
    enum BallotSecrecy {
        Public,
        Secret
    }

    /// @notice Review outcome of a proposal.
    enum ProposalStatus {
        None,
        Submitted,
        Feasible,
        Infeasible
    }

    /// @notice Implementation status of a funded project.
    enum ImplementationStatus {
        None,
        Planned,
        InProgress,
        Done
    }

    /// @notice The phase schedule; each phase runs from its start to the next one's start, voting
    /// until `votingEnd`, after which the round is closed until finalized.
    struct Schedule {
        uint40 proposalsStart;
        uint40 supportStart;
        uint40 reviewStart;
        uint40 votingStart;
        uint40 votingEnd;
    }

    /// @notice Everything fixed at creation.
    /// @param districts District ids (> 0, unique).
    /// @param budgets Budget per district, in whole currency units, same order as `districts`.
    /// @param schedule The phase schedule.
    /// @param supportThreshold Supports a feasible proposal needs to go on the ballot.
    /// @param maxProposalsPerProposer Proposals one resident may submit in the round (0 = no limit), so one
    /// account cannot fill a district's ballot slots.
    /// @param ballotType Approval (knapsack within budget) or cumulative points.
    /// @param minProjects Approval: minimum number of projects on a ballot (0 = none).
    /// @param maxProjects Approval: maximum number of projects on a ballot (0 = no maximum).
    /// @param minBudgetShareBps Approval: minimum share of the district budget a ballot must spend, in basis points.
    /// @param maxBudgetShareBps Approval: maximum share of the district budget a ballot may spend, in basis
    /// points: 10000 = within the budget (the knapsack ballot); 0 = no cost limit (plain approval, for
    /// replaying elections that had none).
    /// @param totalPoints Cumulative: points each voter may distribute (at most).
    /// @param maxPointsPerProject Cumulative: points one project may receive from one voter.
    /// @param tallyRule The rule {finalize} applies.
    /// @param tieBreak The published tie-break.
    /// @param objectionWindow EqualSharesAdd1: seconds after a district's result is committed during
    /// which anyone may object to it (> 0); Greedy: 0 (the chain computes the result itself).
    /// @param rulesHash keccak256 of the round's published rules text (title, description).
    /// @param secrecy Public or secret ballots (see {BallotSecrecy}).
    struct Rules {
        uint32[] districts;
        uint64[] budgets;
        Schedule schedule;
        uint32 supportThreshold;
        uint16 maxProposalsPerProposer;
        BallotType ballotType;
        uint16 minProjects;
        uint16 maxProjects;
        uint16 minBudgetShareBps;
        uint16 maxBudgetShareBps;
        uint16 totalPoints;
        uint8 maxPointsPerProject;
        TallyRule tallyRule;
        TieBreak tieBreak;
        uint32 objectionWindow;
        bytes32 rulesHash;
        BallotSecrecy secrecy;
    }

    /// @notice A proposal as returned by {getProposal}.
    struct Proposal {
        uint256 roundId;
        uint32 district;
        address proposer;
        uint64 requestedCost;
        uint64 finalCost;
        uint32 supportCount;
        ProposalStatus status;
        ImplementationStatus implementation;
        bytes32 contentHash;
        bytes32 reasonHash;
    }

    /// @notice A district's state in a round as returned by {getDistrict}.
    /// @param budget The district budget.
    /// @param proposalCount Proposals submitted in the district.
    /// @param ballotLength Positions on the published ballot.
    /// @param ballotPublished Whether the ballot was published.
    /// @param finalized Whether the result was computed.
    /// @dev Online voters are not counted in storage (it would cost every voter a write); count the
    /// ballot events with `replaced == false`.
    /// @param paperBallotCount Paper ballots recorded.
    /// @param selectedCost Total final cost of the selected projects (after finalize).
    /// @param selected Bitmap of selected positions (after finalize).
    struct DistrictView {
        uint64 budget;
        uint16 proposalCount;
        uint16 ballotLength;
        bool ballotPublished;
        bool finalized;
        uint32 paperBallotCount;
        uint64 selectedCost;
        uint256 selected;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A rule given at creation is invalid; `field` names it.
    error RoundInvalidRule(string field, uint256 value);

    /// @notice No round with this id.
    error RoundUnknown(uint256 roundId);

    /// @notice The action needs another phase.
    error RoundWrongPhase(uint256 roundId, Phase phase, Phase expected);

    /// @notice The district is not part of the round.
    error RoundUnknownDistrict(uint256 roundId, uint32 district);

    /// @notice `account` is not a current resident of `district`.
    error RoundNotResident(address account, uint32 district);

    /// @notice No proposal with this id.
    error RoundUnknownProposal(uint256 proposalId);

    /// @notice A proposal's cost is zero, above the district budget or above 2**32 - 1.
    error RoundInvalidCost(uint256 cost, uint256 budget);

    /// @notice The proposal's content hash is zero.
    error RoundEmptyContent();

    /// @notice The district already holds the maximum number of proposals.
    error RoundTooManyProposals(uint256 roundId, uint32 district, uint256 max);

    /// @notice `proposer` already submitted the round's maximum number of proposals per resident.
    error RoundProposerLimitReached(uint256 roundId, address proposer, uint256 max);

    /// @notice `account` already supported this proposal.
    error RoundAlreadySupported(uint256 proposalId, address account);

    /// @notice The household of `account` already supported this proposal on paper, with the vote
    /// code `codeSigner` that later registered `account`.
    error RoundSupportedOnPaper(uint256 proposalId, address codeSigner);

    /// @notice The proposal was already reviewed.
    error RoundAlreadyReviewed(uint256 proposalId);

    /// @notice A proposal that needs a review has none yet, so the ballot cannot be published.
    error RoundUnreviewedProposal(uint256 proposalId);

    /// @notice The district's ballot is already published.
    error RoundBallotAlreadyPublished(uint256 roundId, uint32 district);

    /// @notice The district's ballot is not published yet.
    error RoundBallotNotPublished(uint256 roundId, uint32 district);

    /// @notice The ballot names a position that is not on the district's ballot.
    error BallotUnknownPosition(uint256 position, uint256 ballotLength);

    /// @notice The ballot approves no project / gives no points.
    error BallotEmpty();

    /// @notice The approved projects cost more than a ballot may spend: the district budget, or the
    /// round's maximum share of it.
    error BallotOverBudget(uint256 cost, uint256 limit);

    /// @notice The approved projects cost less than the minimum share of the budget.
    error BallotUnderMinimumSpend(uint256 cost, uint256 minimum);

    /// @notice The ballot approves fewer projects than the minimum.
    error BallotTooFewProjects(uint256 count, uint256 minimum);

    /// @notice The ballot approves more projects than the maximum.
    error BallotTooManyProjects(uint256 count, uint256 maximum);

    /// @notice A cumulative ballot gives more points in total than allowed.
    error BallotTooManyPoints(uint256 points, uint256 maximum);

    /// @notice A cumulative ballot gives one project more points than allowed.
    error BallotTooManyPointsForProject(uint256 position, uint256 points, uint256 maximum);

    /// @notice The ballot's type does not match the round's ballot type.
    error BallotWrongType(uint256 roundId, BallotType ballotType);

    /// @notice The ballot came the other way than the round's secrecy allows: an account's own
    /// ballot in a secret round, or an anonymous ballot in a public one.
    error BallotWrongSecrecy(uint256 roundId, BallotSecrecy secrecy);

    /// @notice The voter already voted in another district of this round.
    error BallotOtherDistrict(address voter, uint32 votedDistrict, uint32 district);

    /// @notice A paper ballot with this serial hash was already recorded.
    error BallotPaperSerialUsed(bytes32 serialHash);

    /// @notice The proposal was not selected, so it has no implementation status.
    error RoundProposalNotFunded(uint256 proposalId);

    /// @notice The result source handed over a district outcome outside the ballot or over the budget.
    error RoundCommittedOutcomeInvalid(uint256 roundId, uint32 district, uint256 selected);

    /// @notice The result source is already set; it can be set once.
    error RoundResultSourceAlreadySet(address resultCommitments);

    // ---------------------------------------------------------------- events

    /// @notice A round was created; its rules are final.
    /// @param roundId Sequential id starting at 1.
    /// @param creator The official who created it.
    /// @param rules The complete rules.
    event RoundCreated(uint256 indexed roundId, address indexed creator, Rules rules);

    /// @notice The round was cancelled in an emergency.
    /// @param roundId The round.
    /// @param by The admin who cancelled it.
    /// @param reasonHash keccak256 of the published reason.
    event RoundCancelled(uint256 indexed roundId, address indexed by, bytes32 reasonHash);

    /// @notice A resident submitted a proposal.
    /// @param proposalId Global sequential id starting at 1.
    /// @param roundId The round.
    /// @param district The district.
    /// @param proposer The resident.
    /// @param cost Requested cost.
    /// @param contentHash keccak256 of the proposal's content (served by the API).
    event ProposalSubmitted(
        uint256 indexed proposalId,
        uint256 indexed roundId,
        uint32 indexed district,
        address proposer,
        uint64 cost,
        bytes32 contentHash
    );

    /// @notice A resident supported a proposal, online or on paper.
    /// @param proposalId The proposal.
    /// @param supporter The resident's account, or for a paper support the address of the household's
    /// vote code (the desk's PaperSupportWithCodeRecorded event in the same transaction says which).
    /// @param supportCount Supports after this one.
    event ProposalSupported(uint256 indexed proposalId, address indexed supporter, uint32 supportCount);

    /// @notice A reviewer decided a proposal's feasibility.
    /// @param proposalId The proposal.
    /// @param reviewer The reviewer.
    /// @param feasible Whether it is feasible.
    /// @param finalCost The cost that counts on the ballot.
    /// @param reasonHash keccak256 of the published reasoning.
    event ProposalReviewed(
        uint256 indexed proposalId,
        address indexed reviewer,
        bool feasible,
        uint64 finalCost,
        bytes32 reasonHash
    );

    /// @notice A district's ballot was published: position i is `proposalIds[i]` costing `costs[i]`.
    /// @param roundId The round.
    /// @param district The district.
    /// @param proposalIds Proposal ids by position.
    /// @param costs Final costs by position.
    event BallotPublished(uint256 indexed roundId, uint32 indexed district, uint256[] proposalIds, uint64[] costs);

    /// @notice An online approval ballot was cast or replaced.
    /// @param roundId The round.
    /// @param voter The resident.
    /// @param district The district.
    /// @param selection Bitmap of approved positions.
    /// @param replaced Whether it replaced an earlier ballot of the same voter.
    event ApprovalBallotCast(
        uint256 indexed roundId,
        address indexed voter,
        uint32 indexed district,
        uint256 selection,
        bool replaced
    );

    /// @notice An online cumulative ballot was cast or replaced.
    /// @param roundId The round.
    /// @param voter The resident.
    /// @param district The district.
    /// @param points Packed points by position.
    /// @param replaced Whether it replaced an earlier ballot of the same voter.
    event CumulativeBallotCast(
        uint256 indexed roundId,
        address indexed voter,
        uint32 indexed district,
        uint256[] points,
        bool replaced
    );

    /// @notice A clerk recorded a paper approval ballot.
    /// @param roundId The round.
    /// @param serialHash keccak256 of the paper ballot's serial number.
    /// @param district The district.
    /// @param selection Bitmap of approved positions.
    /// @param clerk The clerk.
    event PaperApprovalBallotRecorded(
        uint256 indexed roundId,
        bytes32 indexed serialHash,
        uint32 indexed district,
        uint256 selection,
        address clerk
    );

    /// @notice A clerk recorded a paper cumulative ballot.
    /// @param roundId The round.
    /// @param serialHash keccak256 of the paper ballot's serial number.
    /// @param district The district.
    /// @param points Packed points by position.
    /// @param clerk The clerk.
    event PaperCumulativeBallotRecorded(
        uint256 indexed roundId,
        bytes32 indexed serialHash,
        uint32 indexed district,
        uint256[] points,
        address clerk
    );

    /// @notice A district's result was computed.
    /// @param roundId The round.
    /// @param district The district.
    /// @param selected Bitmap of selected positions.
    /// @param selectedCost Their total final cost.
    /// @param tallies Votes (or points) per position.
    event DistrictFinalized(
        uint256 indexed roundId,
        uint32 indexed district,
        uint256 selected,
        uint64 selectedCost,
        uint256[] tallies
    );

    /// @notice Every district of the round is finalized.
    /// @param roundId The round.
    event RoundFinalized(uint256 indexed roundId);

    /// @notice The result source of EqualSharesAdd1 rounds was set (once, before any such round).
    /// @param resultCommitments The IResultCommitments contract.
    event ResultSourceSet(address indexed resultCommitments);

    /// @notice An official reported on the implementation of a funded project.
    /// @param proposalId The project.
    /// @param status The new status.
    /// @param noteHash keccak256 of the published progress note.
    /// @param by The official.
    event ImplementationReported(
        uint256 indexed proposalId,
        ImplementationStatus status,
        bytes32 noteHash,
        address indexed by
    );

    // ---------------------------------------------------------------- functions

    /// @notice Creates a round whose rules can never change.
    /// @dev Requirements: caller has ROUND_MANAGER_ROLE; 1..{MAX_DISTRICTS} unique districts > 0 with
    /// budgets > 0; schedule strictly increasing and starting in the future or now; ballot
    /// constraints consistent; EqualSharesAdd1 only with approval ballots, a result source set and
    /// an objection window > 0, Greedy with objection window 0. Emits a {RoundCreated} event.
    function createRound(Rules calldata rules) external returns (uint256 roundId);

    /// @notice Cancels a round in an emergency; nothing further can happen in it.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; round not finalized or cancelled.
    /// Emits a {RoundCancelled} event.
    function cancelRound(uint256 roundId, bytes32 reasonHash) external;

    /// @notice Submits a proposal in the caller's district.
    /// @dev Requirements: proposals phase; caller a current resident of `district`; cost within
    /// (0, district budget]; content hash set; fewer than {MAX_BALLOT_POSITIONS} proposals in the
    /// district. Emits a {ProposalSubmitted} event.
    function submitProposal(
        uint256 roundId,
        uint32 district,
        uint64 cost,
        bytes32 contentHash
    ) external returns (uint256 proposalId);

    /// @notice Supports a proposal, once per resident.
    /// @dev Requirements: support phase; caller a current resident of the proposal's district; not
    /// supported before, nor on paper with the vote code the caller registered with.
    /// Emits a {ProposalSupported} event.
    function support(uint256 proposalId) external;

    /// @notice Records a household's paper support form, under the address of its vote code; counts
    /// toward the support threshold like an online support.
    /// @dev Requirements: caller has CLERK_ROLE (a PaperBallotDesk, which checked the code); support
    /// phase; this code did not support the proposal before. Emits a {ProposalSupported} event.
    function recordPaperSupport(uint256 proposalId, address codeSigner) external;

    /// @notice Records the review of a proposal.
    /// @dev Requirements: caller has REVIEWER_ROLE; review phase, or voting phase while the
    /// proposal's district ballot is not published yet (so a missed review never keeps a district
    /// from voting); not reviewed yet; when feasible, `finalCost` within (0, district budget].
    /// Emits a {ProposalReviewed} event.
    function review(uint256 proposalId, bool feasible, uint64 finalCost, bytes32 reasonHash) external;

    /// @notice Publishes a district's ballot: its feasible proposals at or over the support
    /// threshold, in ascending id.
    /// @dev Requirements: caller has REVIEWER_ROLE; review phase or voting phase; every proposal at
    /// or over the threshold reviewed; not yet published. Emits a {BallotPublished} event.
    function publishBallot(uint256 roundId, uint32 district) external;

    /// @notice Casts or replaces the caller's approval ballot.
    /// @dev Requirements: voting phase; approval round with public ballots; ballot published; caller a current resident
    /// of `district` who has not voted in another district of the round; `selection` non-empty,
    /// within the ballot, within the budget and the count and minimum-spend constraints.
    /// Emits an {ApprovalBallotCast} event.
    function castApprovalBallot(uint256 roundId, uint32 district, uint256 selection) external;

    /// @notice Casts or replaces the approval ballot of `voter`, a one-time address whose
    /// eligibility the caller (SecretBallots) checked with its blind-signed token.
    /// @dev Requirements: caller has BALLOT_BOX_ROLE; the round is secret; otherwise as
    /// {castApprovalBallot} without the residency check. Emits an {ApprovalBallotCast} event.
    /// @return replaced Whether it replaced an earlier ballot of `voter`.
    function castApprovalBallotFor(
        uint256 roundId,
        uint32 district,
        address voter,
        uint256 selection
    ) external returns (bool replaced);

    /// @notice Casts or replaces the caller's cumulative ballot.
    /// @dev Requirements: as {castApprovalBallot} for a cumulative round; points within the total
    /// and per-project limits. Emits a {CumulativeBallotCast} event.
    function castCumulativeBallot(uint256 roundId, uint32 district, uint256[] calldata points) external;

    /// @notice Records a paper approval ballot, counted exactly like an online one.
    /// @dev Requirements: caller has CLERK_ROLE; voting phase; serial not used; ballot valid as
    /// for {castApprovalBallot}. Emits a {PaperApprovalBallotRecorded} event.
    function recordPaperApprovalBallot(
        uint256 roundId,
        uint32 district,
        bytes32 serialHash,
        uint256 selection
    ) external;

    /// @notice Records a paper cumulative ballot, counted exactly like an online one.
    /// @dev Requirements: caller has CLERK_ROLE; voting phase; serial not used; ballot valid.
    /// Emits a {PaperCumulativeBallotRecorded} event.
    function recordPaperCumulativeBallot(
        uint256 roundId,
        uint32 district,
        bytes32 serialHash,
        uint256[] calldata points
    ) external;

    /// @notice Computes every district's result with the round's tally rule; anyone may call.
    /// Greedy rounds are counted here; EqualSharesAdd1 rounds take the final outcome of
    /// {resultCommitments} (IResultCommitments.finalSelection), which reverts while a district is
    /// uncommitted, its objection window is open or an objection is unresolved.
    /// @dev Requirements: closed phase (voting ended, not finalized, not cancelled); for
    /// EqualSharesAdd1, every district's outcome final. Emits a {DistrictFinalized} event per
    /// district and a {RoundFinalized} event.
    function finalize(uint256 roundId) external;

    /// @notice Sets the result source of EqualSharesAdd1 rounds, once; before it is set no such
    /// round can be created, and it can never change, so a round's result source is fixed before
    /// its first proposal.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; not set yet (setting zero leaves it unset).
    /// Emits a {ResultSourceSet} event.
    function setResultCommitments(address resultCommitments_) external;

    /// @notice The result source of EqualSharesAdd1 rounds (zero until set).
    function resultCommitments() external view returns (address);

    /// @notice Reports on the implementation of a funded project.
    /// @dev Requirements: caller has ROUND_MANAGER_ROLE; round finalized; the proposal was selected.
    /// Emits an {ImplementationReported} event.
    function reportImplementation(uint256 proposalId, ImplementationStatus status, bytes32 noteHash) external;

    /// @notice The round's rules.
    function getRules(uint256 roundId) external view returns (Rules memory);

    /// @notice The round's current phase.
    function phase(uint256 roundId) external view returns (Phase);

    /// @notice A district's state in a round.
    function getDistrict(uint256 roundId, uint32 district) external view returns (DistrictView memory);

    /// @notice The district's ballot: proposal ids and final costs by position.
    function getBallot(
        uint256 roundId,
        uint32 district
    ) external view returns (uint256[] memory proposalIds, uint64[] memory costs);

    /// @notice Votes (or points) per position of the district's ballot, kept incrementally.
    function getTallies(uint256 roundId, uint32 district) external view returns (uint256[] memory);

    /// @notice A proposal.
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice Whether `account` supported `proposalId`.
    function hasSupported(uint256 proposalId, address account) external view returns (bool);

    /// @notice The current approval ballot of `voter` (district 0 if none).
    function approvalBallotOf(
        uint256 roundId,
        address voter
    ) external view returns (uint32 district, uint256 selection);

    /// @notice The current cumulative ballot of `voter` (district 0 if none).
    function cumulativeBallotOf(
        uint256 roundId,
        address voter
    ) external view returns (uint32 district, uint256[] memory points);

    /// @notice A paper approval ballot by serial hash (district 0 if none).
    function paperApprovalBallot(
        uint256 roundId,
        bytes32 serialHash
    ) external view returns (uint32 district, uint256 selection);

    /// @notice A paper cumulative ballot by serial hash (district 0 if none).
    function paperCumulativeBallot(
        uint256 roundId,
        bytes32 serialHash
    ) external view returns (uint32 district, uint256[] memory points);

    /// @notice Proposal ids selected in a district, in ascending id (after finalize).
    function getSelected(uint256 roundId, uint32 district) external view returns (uint256[] memory);

    /// @notice Number of rounds created.
    function roundCount() external view returns (uint256);

    /// @notice Number of proposals submitted over all rounds.
    function proposalCount() external view returns (uint256);
}
