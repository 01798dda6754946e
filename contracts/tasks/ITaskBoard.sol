// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title ITaskBoard
/// @notice Neighbourhood tasks paid in local coins. An official posts a task with its reward
/// escrowed; a registered resident of the task's district claims a slot, does the work and submits
/// evidence (a content hash); the task's verifier approves (the reward is paid) or rejects with a
/// reason (the slot reopens). Expired claims can be released by anyone; cancelling refunds the
/// escrow of unused slots. Earnings per resident per Dutch calendar year are capped on chain.
interface ITaskBoard {
    // ---------------------------------------------------------------- types

    /// @notice Lifecycle of one resident's claim on a task.
    enum ClaimStatus {
        None,
        Claimed,
        Submitted,
        Approved,
        Rejected,
        Released
    }

    /// @notice What an official fills in to post a task.
    /// @param reward Coins (cents) paid per approved slot.
    /// @param slots How many residents can each do the task once.
    /// @param district District whose residents may claim it.
    /// @param deadline Last moment (inclusive) a slot can be claimed.
    /// @param claimWindow Seconds a claimant has to submit evidence.
    /// @param verifier Who approves or rejects the work.
    /// @param contentHash keccak256 of the task's description (served by the API).
    struct TaskParams {
        uint64 reward;
        uint16 slots;
        uint32 district;
        uint40 deadline;
        uint32 claimWindow;
        address verifier;
        bytes32 contentHash;
    }

    /// @notice A task as returned by {getTask}.
    /// @param creator Who posted and funded it.
    /// @param verifier Who approves or rejects.
    /// @param reward Coins per approved slot.
    /// @param district District whose residents may claim.
    /// @param deadline Last moment to claim.
    /// @param claimWindow Seconds to submit after claiming.
    /// @param cancelled Whether it was cancelled.
    /// @param slots Total slots.
    /// @param activeClaims Slots claimed or submitted, not yet decided.
    /// @param completed Slots approved and paid.
    /// @param refunded Slots whose escrow went back to the creator.
    /// @param openSlots Slots that can be claimed now (0 when cancelled).
    /// @param escrow Coins still held for this task.
    /// @param contentHash keccak256 of the description.
    struct TaskView {
        address creator;
        address verifier;
        uint64 reward;
        uint32 district;
        uint40 deadline;
        uint32 claimWindow;
        bool cancelled;
        uint16 slots;
        uint16 activeClaims;
        uint16 completed;
        uint16 refunded;
        uint16 openSlots;
        uint256 escrow;
        bytes32 contentHash;
    }

    /// @notice One resident's claim on a task.
    /// @param status Where the claim stands.
    /// @param claimedAt When it was claimed.
    /// @param expiresAt Until when evidence can be submitted.
    /// @param evidenceHash keccak256 of the submitted evidence (0 before submission).
    struct Claim {
        ClaimStatus status;
        uint40 claimedAt;
        uint40 expiresAt;
        bytes32 evidenceHash;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A task field is out of range; `field` names it (e.g. "reward", "deadline").
    error TaskInvalidParam(string field, uint256 value);

    /// @notice No task with this id.
    error TaskUnknown(uint256 taskId);

    /// @notice The task was cancelled.
    error TaskCancelled(uint256 taskId);

    /// @notice The task's claim deadline has passed.
    error TaskClaimsClosed(uint256 taskId, uint256 deadline);

    /// @notice Every slot of the task is taken.
    error TaskNoOpenSlot(uint256 taskId);

    /// @notice `account` is not a current resident of the task's district.
    error TaskNotResident(address account, uint32 district);

    /// @notice The task's verifier cannot claim it: nobody approves their own work.
    error TaskVerifierCannotClaim(uint256 taskId, address verifier);

    /// @notice `resident` already holds or held a claim on this task (one slot per resident).
    error TaskAlreadyClaimed(uint256 taskId, address resident, ClaimStatus status);

    /// @notice The claim is not in the status this action needs.
    error TaskWrongClaimStatus(uint256 taskId, address resident, ClaimStatus status, ClaimStatus expected);

