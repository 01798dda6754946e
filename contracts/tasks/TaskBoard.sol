// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

import {IResidentRegistry} from "../registry/IResidentRegistry.sol";
import {CalendarYear} from "../utils/CalendarYear.sol";
import {ITaskBoard} from "./ITaskBoard.sol";

/// @title TaskBoard
/// @notice Escrowed neighbourhood tasks with claims, evidence, approval and a yearly earning cap.
/// @dev Storage is packed so the resident's hot path (claim, submit, approve) touches few slots.
contract TaskBoard is ITaskBoard, AccessControl, ERC2771Context {
    using SafeERC20 for IERC20;

    bytes32 public constant TASK_POSTER_ROLE = keccak256("TASK_POSTER_ROLE");

    struct TaskRecord {
        // slot 0: read when claiming and cancelling
        address creator;
        uint40 deadline;
        uint32 claimWindow;
        bool cancelled;
        // slot 1: read when claiming and deciding
        address verifier;
        uint64 reward;
        uint32 district;
        // slot 2: the slot counters, written by every state change
        uint16 slots;
        uint16 active;
        uint16 completed;
        uint16 refunded;
        // slot 3
        bytes32 contentHash;
    }

    IERC20 private immutable _coin;
    IResidentRegistry private immutable _registry;

    mapping(uint256 taskId => TaskRecord task) private _tasks;
    mapping(uint256 taskId => mapping(address resident => Claim claim)) private _claims;
    uint256 private _taskCount;
    uint256 private _yearlyCap;

    /// @param coin_ The LocalCoin rewards are paid in.
    /// @param registry_ The ResidentRegistry deciding who may claim.
    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    /// @param yearlyCap_ Initial yearly earning cap per resident in cents (150000 = 1,500 coins).
    constructor(
        address coin_,
        address registry_,
        address admin,
        address trustedForwarder,
        uint256 yearlyCap_
    ) ERC2771Context(trustedForwarder) {
        if (coin_ == address(0)) revert TaskInvalidParam("coin", 0);
        if (registry_ == address(0)) revert TaskInvalidParam("registry", 0);
        if (admin == address(0)) revert TaskInvalidParam("admin", 0);
        if (yearlyCap_ == 0) revert TaskInvalidParam("yearlyCap", 0);
        _coin = IERC20(coin_);
        _registry = IResidentRegistry(registry_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _yearlyCap = yearlyCap_;
        emit YearlyCapChanged(0, yearlyCap_);
    }

    // ---------------------------------------------------------------- officials

    /// @inheritdoc ITaskBoard
    function createTask(TaskParams calldata params) external onlyRole(TASK_POSTER_ROLE) returns (uint256 taskId) {
        return _createTask(params, _msgSender());
    }

    /// @inheritdoc ITaskBoard
    function createTaskWithPermit(
        TaskParams calldata params,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external onlyRole(TASK_POSTER_ROLE) returns (uint256 taskId) {
        address creator = _msgSender();
        // A permit already used by a front-runner leaves the allowance in place; the transfer below
        // is the real check, so a failing permit call is not fatal on its own.
        try
            IERC20Permit(address(_coin)).permit(
                creator,
                address(this),
                uint256(params.reward) * params.slots,
                permitDeadline,
                v,
                r,
                s
            )
        {} catch {}
        return _createTask(params, creator);
    }

    /// @inheritdoc ITaskBoard
    function cancel(uint256 taskId) external {
        TaskRecord storage task = _existingTask(taskId);
        address account = _msgSender();
        if (account != task.creator && !hasRole(DEFAULT_ADMIN_ROLE, account)) revert TaskNotCreator(taskId, account);
        if (task.cancelled) revert TaskCancelled(taskId);
        task.cancelled = true;
        uint16 open = _openSlots(task);
        task.refunded += open;
        emit TaskCancelledBy(taskId, account);
        _refund(taskId, task, open);
    }

    /// @inheritdoc ITaskBoard
    function setYearlyCap(uint256 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == 0) revert TaskInvalidParam("yearlyCap", 0);
        uint256 oldCap = _yearlyCap;
        _yearlyCap = newCap;
        emit YearlyCapChanged(oldCap, newCap);
    }

    // ---------------------------------------------------------------- residents

    /// @inheritdoc ITaskBoard
    function claim(uint256 taskId) external {
        TaskRecord storage task = _existingTask(taskId);
        if (task.cancelled) revert TaskCancelled(taskId);
        if (block.timestamp > task.deadline) revert TaskClaimsClosed(taskId, task.deadline);
        address resident = _msgSender();
        uint32 district = task.district;
        if (!_registry.isResident(resident, district)) revert TaskNotResident(resident, district);
        if (resident == task.verifier) revert TaskVerifierCannotClaim(taskId, resident);
        Claim storage slot = _claims[taskId][resident];
        if (slot.status != ClaimStatus.None) revert TaskAlreadyClaimed(taskId, resident, slot.status);
        if (_openSlots(task) == 0) revert TaskNoOpenSlot(taskId);

        // deadline and claim window are uint40/uint32 and block time is far below 2**40 - 2**32.
        uint40 expiresAt = uint40(block.timestamp) + task.claimWindow;
        slot.status = ClaimStatus.Claimed;
        slot.claimedAt = uint40(block.timestamp);
        slot.expiresAt = expiresAt;
        task.active += 1;
        emit TaskClaimed(taskId, resident, expiresAt);
    }

    /// @inheritdoc ITaskBoard
    function submitEvidence(uint256 taskId, bytes32 evidenceHash) external {
        if (evidenceHash == bytes32(0)) revert TaskEmptyEvidence();
        address resident = _msgSender();
        Claim storage slot = _claims[taskId][resident];
        _requireStatus(taskId, resident, slot, ClaimStatus.Claimed);
        if (block.timestamp > slot.expiresAt) revert TaskClaimExpired(taskId, resident, slot.expiresAt);
        slot.status = ClaimStatus.Submitted;
        slot.evidenceHash = evidenceHash;
        emit EvidenceSubmitted(taskId, resident, evidenceHash);
    }

    // ---------------------------------------------------------------- verifiers and anyone

    /// @inheritdoc ITaskBoard
    function approve(uint256 taskId, address resident) external {
        TaskRecord storage task = _verifiedTask(taskId);
        Claim storage slot = _claims[taskId][resident];
        _requireStatus(taskId, resident, slot, ClaimStatus.Submitted);

        uint64 reward = task.reward;
        uint256 cap = _yearlyCap;
        (bool recorded, uint256 year, uint256 earned) = _registry.recordEarnings(resident, reward, cap);
        if (!recorded) revert TaskYearlyCapExceeded(resident, year, earned, reward, cap);

        slot.status = ClaimStatus.Approved;
        unchecked {
            // active >= 1 because this claim was Submitted; completed + active <= slots <= 2**16 - 1.
            task.active -= 1;
            task.completed += 1;
        }
        // year < 2**16 for any timestamp before the year 65536.
        emit ClaimApproved(taskId, resident, reward, uint16(year));
        _coin.safeTransfer(resident, reward);
    }

    /// @inheritdoc ITaskBoard
    function reject(uint256 taskId, address resident, string calldata reason) external {
        TaskRecord storage task = _verifiedTask(taskId);
        if (bytes(reason).length == 0) revert TaskEmptyReason();
        Claim storage slot = _claims[taskId][resident];
        _requireStatus(taskId, resident, slot, ClaimStatus.Submitted);
        slot.status = ClaimStatus.Rejected;
        emit ClaimRejected(taskId, resident, reason);
        _endUnpaid(taskId, task);
    }

    /// @inheritdoc ITaskBoard
    function releaseExpiredClaim(uint256 taskId, address resident) external {
        TaskRecord storage task = _existingTask(taskId);
        Claim storage slot = _claims[taskId][resident];
        _requireStatus(taskId, resident, slot, ClaimStatus.Claimed);
        if (block.timestamp <= slot.expiresAt) revert TaskClaimNotExpired(taskId, resident, slot.expiresAt);
        slot.status = ClaimStatus.Released;
        emit ClaimReleased(taskId, resident, _msgSender());
        _endUnpaid(taskId, task);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITaskBoard
    function getTask(uint256 taskId) external view returns (TaskView memory) {
        TaskRecord storage task = _existingTask(taskId);
        return
            TaskView({
                creator: task.creator,
                verifier: task.verifier,
                reward: task.reward,
                district: task.district,
                deadline: task.deadline,
                claimWindow: task.claimWindow,
                cancelled: task.cancelled,
                slots: task.slots,
                activeClaims: task.active,
                completed: task.completed,
                refunded: task.refunded,
                openSlots: task.cancelled ? 0 : _openSlots(task),
                escrow: uint256(task.reward) * (task.slots - task.completed - task.refunded),
                contentHash: task.contentHash
            });
    }

    /// @inheritdoc ITaskBoard
    function getClaim(uint256 taskId, address resident) external view returns (Claim memory) {
        return _claims[taskId][resident];
    }

    /// @inheritdoc ITaskBoard
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @inheritdoc ITaskBoard
    function earnedIn(address resident, uint256 year) external view returns (uint256) {
        return _registry.earnedIn(resident, year);
    }

    /// @inheritdoc ITaskBoard
    function currentYear() external view returns (uint256) {
        return CalendarYear.dutchYearOf(block.timestamp);
    }

    /// @inheritdoc ITaskBoard
    function yearlyCap() external view returns (uint256) {
        return _yearlyCap;
    }

    /// @inheritdoc ITaskBoard
    function coin() external view returns (address) {
        return address(_coin);
    }

    /// @inheritdoc ITaskBoard
    function registry() external view returns (address) {
        return address(_registry);
    }

    // ---------------------------------------------------------------- internals

    function _createTask(TaskParams calldata p, address creator) private returns (uint256 taskId) {
        if (p.reward == 0) revert TaskInvalidParam("reward", 0);
        if (p.slots == 0) revert TaskInvalidParam("slots", 0);
        if (p.district == 0) revert TaskInvalidParam("district", 0);
        if (p.deadline <= block.timestamp) revert TaskInvalidParam("deadline", p.deadline);
        if (p.claimWindow == 0) revert TaskInvalidParam("claimWindow", 0);
        if (p.verifier == address(0)) revert TaskInvalidParam("verifier", 0);
        if (p.contentHash == bytes32(0)) revert TaskInvalidParam("contentHash", 0);

        taskId = ++_taskCount;
        _tasks[taskId] = TaskRecord({
            creator: creator,
            deadline: p.deadline,
            claimWindow: p.claimWindow,
            cancelled: false,
            verifier: p.verifier,
            reward: p.reward,
            district: p.district,
            slots: p.slots,
            active: 0,
            completed: 0,
            refunded: 0,
            contentHash: p.contentHash
        });
        emit TaskCreated(
            taskId,
            creator,
            p.district,
            p.verifier,
            p.reward,
            p.slots,
            p.deadline,
            p.claimWindow,
            p.contentHash
        );
        _coin.safeTransferFrom(creator, address(this), uint256(p.reward) * p.slots);
    }

    /// @dev A claim ended without payment: the slot reopens, or on a cancelled task its escrow is refunded.
    function _endUnpaid(uint256 taskId, TaskRecord storage task) private {
        unchecked {
            // active >= 1 because the ending claim was Claimed or Submitted.
            task.active -= 1;
        }
        if (task.cancelled) {
            task.refunded += 1;
            _refund(taskId, task, 1);
        }
    }

    function _refund(uint256 taskId, TaskRecord storage task, uint16 slotCount) private {
        if (slotCount == 0) return;
        uint256 amount = uint256(task.reward) * slotCount;
        address creator = task.creator;
        emit EscrowRefunded(taskId, creator, amount);
        _coin.safeTransfer(creator, amount);
    }

    function _existingTask(uint256 taskId) private view returns (TaskRecord storage task) {
        task = _tasks[taskId];
        if (task.creator == address(0)) revert TaskUnknown(taskId);
    }

    function _verifiedTask(uint256 taskId) private view returns (TaskRecord storage task) {
        task = _tasks[taskId];
        address verifier = task.verifier;
        if (verifier == address(0)) revert TaskUnknown(taskId);
        if (_msgSender() != verifier) revert TaskNotVerifier(taskId, _msgSender());
    }

    function _openSlots(TaskRecord storage task) private view returns (uint16) {
        return task.slots - task.active - task.completed - task.refunded;
    }

    function _requireStatus(uint256 taskId, address resident, Claim storage slot, ClaimStatus expected) private view {
        ClaimStatus status = slot.status;
        if (status != expected) revert TaskWrongClaimStatus(taskId, resident, status, expected);
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
