// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

import {IBudgetRound} from "./IBudgetRound.sol";
import {IResultCommitments} from "./IResultCommitments.sol";

/// @title ResultCommitments
/// @notice Committed, contestable outcomes of BudgetRound rounds counted off chain (the Method of
/// Equal Shares with Add1). See {IResultCommitments} for the procedure.
/// @dev Why the objection window is a round rule (IBudgetRound.Rules.objectionWindow) and not a
/// setting of this contract: a round's rules are fixed at its creation and published in its
/// RoundCreated event, so every voter can read how long they will have to object before they vote,
/// and no later decision (not even a new deployment of this contract) can shorten it for a round
/// under way. One window per deployment would be as fixed, but a municipality running a small
/// district poll and a city-wide budget wants different windows. The window starts at the
/// commitment rather than at the end of voting, so a late commitment never eats into it.
/// Objections are meta-transactions through the trusted forwarder, so residents need no gas.
contract ResultCommitments is IResultCommitments, AccessControl, ERC2771Context {
    /// @notice May commit outcomes (the municipality's backend key).
    bytes32 public constant COMMITTER_ROLE = keccak256("COMMITTER_ROLE");

    /// @notice Longest library version accepted, in bytes.
    uint256 public constant MAX_LIBRARY_VERSION_LENGTH = 64;

    struct Record {
        // slot 0
        uint64 selectedCost;
        uint64 fromBlock;
        uint64 toBlock;
        uint16 recounts;
        uint32 openObjections;
        bool committed;
        // slot 1
        uint40 committedAt;
        uint40 windowEnd;
        // slots 2..5
        uint256 selected;
        bytes32 toBlockHash;
        uint256 lastObjectionId;
        string libraryVersion;
    }

    IBudgetRound private immutable _rounds;

    uint256 private _objectionCount;
    mapping(uint256 roundId => mapping(uint32 district => Record record)) private _records;

    /// @param budgetRound_ The BudgetRound whose rounds this commits.
    /// @param admin Receives DEFAULT_ADMIN_ROLE (resolves objections, grants COMMITTER_ROLE).
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    constructor(address budgetRound_, address admin, address trustedForwarder) ERC2771Context(trustedForwarder) {
        if (budgetRound_ == address(0)) revert ResultZeroAddress("budgetRound");
        if (admin == address(0)) revert ResultZeroAddress("admin");
        _rounds = IBudgetRound(budgetRound_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- committer

    /// @inheritdoc IResultCommitments
    function commitResult(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        Count calldata count
    ) external onlyRole(COMMITTER_ROLE) {
        uint32 window = _closedRound(roundId).objectionWindow;
        Record storage record = _records[roundId][district];
        if (record.committed) revert ResultAlreadyCommitted(roundId, district);
        record.committed = true;
        // block.timestamp < 2**40 for tens of thousands of years; plus a uint32 window it still fits.
        record.committedAt = uint40(block.timestamp);
        record.windowEnd = uint40(block.timestamp + window);
        uint64 cost = _commit(record, roundId, district, proposalIds, count);
        emit ResultCommitted(roundId, district, _msgSender(), proposalIds, cost, count, record.windowEnd, false);
    }

    // ---------------------------------------------------------------- anyone

    /// @inheritdoc IResultCommitments
    function lodgeObjection(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        bytes32 reasonHash
    ) external returns (uint256 objectionId) {
        _closedRound(roundId);
        Record storage record = _committed(roundId, district);
        if (block.timestamp >= record.windowEnd) {
            revert ResultObjectionWindowClosed(roundId, district, record.windowEnd);
        }
        (uint256 selected, ) = _outcome(roundId, district, proposalIds);
        if (selected == record.selected) revert ResultObjectionSameOutcome(roundId, district);
        objectionId = ++_objectionCount;
        // One objection per transaction: the count cannot reach 2**32 before the window closes.
        unchecked {
            ++record.openObjections;
        }
        record.lastObjectionId = objectionId;
        emit ObjectionLodged(objectionId, roundId, district, _msgSender(), proposalIds, reasonHash);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IResultCommitments
    function upholdCommitment(
        uint256 roundId,
        uint32 district,
        bytes32 reasonHash
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Record storage record = _resolve(roundId, district);
        emit ObjectionsResolved(roundId, district, _msgSender(), true, record.lastObjectionId, reasonHash);
    }

    /// @inheritdoc IResultCommitments
    function replaceCommitment(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        Count calldata count,
        bytes32 reasonHash
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Record storage record = _resolve(roundId, district);
        // Recounts are admin transactions, one at a time: far below 2**16.
        unchecked {
            ++record.recounts;
        }
        emit ObjectionsResolved(roundId, district, _msgSender(), false, record.lastObjectionId, reasonHash);
        uint64 cost = _commit(record, roundId, district, proposalIds, count);
        emit ResultCommitted(roundId, district, _msgSender(), proposalIds, cost, count, record.windowEnd, true);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IResultCommitments
    function finalSelection(uint256 roundId, uint32 district) external view returns (uint256 selected) {
        Record storage record = _committed(roundId, district);
        if (block.timestamp < record.windowEnd) revert ResultObjectionWindowOpen(roundId, district, record.windowEnd);
        if (record.openObjections != 0) revert ResultObjectionsOpen(roundId, district, record.openObjections);
        return record.selected;
    }

    /// @inheritdoc IResultCommitments
    function getCommitment(uint256 roundId, uint32 district) external view returns (Commitment memory) {
        Record storage r = _records[roundId][district];
        return
            Commitment({
                committed: r.committed,
                selected: r.selected,
                selectedCost: r.selectedCost,
                fromBlock: r.fromBlock,
                toBlock: r.toBlock,
                toBlockHash: r.toBlockHash,
                libraryVersion: r.libraryVersion,
                committedAt: r.committedAt,
                windowEnd: r.windowEnd,
                recounts: r.recounts,
                openObjections: r.openObjections,
                lastObjectionId: r.lastObjectionId
            });
    }

    /// @inheritdoc IResultCommitments
    function objectionCount() external view returns (uint256) {
        return _objectionCount;
    }

    /// @inheritdoc IResultCommitments
    function budgetRound() external view returns (address) {
        return address(_rounds);
    }

    // ---------------------------------------------------------------- internals

    function _commit(
        Record storage record,
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds,
        Count calldata count
    ) private returns (uint64 cost) {
        _checkCount(count);
        uint256 selected;
        (selected, cost) = _outcome(roundId, district, proposalIds);
        record.selected = selected;
        record.selectedCost = cost;
        record.fromBlock = count.fromBlock;
        record.toBlock = count.toBlock;
        record.toBlockHash = count.toBlockHash;
        record.libraryVersion = count.libraryVersion;
    }

    function _checkCount(Count calldata count) private view {
        uint64 toBlock = count.toBlock;
        if (count.fromBlock > toBlock || toBlock >= block.number)
            revert ResultInvalidBlockRange(count.fromBlock, toBlock);
        // The chain knows the last 256 hashes; an older one the auditor checks against the chain.
        bytes32 actual = blockhash(toBlock);
        if (count.toBlockHash == 0 || (actual != 0 && actual != count.toBlockHash)) {
            revert ResultBlockHashMismatch(toBlock, count.toBlockHash, actual);
        }
        uint256 versionLength = bytes(count.libraryVersion).length;
        if (versionLength == 0 || versionLength > MAX_LIBRARY_VERSION_LENGTH) {
            revert ResultInvalidLibraryVersion(versionLength);
        }
    }

    function _resolve(uint256 roundId, uint32 district) private returns (Record storage record) {
        _closedRound(roundId);
        record = _committed(roundId, district);
        if (record.openObjections == 0) revert ResultNoOpenObjection(roundId, district);
        record.openObjections = 0;
    }

    /// @dev The outcome as a bitmap over ballot positions and its cost. Ballot positions hold
    /// ascending proposal ids, so ascending `proposalIds` are matched in one pass.
    function _outcome(
        uint256 roundId,
        uint32 district,
        uint256[] calldata proposalIds
    ) private view returns (uint256 selected, uint64 cost) {
        uint64 budget = _rounds.getDistrict(roundId, district).budget;
        (uint256[] memory positions, uint64[] memory costs) = _rounds.getBallot(roundId, district);
        uint256 position;
        uint256 total;
        for (uint256 i = 0; i < proposalIds.length; ++i) {
            uint256 id = proposalIds[i];
            while (position < positions.length && positions[position] < id) ++position;
            if (position == positions.length || positions[position] != id) revert ResultUnknownProposal(id);
            selected |= uint256(1) << position;
            total += costs[position];
            ++position;
        }
        if (total > budget) revert ResultOverBudget(total, budget);
        // total <= budget, a uint64.
        cost = uint64(total);
    }

    function _closedRound(uint256 roundId) private view returns (IBudgetRound.Rules memory rules) {
        rules = _rounds.getRules(roundId);
        if (rules.tallyRule == IBudgetRound.TallyRule.Greedy) revert ResultRuleOnChain(roundId);
        IBudgetRound.Phase current = _rounds.phase(roundId);
        if (current != IBudgetRound.Phase.Closed) revert ResultWrongPhase(roundId, current);
    }

    function _committed(uint256 roundId, uint32 district) private view returns (Record storage record) {
        record = _records[roundId][district];
        if (!record.committed) revert ResultNotCommitted(roundId, district);
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