    /// @notice The claim's window to submit evidence ended.
    error TaskClaimExpired(uint256 taskId, address resident, uint256 expiresAt);

    /// @notice The claim's window has not ended yet, so it cannot be released.
    error TaskClaimNotExpired(uint256 taskId, address resident, uint256 expiresAt);

    /// @notice Evidence must be a non-zero hash.
    error TaskEmptyEvidence();

    /// @notice A rejection needs a reason.
    error TaskEmptyReason();

    /// @notice Only the task's verifier may approve or reject.
    error TaskNotVerifier(uint256 taskId, address account);

    /// @notice Only the task's creator or an admin may cancel it.
    error TaskNotCreator(uint256 taskId, address account);

    /// @notice Paying `reward` would take `resident` above the yearly cap.
    error TaskYearlyCapExceeded(address resident, uint256 year, uint256 earned, uint256 reward, uint256 cap);

    // ---------------------------------------------------------------- events

    /// @notice A task was posted and its reward for every slot escrowed.
    /// @param taskId Sequential id starting at 1.
    /// @param creator Who posted and funded it.
    /// @param district District whose residents may claim.
    /// @param verifier Who approves or rejects.
    /// @param reward Coins per approved slot.
    /// @param slots Number of slots.
    /// @param deadline Last moment to claim.
    /// @param claimWindow Seconds to submit after claiming.
    /// @param contentHash keccak256 of the description.
    event TaskCreated(
        uint256 indexed taskId,
        address indexed creator,
        uint32 indexed district,
        address verifier,
        uint64 reward,
        uint16 slots,
        uint40 deadline,
        uint32 claimWindow,
        bytes32 contentHash
    );

    /// @notice A resident claimed a slot.
    /// @param taskId The task.
    /// @param resident The claimant.
    /// @param expiresAt Until when evidence can be submitted.
    event TaskClaimed(uint256 indexed taskId, address indexed resident, uint40 expiresAt);

    /// @notice A claimant submitted evidence.
    /// @param taskId The task.
    /// @param resident The claimant.
    /// @param evidenceHash keccak256 of the evidence.
    event EvidenceSubmitted(uint256 indexed taskId, address indexed resident, bytes32 evidenceHash);

    /// @notice The verifier approved the work and the reward was paid.
    /// @param taskId The task.
    /// @param resident The paid resident.
    /// @param reward Coins paid.
    /// @param year Dutch calendar year the earning counts towards.
    event ClaimApproved(uint256 indexed taskId, address indexed resident, uint64 reward, uint16 year);

    /// @notice The verifier rejected the work; the slot reopens (or is refunded if cancelled).
    /// @param taskId The task.
    /// @param resident The claimant.
    /// @param reason Why, in words the resident can read.
    event ClaimRejected(uint256 indexed taskId, address indexed resident, string reason);

    /// @notice An expired claim without evidence was released; the slot reopens (or is refunded).
    /// @param taskId The task.
    /// @param resident The former claimant.
    /// @param releasedBy Who released it.
    event ClaimReleased(uint256 indexed taskId, address indexed resident, address releasedBy);

    /// @notice The task was cancelled; open slots can no longer be claimed.
    /// @param taskId The task.
    /// @param cancelledBy The creator or admin.
    event TaskCancelledBy(uint256 indexed taskId, address indexed cancelledBy);

    /// @notice Escrow went back to the task's creator.
    /// @param taskId The task.
    /// @param creator Who received it.
    /// @param amount Coins refunded.
    event EscrowRefunded(uint256 indexed taskId, address indexed creator, uint256 amount);

    /// @notice The yearly earning cap per resident changed.
    /// @param oldCap Previous cap in cents.
    /// @param newCap New cap in cents.
    event YearlyCapChanged(uint256 oldCap, uint256 newCap);

    // ---------------------------------------------------------------- functions

