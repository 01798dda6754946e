// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ITaskBoard} from "../../../contracts/tasks/ITaskBoard.sol";
import {TaskBoard} from "../../../contracts/tasks/TaskBoard.sol";
import {CivilCalendarReference} from "../utils/CivilCalendarReference.sol";
import {TaskBoardFixture} from "./TaskBoardFixture.sol";

/// @notice TaskBoard units: task validation, the claim lifecycle, escrow and the yearly cap.
contract TaskBoardTest is TaskBoardFixture {
    uint256 private constant START = 1_748_736_000; // 2025-06-01T00:00:00Z
    uint256 private constant NEW_YEAR_2026 = 1_767_222_000; // 2025-12-31T23:00:00Z

    address private alice = address(0xA11CE);
    address private bob = address(0xB0B);
    address private carol = address(0xCA201);

    function setUp() public {
        vm.warp(START);
        _deploy(address(0), CAP);
        _register(alice, DISTRICT);
        _register(bob, DISTRICT);
        _register(carol, OTHER_DISTRICT);
    }

    // ------------------------------------------------------------ createTask

    function test_createTask_escrowsRewardTimesSlots() public {
        uint256 before = coin.balanceOf(poster);
        uint256 taskId = _post(250, 4);

        vm.assertEq(taskId, 1, "first id");
        vm.assertEq(coin.balanceOf(address(board)), 1_000, "board holds reward * slots");
        vm.assertEq(before - coin.balanceOf(poster), 1_000, "poster paid reward * slots");
        ITaskBoard.TaskView memory task = board.getTask(taskId);
        vm.assertEq(task.creator, poster, "creator");
        vm.assertEq(uint256(task.openSlots), 4, "all slots open");
        vm.assertEq(task.escrow, 1_000, "escrow");
    }

    function test_createTask_revertsWithoutPosterRole() public {
        ITaskBoard.TaskParams memory params = _params(100, 1);
        bytes32 role = board.TASK_POSTER_ROLE();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        board.createTask(params);
    }

    /// @notice Each field in `broken` (bit i = field i in the contract's order of checks) gets an
    /// out-of-range value; the first of them is named in the error, and nothing is escrowed.
    /// With no field broken the task is created with exactly the given values.
    function testFuzz_createTask_namesTheFirstInvalidField(
        uint8 broken,
        uint64 reward,
        uint16 slots,
        uint32 district,
        uint40 deadline,
        uint32 claimWindow,
        address taskVerifier,
        bytes32 contentHash
    ) public {
        broken = broken % 128;
        ITaskBoard.TaskParams memory p = ITaskBoard.TaskParams({
            reward: broken & 1 != 0 ? 0 : uint64(bound(reward, 1, type(uint64).max)),
            slots: broken & 2 != 0 ? 0 : uint16(bound(slots, 1, type(uint16).max)),
            district: broken & 4 != 0 ? 0 : uint32(bound(district, 1, type(uint32).max)),
            deadline: broken & 8 != 0
                ? uint40(bound(deadline, 0, block.timestamp))
                : uint40(bound(deadline, block.timestamp + 1, type(uint40).max)),
            claimWindow: broken & 16 != 0 ? 0 : uint32(bound(claimWindow, 1, type(uint32).max)),
            verifier: broken & 32 != 0 ? address(0) : (taskVerifier == address(0) ? verifier : taskVerifier),
            contentHash: broken & 64 != 0 ? bytes32(0) : (contentHash == 0 ? bytes32(uint256(1)) : contentHash)
        });

        uint256 boardBefore = coin.balanceOf(address(board));
        vm.prank(poster);
        if (broken != 0) {
            vm.expectRevert(_firstInvalid(broken, p));
            board.createTask(p);
            vm.assertEq(coin.balanceOf(address(board)), boardBefore, "nothing escrowed");
            vm.assertEq(board.taskCount(), 0, "no task");
            return;
        }
        uint256 taskId = board.createTask(p);
        ITaskBoard.TaskView memory task = board.getTask(taskId);
        vm.assertEq(uint256(task.reward), p.reward, "reward");
        vm.assertEq(uint256(task.slots), p.slots, "slots");
        vm.assertEq(uint256(task.district), p.district, "district");
        vm.assertEq(uint256(task.deadline), p.deadline, "deadline");
        vm.assertEq(uint256(task.claimWindow), p.claimWindow, "claimWindow");
        vm.assertEq(task.verifier, p.verifier, "verifier");
        vm.assertEq(task.contentHash, p.contentHash, "contentHash");
        vm.assertEq(task.escrow, uint256(p.reward) * p.slots, "escrow");
        vm.assertEq(coin.balanceOf(address(board)), uint256(p.reward) * p.slots, "escrowed coins");
    }

    // ------------------------------------------------------------ claim

    function test_claim_recordsTheClaimAndItsWindow() public {
        uint256 taskId = _post(100, 2);
        vm.expectEmit();
        emit ITaskBoard.TaskClaimed(taskId, alice, uint40(START + 1 days));
        vm.prank(alice);
        board.claim(taskId);

        ITaskBoard.Claim memory claimed = board.getClaim(taskId, alice);
        vm.assertEq(uint256(claimed.status), uint256(ITaskBoard.ClaimStatus.Claimed), "status");
        vm.assertEq(uint256(claimed.claimedAt), START, "claimedAt");
        vm.assertEq(uint256(claimed.expiresAt), START + 1 days, "expiresAt");
        ITaskBoard.TaskView memory task = board.getTask(taskId);
        vm.assertEq(uint256(task.activeClaims), 1, "activeClaims");
        vm.assertEq(uint256(task.openSlots), 1, "openSlots");
    }

    function test_claim_revertsWhenSlotsFull() public {
        uint256 taskId = _post(100, 1);
        vm.prank(alice);
        board.claim(taskId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNoOpenSlot.selector, taskId));
        board.claim(taskId);
    }

    function test_claim_revertsForAResidentOfAnotherDistrict() public {
        uint256 taskId = _post(100, 1);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNotResident.selector, carol, DISTRICT));
        board.claim(taskId);
    }

    function test_claim_revertsForARevokedResident() public {
        uint256 taskId = _post(100, 1);
        registry.revoke(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNotResident.selector, alice, DISTRICT));
        board.claim(taskId);
    }

    function test_claim_acceptsTheDeadlineItselfButNotASecondLater() public {
        uint256 taskId = _post(100, 2);
        uint40 deadline = board.getTask(taskId).deadline;
        vm.warp(deadline);
        vm.prank(alice);
        board.claim(taskId);
        vm.warp(uint256(deadline) + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskClaimsClosed.selector, taskId, deadline));
        board.claim(taskId);
    }

    function test_claim_revertsForASecondClaimEvenAfterRejection() public {
        uint256 taskId = _post(100, 2);
        _claimAndSubmit(taskId, alice);
        vm.prank(verifier);
        board.reject(taskId, alice, "photo shows another square");
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskBoard.TaskAlreadyClaimed.selector,
                taskId,
                alice,
                ITaskBoard.ClaimStatus.Rejected
            )
        );
        board.claim(taskId);
    }

    function test_claim_revertsOnACancelledOrUnknownTask() public {
        uint256 taskId = _post(100, 1);
        vm.prank(poster);
        board.cancel(taskId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskCancelled.selector, taskId));
        board.claim(taskId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskUnknown.selector, 2));
        board.claim(2);
    }

    // ------------------------------------------------------------ submitEvidence

    function test_submitEvidence_acceptsTheLastSecondOfTheWindowButNotLater() public {
        uint256 taskId = _post(100, 2);
        vm.prank(alice);
        board.claim(taskId);
        vm.prank(bob);
        board.claim(taskId);

        vm.warp(START + 1 days);
        vm.prank(alice);
        board.submitEvidence(taskId, keccak256("photo"));
        vm.warp(START + 1 days + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskClaimExpired.selector, taskId, bob, START + 1 days));
        board.submitEvidence(taskId, keccak256("photo"));
    }

    function test_submitEvidence_revertsForEmptyEvidenceOrWithoutAClaim() public {
        uint256 taskId = _post(100, 1);
        vm.prank(alice);
        board.claim(taskId);
        vm.prank(alice);
        vm.expectRevert(ITaskBoard.TaskEmptyEvidence.selector);
        board.submitEvidence(taskId, bytes32(0));
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskBoard.TaskWrongClaimStatus.selector,
                taskId,
                bob,
                ITaskBoard.ClaimStatus.None,
                ITaskBoard.ClaimStatus.Claimed
            )
        );
        board.submitEvidence(taskId, keccak256("photo"));
    }

    // ------------------------------------------------------------ approve and the cap

    function test_approve_paysTheRewardAndCountsItForTheYear() public {
        uint256 taskId = _post(1_250, 1);
        _claimAndSubmit(taskId, alice);
        vm.expectEmit();
        emit ITaskBoard.ClaimApproved(taskId, alice, 1_250, 2025);
        vm.prank(verifier);
        board.approve(taskId, alice);

        vm.assertEq(coin.balanceOf(alice), 1_250, "paid");
        vm.assertEq(coin.balanceOf(address(board)), 0, "escrow released");
        vm.assertEq(board.earnedIn(alice, 2025), 1_250, "earned this year");
        ITaskBoard.TaskView memory task = board.getTask(taskId);
        vm.assertEq(uint256(task.completed), 1, "completed");
        vm.assertEq(uint256(task.activeClaims), 0, "activeClaims");
    }

    function test_approve_revertsForAnyoneButTheVerifier() public {
        uint256 taskId = _post(100, 1);
        _claimAndSubmit(taskId, alice);
        vm.prank(poster);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNotVerifier.selector, taskId, poster));
        board.approve(taskId, alice);
    }

    /// @notice At the boundary: earned + reward == cap pays, one cent more is refused.
    function testFuzz_approve_paysExactlyWhenTheYearStaysWithinTheCap(
        uint256 cap,
        uint256 earnedBefore,
        uint256 offset
    ) public {
        cap = bound(cap, 2, 10_000_000);
        earnedBefore = bound(earnedBefore, 0, cap - 1);
        offset = bound(offset, 0, 2);
        // reward = room left - 1, room left, room left + 1
        uint64 reward = uint64(cap - earnedBefore + offset - 1);
        if (reward == 0) reward = 1;
        _approveNearTheCap(cap, earnedBefore, reward);
    }

    function testFuzz_approve_paysWhenWithinTheCapAndRefusesOtherwise(
        uint256 cap,
        uint256 earnedBefore,
        uint256 reward
    ) public {
        cap = bound(cap, 1, 1e12);
        earnedBefore = bound(earnedBefore, 0, cap);
        reward = bound(reward, 1, 2 * cap);
        _approveNearTheCap(cap, earnedBefore, uint64(reward));
    }

    function test_approve_capCountsEarningsOnEveryBoard() public {
        TaskBoard secondBoard = _newBoard(address(0), CAP);
        _earn(board, alice, 100_000);
        uint256 taskId = _post(secondBoard, 50_001, 1);
        _claimAndSubmit(secondBoard, taskId, alice);
        vm.prank(verifier);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskBoard.TaskYearlyCapExceeded.selector, alice, 2025, 100_000, 50_001, CAP)
        );
        secondBoard.approve(taskId, alice);
        vm.assertEq(secondBoard.earnedIn(alice, 2025), 100_000, "the other board sees the same total");
    }

    function test_approve_capStaysWithThePersonAcrossReRegistration() public {
        _earn(board, alice, 150_000);
        registry.revoke(alice);
        _register(alice, DISTRICT);
        uint256 taskId = _post(1, 1);
        _claimAndSubmit(taskId, alice);
        vm.prank(verifier);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskBoard.TaskYearlyCapExceeded.selector, alice, 2025, 150_000, 1, CAP)
        );
        board.approve(taskId, alice);
    }

    function test_approve_capStartsAfreshAtDutchMidnightOnNewYearsEve() public {
        vm.warp(NEW_YEAR_2026 - 1 days);
        _earn(board, alice, 150_000);
        uint256 taskId = _post(500, 1);
        _claimAndSubmit(taskId, alice);

        vm.warp(NEW_YEAR_2026 - 1); // 23:59:59 in Amsterdam
        vm.prank(verifier);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskBoard.TaskYearlyCapExceeded.selector, alice, 2025, 150_000, 500, CAP)
        );
        board.approve(taskId, alice);

        vm.warp(NEW_YEAR_2026); // 00:00:00 in Amsterdam
        vm.expectEmit();
        emit ITaskBoard.ClaimApproved(taskId, alice, 500, 2026);
        vm.prank(verifier);
        board.approve(taskId, alice);
        vm.assertEq(board.earnedIn(alice, 2026), 500, "2026 starts from zero");
        // Only the latest year is kept in storage; 2025's payments stay in the events.
        vm.assertEq(board.earnedIn(alice, 2025), 0, "earlier year reads 0");
    }

    // ------------------------------------------------------------ reject, release, cancel

    function test_reject_reopensTheSlotForSomeoneElse() public {
        uint256 taskId = _post(100, 1);
        _claimAndSubmit(taskId, alice);
        vm.prank(verifier);
        vm.expectRevert(ITaskBoard.TaskEmptyReason.selector);
        board.reject(taskId, alice, "");
        vm.prank(verifier);
        board.reject(taskId, alice, "weeds still there");

        vm.assertEq(uint256(board.getTask(taskId).openSlots), 1, "slot reopened");
        vm.assertEq(board.getTask(taskId).escrow, 100, "escrow kept");
        vm.prank(bob);
        board.claim(taskId);
    }

    function test_releaseExpiredClaim_onlyAfterTheWindowAndByAnyone() public {
        uint256 taskId = _post(100, 1);
        vm.prank(alice);
        board.claim(taskId);
        vm.warp(START + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskClaimNotExpired.selector, taskId, alice, START + 1 days));
        board.releaseExpiredClaim(taskId, alice);

        vm.warp(START + 1 days + 1);
        vm.expectEmit();
        emit ITaskBoard.ClaimReleased(taskId, alice, carol);
        vm.prank(carol);
        board.releaseExpiredClaim(taskId, alice);
        vm.assertEq(uint256(board.getTask(taskId).openSlots), 1, "slot reopened");
    }

    function test_cancel_refundsOpenSlotsNowAndUnpaidClaimsLater() public {
        uint256 taskId = _post(100, 4);
        _claimAndSubmit(taskId, alice);
        _claimAndSubmit(taskId, bob);
        uint256 posterBefore = coin.balanceOf(poster);

        vm.expectEmit();
        emit ITaskBoard.EscrowRefunded(taskId, poster, 200);
        vm.prank(poster);
        board.cancel(taskId);
        vm.assertEq(coin.balanceOf(poster) - posterBefore, 200, "two open slots refunded");
        vm.assertEq(board.getTask(taskId).escrow, 200, "two claims still covered");

        vm.prank(verifier);
        board.approve(taskId, alice);
        vm.prank(verifier);
        board.reject(taskId, bob, "not done");
        vm.assertEq(coin.balanceOf(alice), 100, "work in progress is still paid");
        vm.assertEq(coin.balanceOf(poster) - posterBefore, 300, "the rejected slot is refunded");
        vm.assertEq(coin.balanceOf(address(board)), 0, "nothing left behind");
        ITaskBoard.TaskView memory task = board.getTask(taskId);
        vm.assertEq(uint256(task.completed) + task.refunded, 4, "every slot accounted for");
        vm.assertEq(uint256(task.openSlots), 0, "nothing to claim");
    }

    function test_cancel_byAdminButNotByOthersAndOnlyOnce() public {
        uint256 taskId = _post(100, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNotCreator.selector, taskId, alice));
        board.cancel(taskId);
        board.cancel(taskId); // this test contract is the admin
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskCancelled.selector, taskId));
        board.cancel(taskId);
    }

    // ------------------------------------------------------------ helpers

    function _approveNearTheCap(uint256 cap, uint256 earnedBefore, uint64 reward) private {
        board.setYearlyCap(cap);
        if (earnedBefore > 0) _earn(board, alice, uint64(earnedBefore));
        uint256 taskId = _post(reward, 1);
        _claimAndSubmit(taskId, alice);
        uint256 year = CivilCalendarReference.dutchYearOf(block.timestamp);

        vm.prank(verifier);
        if (earnedBefore + reward <= cap) {
            board.approve(taskId, alice);
            vm.assertEq(board.earnedIn(alice, year), earnedBefore + reward, "earned");
            vm.assertEq(coin.balanceOf(alice), earnedBefore + reward, "paid");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ITaskBoard.TaskYearlyCapExceeded.selector,
                    alice,
                    year,
                    earnedBefore,
                    reward,
                    cap
                )
            );
            board.approve(taskId, alice);
            vm.assertEq(board.earnedIn(alice, year), earnedBefore, "nothing recorded");
            vm.assertEq(board.getTask(taskId).escrow, reward, "escrow kept");
            vm.assertEq(
                uint256(board.getClaim(taskId, alice).status),
                uint256(ITaskBoard.ClaimStatus.Submitted),
                "claim still waits for a decision"
            );
        }
        vm.assertLe(board.earnedIn(alice, year), cap, "never above the cap");
    }

    function _firstInvalid(uint8 broken, ITaskBoard.TaskParams memory p) private pure returns (bytes memory) {
        bytes4 selector = ITaskBoard.TaskInvalidParam.selector;
        if (broken & 1 != 0) return abi.encodeWithSelector(selector, "reward", 0);
        if (broken & 2 != 0) return abi.encodeWithSelector(selector, "slots", 0);
        if (broken & 4 != 0) return abi.encodeWithSelector(selector, "district", 0);
        if (broken & 8 != 0) return abi.encodeWithSelector(selector, "deadline", uint256(p.deadline));
        if (broken & 16 != 0) return abi.encodeWithSelector(selector, "claimWindow", 0);
        if (broken & 32 != 0) return abi.encodeWithSelector(selector, "verifier", 0);
        return abi.encodeWithSelector(selector, "contentHash", 0);
    }
}
