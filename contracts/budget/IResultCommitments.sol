// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IBudgetRound} from "./IBudgetRound.sol";

/// @title IResultCommitments
/// @notice Binding, contestable results for rounds whose tally rule the chain cannot compute
/// affordably (IBudgetRound.TallyRule.EqualSharesAdd1). After voting closes, the municipality's
/// committer computes each district's outcome with the published tally library from the ballot
/// logs and commits it here, naming the blocks it counted, the hash of the last one and the
/// library version, so anyone can recount exactly the same logs and compare. From the commitment
/// the round's objection window runs (IBudgetRound.Rules.objectionWindow, fixed at the round's
/// creation, so it is public before anyone votes): during it any account may object by naming
/// the outcome it computed. An objection freezes the district until the admin resolves it,
/// upholding the commitment or replacing it with a recount. Once every district's window has
/// passed with no objection open, {finalSelection} hands each outcome to IBudgetRound.finalize.
/// @dev Outcomes are given as proposal ids in ascending order (the order of ballot positions) and
/// stored as a bitmap over ballot positions, as IBudgetRound keeps selections. The window is
/// half-open: objections while `block.timestamp < windowEnd`, final from `windowEnd` on.
interface IResultCommitments {
    // ---------------------------------------------------------------- types

    /// @notice A district's commitment as returned by {getCommitment}.
    /// @param committed Whether a result was committed.
    /// @param selected Bitmap of selected ballot positions.
    /// @param selectedCost Total final cost of the selected projects.
    /// @param fromBlock First block whose logs were counted.
    /// @param toBlock Last block whose logs were counted.
    /// @param toBlockHash Hash of `toBlock`.
    /// @param libraryVersion The tally library version that computed it (e.g. "buurtkas-tally/2").
    /// @param committedAt When the first commitment was made (a recount keeps it).
    /// @param windowEnd End of the objection window: `committedAt` + the round's objection window.
    /// @param recounts How many times the admin replaced the commitment.
    /// @param openObjections Objections lodged and not yet resolved.
    /// @param lastObjectionId Id of the last objection lodged against this district (0 = none).
    struct Commitment {
        bool committed;
        uint256 selected;
        uint64 selectedCost;
        uint64 fromBlock;
        uint64 toBlock;
        bytes32 toBlockHash;
        string libraryVersion;
        uint40 committedAt;
        uint40 windowEnd;
        uint16 recounts;
        uint32 openObjections;
        uint256 lastObjectionId;
    }

    /// @notice What a commitment counted: the ballot logs of blocks `fromBlock..toBlock` (inclusive),
    /// the last one's hash (so a reorganization shows), and the tally library's version.
    /// @param fromBlock First block whose logs were counted.
    /// @param toBlock Last block whose logs were counted (at or after the end of voting).
    /// @param toBlockHash Hash of `toBlock`.
    /// @param libraryVersion The tally library version (1..64 bytes, e.g. "buurtkas-tally/2").
    struct Count {
        uint64 fromBlock;
        uint64 toBlock;
        bytes32 toBlockHash;
        string libraryVersion;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A constructor address is zero; `field` names it.
    error ResultZeroAddress(string field);

    /// @notice The round's tally rule is computed on chain, so it takes no commitment.
    error ResultRuleOnChain(uint256 roundId);

    /// @notice The round is not in the phase the action needs (IBudgetRound.Phase).
    error ResultWrongPhase(uint256 roundId, IBudgetRound.Phase current);

    /// @notice The district already has a commitment; only the admin can replace it, on objection.
    error ResultAlreadyCommitted(uint256 roundId, uint32 district);

    /// @notice The district has no commitment yet.
    error ResultNotCommitted(uint256 roundId, uint32 district);

    /// @notice The counted blocks are not a range that ended before this block.
    error ResultInvalidBlockRange(uint64 fromBlock, uint64 toBlock);

    /// @notice `toBlockHash` is not the hash of `toBlock` on this chain.
    error ResultBlockHashMismatch(uint64 toBlock, bytes32 given, bytes32 actual);

    /// @notice The library version is empty or longer than 64 bytes.
    error ResultInvalidLibraryVersion(uint256 length);

    /// @notice An outcome names a proposal that is not on the district's ballot, or not in ascending order.
    error ResultUnknownProposal(uint256 proposalId);

    /// @notice An outcome's projects cost more than the district budget.
    error ResultOverBudget(uint256 cost, uint256 budget);

    /// @notice The objection window ended at `windowEnd`.
    error ResultObjectionWindowClosed(uint256 roundId, uint32 district, uint256 windowEnd);

    /// @notice An objection names the committed outcome itself.
    error ResultObjectionSameOutcome(uint256 roundId, uint32 district);