    /// @notice Posts a task and escrows `reward * slots` coins from the caller.
    /// @dev Requirements: caller has TASK_POSTER_ROLE and approved the coins (or use
    /// {createTaskWithPermit}); reward, slots, district, claimWindow > 0; deadline in the future;
    /// verifier and contentHash not zero. Emits a {TaskCreated} event.
    /// @return taskId The new task's id.
    function createTask(TaskParams calldata params) external returns (uint256 taskId);

    /// @notice {createTask} with an ERC-2612 permit for the escrow in the same transaction.
    /// @dev Requirements: as {createTask}; a valid permit of exactly `reward * slots` for this contract
    /// (the permit sets the allowance, which the escrow then spends completely).
    /// Emits a {TaskCreated} event.
    function createTaskWithPermit(
        TaskParams calldata params,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 taskId);

    /// @notice Claims one slot of a task for the caller (or the signer of a relayed request).
    /// @dev Requirements: the task exists, is not cancelled, its deadline has not passed and a slot
    /// is open; the caller is a current resident of its district, is not the task's verifier and
    /// never claimed it before. Emits a {TaskClaimed} event.
    function claim(uint256 taskId) external;

    /// @notice Submits evidence for the caller's claim.
    /// @dev Requirements: the caller's claim is Claimed and its window has not ended;
    /// `evidenceHash` is not zero. Emits an {EvidenceSubmitted} event.
    function submitEvidence(uint256 taskId, bytes32 evidenceHash) external;

    /// @notice Approves `resident`'s submitted work and pays the reward.
    /// @dev Requirements: caller is the task's verifier; the claim is Submitted; the payment keeps
    /// the resident within the yearly cap, counted over every board in the ResidentRegistry (this
    /// board needs the registry's EARNINGS_RECORDER_ROLE). Emits a {ClaimApproved} and a {Transfer} event.
    function approve(uint256 taskId, address resident) external;

    /// @notice Rejects `resident`'s submitted work with a reason; the slot reopens.
    /// @dev Requirements: caller is the task's verifier; the claim is Submitted; `reason` not empty.
    /// Emits a {ClaimRejected} event, and an {EscrowRefunded} event when the task was cancelled.
    function reject(uint256 taskId, address resident, string calldata reason) external;

    /// @notice Releases a claim whose window ended without evidence; anyone may call.
    /// @dev Requirements: the claim is Claimed and its window has ended.
    /// Emits a {ClaimReleased} event, and an {EscrowRefunded} event when the task was cancelled.
    function releaseExpiredClaim(uint256 taskId, address resident) external;

    /// @notice Cancels a task and refunds the escrow of its open slots to the creator. Claims in
    /// progress can still be completed; their escrow is refunded if they end unpaid.
    /// @dev Requirements: caller is the creator or has DEFAULT_ADMIN_ROLE; not yet cancelled.
    /// Emits a {TaskCancelledBy} and an {EscrowRefunded} event.
    function cancel(uint256 taskId) external;

    /// @notice Sets the yearly earning cap per resident.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; `newCap` > 0. Emits a {YearlyCapChanged} event.
    function setYearlyCap(uint256 newCap) external;

    /// @notice A task with derived counters.
    function getTask(uint256 taskId) external view returns (TaskView memory);

    /// @notice `resident`'s claim on a task.
    function getClaim(uint256 taskId, address resident) external view returns (Claim memory);

    /// @notice Number of tasks posted (also the latest id).
    function taskCount() external view returns (uint256);

    /// @notice Coins `resident` earned in the Dutch calendar year `year`, over every task board (kept
    /// by the ResidentRegistry; only the latest year with earnings is in storage, earlier years read 0).
    function earnedIn(address resident, uint256 year) external view returns (uint256);

    /// @notice The Dutch calendar year now.
    function currentYear() external view returns (uint256);

    /// @notice The yearly earning cap per resident, in cents.
    function yearlyCap() external view returns (uint256);

    /// @notice The coin rewards are paid in.
    function coin() external view returns (address);

    /// @notice The registry that decides who is a resident.
    function registry() external view returns (address);
}