    /// @notice Nothing to resolve: the district has no open objection.
    error ResultNoOpenObjection(uint256 roundId, uint32 district);

    /// @notice The outcome is not final yet: the objection window runs until `windowEnd`.
    error ResultObjectionWindowOpen(uint256 roundId, uint32 district, uint256 windowEnd);

    /// @notice The outcome is not final yet: objections are open.
    error ResultObjectionsOpen(uint256 roundId, uint32 district, uint256 openObjections);

    // ---------------------------------------------------------------- events

    /// @notice A district's outcome was committed, first by the committer or as the admin's recount.
    /// @param roundId The round.
    /// @param district The district.
    /// @param by The committer (or the admin, for a recount).
    /// @param proposalIds Selected proposal ids, ascending.
    /// @param selectedCost Their total final cost.
    /// @param count The blocks counted, the last one's hash and the tally library version.
    /// @param windowEnd End of the objection window.
    /// @param recount Whether this replaces an earlier commitment after an objection.
    event ResultCommitted(
        uint256 indexed roundId,
        uint32 indexed district,
        address indexed by,
        uint256[] proposalIds,
        uint64 selectedCost,
        Count count,
        uint40 windowEnd,
        bool recount
    );

    /// @notice An account objected to a district's commitment, naming the outcome it computed.
    /// @param objectionId Global sequential id starting at 1.
    /// @param roundId The round.
    /// @param district The district.
    /// @param objector The account.
    /// @param proposalIds The outcome it names, ascending.
    /// @param reasonHash keccak256 of its published reasoning (zero if none).
    event ObjectionLodged(
        uint256 indexed objectionId,
        uint256 indexed roundId,
        uint32 indexed district,
        address objector,
        uint256[] proposalIds,
        bytes32 reasonHash
    );

    /// @notice The admin resolved every open objection of a district up to `lastObjectionId`.
    /// @param roundId The round.
    /// @param district The district.
    /// @param by The admin.
    /// @param upheld True: the commitment stands; false: it was replaced by a recount (a
    /// {ResultCommitted} event with `recount` set follows).
    /// @param lastObjectionId The last objection this resolves; all open ones up to it are resolved.
    /// @param reasonHash keccak256 of the published decision.
    event ObjectionsResolved(
        uint256 indexed roundId,
        uint32 indexed district,
        address indexed by,
        bool upheld,
        uint256 lastObjectionId,
        bytes32 reasonHash
    );

    // ---------------------------------------------------------------- functions

    /// @notice Commits a district's outcome computed off chain from the ballot logs.
    /// @dev Requirements: caller has COMMITTER_ROLE; the round's rule is not computed on chain;
    /// closed phase; no commitment yet; in `count`, `fromBlock <= toBlock < block.number`,
    /// `toBlockHash` the hash of `toBlock` (checked while the chain still knows it, 256 blocks), a
    /// library version of 1..64 bytes; proposal ids ascending, on the district's ballot, within the budget.
    /// Emits a {ResultCommitted} event.
    function commitResult(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        Count calldata count
    ) external;

    /// @notice Objects to a district's commitment, naming the outcome the caller computed.
    /// @dev Requirements: a commitment; closed phase; `block.timestamp < windowEnd`; an outcome
    /// valid as for {commitResult} and different from the commitment. Emits an {ObjectionLodged} event.
    function lodgeObjection(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        bytes32 reasonHash
    ) external returns (uint256 objectionId);

    /// @notice Resolves every open objection of a district: the commitment stands.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; closed phase; an open objection.
    /// Emits an {ObjectionsResolved} event.
    function upholdCommitment(uint256 roundId, uint32 district, bytes32 reasonHash) external;

    /// @notice Resolves every open objection of a district by replacing its commitment with a
    /// recount; the objection window is not restarted.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; closed phase; an open objection; the
    /// recount valid as for {commitResult}. Emits an {ObjectionsResolved} and a {ResultCommitted} event.
    function replaceCommitment(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        Count calldata count,
        bytes32 reasonHash
    ) external;

    /// @notice A district's final outcome, a bitmap over ballot positions, as IBudgetRound.finalize
    /// takes it.
    /// @dev Reverts unless the district is committed, past its objection window and free of open
    /// objections.
    function finalSelection(uint256 roundId, uint32 district) external view returns (uint256 selected);

    /// @notice A district's commitment (all zero if none).
    function getCommitment(uint256 roundId, uint32 district) external view returns (Commitment memory);

    /// @notice Number of objections lodged over all rounds.
    function objectionCount() external view returns (uint256);

    /// @notice The BudgetRound contract whose rounds this commits.
    function budgetRound() external view returns (address);
}
