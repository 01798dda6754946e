// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {LocalCoin} from "../../../contracts/coin/LocalCoin.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {ITaskBoard} from "../../../contracts/tasks/ITaskBoard.sol";
import {TaskBoard} from "../../../contracts/tasks/TaskBoard.sol";
import {CivilCalendarReference} from "../utils/CivilCalendarReference.sol";
import {Vm} from "../utils/Vm.sol";
import {TaskBoardFixture} from "./TaskBoardFixture.sol";

/// @notice Drives a task board with two posters, two verifiers, an admin and six residents in two
/// districts: tasks posted, claimed, evidence submitted (sometimes late or empty), approved (often
/// against the small yearly cap), rejected, released after their window, cancelled, residents
/// moving district, and time running across Dutch New Year (the run starts three hours before it).
/// A model of every task and claim predicts whether each call must succeed; ghosts count the
/// coins escrowed, paid and refunded and each resident's earnings per year.
contract TaskBoardHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant RESIDENTS = 6;

    struct TaskModel {
        address creator;
        address verifier;
        uint64 reward;
        uint32 district;
        uint40 deadline;
        uint32 claimWindow;
        bool cancelled;
        uint16 slots;
        uint16 active;
        uint16 completed;
        uint16 refunded;
    }

    struct ClaimModel {
        ITaskBoard.ClaimStatus status;
        uint256 expiresAt;
    }

    struct ClaimRef {
        uint256 taskId;
        address resident;
    }

    TaskBoard private immutable _board;
    ResidentRegistry private immutable _registry;
    uint256 private immutable _cap;
    uint64 private immutable _registrationExpiry;
    address private immutable _admin;
    address[2] private _posters;
    address[2] private _verifiers;
    address[RESIDENTS] private _residents;
    mapping(address resident => uint32 district) public districtOf;

    TaskModel[] private _tasks; // index = taskId - 1
    mapping(uint256 taskId => mapping(address resident => ClaimModel claim)) private _claims;
    ClaimRef[] private _claimRefs;

    uint256 public now_;
    uint256[] private _years;
    mapping(uint256 year => bool seen) private _yearSeen;

    mapping(address resident => mapping(uint256 year => uint256 amount)) public ghostEarned;
    mapping(address resident => uint256 year) public ghostLastEarningYear;
    uint256 public ghostEscrowed;
    uint256 public ghostPaid;
    uint256 public ghostRefunded;
    uint256 public ghostApprovals;
    uint256 public ghostCapRefusals;
    uint256 public mismatches;
    string public firstMismatch;

    constructor(
        TaskBoard board_,
        ResidentRegistry registry_,
        uint256 start,
        uint64 registrationExpiry,
        address admin,
        address[2] memory posters,
        address[2] memory verifiers,
        address[RESIDENTS] memory residents_,
        uint32[RESIDENTS] memory districts
    ) {
        _board = board_;
        _registry = registry_;
        _cap = board_.yearlyCap();
        _registrationExpiry = registrationExpiry;
        _admin = admin;
        _posters = posters;
        _verifiers = verifiers;
        _residents = residents_;
        for (uint256 i = 0; i < RESIDENTS; ++i) districtOf[residents_[i]] = districts[i];
        now_ = start;
        _seeYear();
    }

    modifier atNow() {
        vm.warp(now_);
        _;
    }

    // ------------------------------------------------------------ actions

    /// @param seed Every field of the task, from separate bits.
    function createTask(uint256 seed) external atNow {
        address creator = _posters[seed % 2];
        ITaskBoard.TaskParams memory p = ITaskBoard.TaskParams({
            reward: uint64(250 * (1 + ((seed >> 8) % 4))), // 2.50 to 10 coins; sums often land on the cap of 10
            slots: uint16(1 + ((seed >> 16) % 4)),
            district: uint32(1 + ((seed >> 24) % 2)),
            deadline: uint40(now_ + 1 hours + ((seed >> 32) % 3 days)),
            claimWindow: uint32(1 hours + ((seed >> 64) % 2 days)),
            verifier: _verifiers[(seed >> 96) % 2],
            contentHash: keccak256(abi.encode("task", _tasks.length))
        });
        vm.prank(creator);
        try _board.createTask(p) returns (uint256 taskId) {
            _check(taskId == _tasks.length + 1, "createTask returned an unexpected id");
            _tasks.push(
                TaskModel(creator, p.verifier, p.reward, p.district, p.deadline, p.claimWindow, false, p.slots, 0, 0, 0)
            );
            ghostEscrowed += uint256(p.reward) * p.slots;
        } catch {
            _check(false, "createTask reverted");
        }
    }

    function claim(uint256 taskSeed, uint256 residentSeed) external atNow {
        _claim(_pickTask(taskSeed), _residents[residentSeed % RESIDENTS]);
    }

    function submitEvidence(uint256 claimSeed, uint256 evidenceSeed) external atNow {
        if (_claimRefs.length == 0) return;
        ClaimRef memory ref = _claimRefs[claimSeed % _claimRefs.length];
        // One in sixteen submits an empty hash.
        bytes32 evidence = evidenceSeed % 16 == 0 ? bytes32(0) : keccak256(abi.encode(evidenceSeed));
        _submit(ref.taskId, ref.resident, evidence);
    }

    function approve(uint256 claimSeed, uint256 callerSeed) external atNow {
        if (_claimRefs.length == 0) return;
        ClaimRef memory ref = _claimRefs[claimSeed % _claimRefs.length];
        // One in eight is tried by the resident instead of the verifier.
        address caller = callerSeed % 8 == 0 ? ref.resident : _tasks[ref.taskId - 1].verifier;
        _approve(ref.taskId, ref.resident, caller);
    }

    function reject(uint256 claimSeed, uint256 callerSeed) external atNow {
        if (_claimRefs.length == 0) return;
        ClaimRef memory ref = _claimRefs[claimSeed % _claimRefs.length];
        TaskModel storage task = _tasks[ref.taskId - 1];
        ClaimModel storage claimModel = _claims[ref.taskId][ref.resident];
        address caller = callerSeed % 8 == 0 ? ref.resident : task.verifier;
        string memory reason = callerSeed % 16 == 1 ? "" : "the square is still dirty";
        bool expected =
            caller == task.verifier &&
                bytes(reason).length > 0 &&
                claimModel.status == ITaskBoard.ClaimStatus.Submitted;
        vm.prank(caller);
        try _board.reject(ref.taskId, ref.resident, reason) {
            _check(expected, "reject succeeded");
            claimModel.status = ITaskBoard.ClaimStatus.Rejected;
            _endUnpaid(task);
        } catch {
            _check(!expected, "reject reverted");
        }
    }

    function releaseExpiredClaim(uint256 claimSeed, uint256 callerSeed) external atNow {
        if (_claimRefs.length == 0) return;
        ClaimRef memory ref = _claimRefs[claimSeed % _claimRefs.length];
        ClaimModel storage claimModel = _claims[ref.taskId][ref.resident];
        bool expected = claimModel.status == ITaskBoard.ClaimStatus.Claimed && now_ > claimModel.expiresAt;
        vm.prank(_residents[callerSeed % RESIDENTS]);
        try _board.releaseExpiredClaim(ref.taskId, ref.resident) {
            _check(expected, "releaseExpiredClaim succeeded");
            claimModel.status = ITaskBoard.ClaimStatus.Released;
            _endUnpaid(_tasks[ref.taskId - 1]);
        } catch {
            _check(!expected, "releaseExpiredClaim reverted");
        }
    }

    function cancel(uint256 taskSeed, uint256 callerSeed) external atNow {
        // One call in three, so most tasks live for a while.
        if (callerSeed % 3 != 0 || _tasks.length == 0) return;
        uint256 taskId = 1 + (taskSeed % _tasks.length);
        TaskModel storage task = _tasks[taskId - 1];
        uint256 who = (callerSeed / 3) % 3;
        address caller = who == 0 ? task.creator : (who == 1 ? _admin : _residents[taskSeed % RESIDENTS]);
        bool expected = (caller == task.creator || caller == _admin) && !task.cancelled;
        vm.prank(caller);
        try _board.cancel(taskId) {
            _check(expected, "cancel succeeded");
            uint16 open = _open(task);
            task.cancelled = true;
            task.refunded += open;
            ghostRefunded += uint256(task.reward) * open;
        } catch {
            _check(!expected, "cancel reverted");
        }
    }

    /// @notice Claim, submit and approve in one go, so runs reach the yearly cap often.
    function workThrough(uint256 taskSeed, uint256 residentSeed) external atNow {
        if (_tasks.length == 0) return;
        uint256 taskId = 1 + (taskSeed % _tasks.length);
        TaskModel storage task = _tasks[taskId - 1];
        address resident = _residentOf(task.district, residentSeed);
        if (resident == address(0)) return;
        if (!_claim(taskId, resident)) return;
        if (!_submit(taskId, resident, keccak256(abi.encode("evidence", taskId, resident)))) return;
        _approve(taskId, resident, task.verifier);
    }

    /// @notice The resident moves to the other district; earnings stay with the person.
    function moveResident(uint256 residentSeed, uint256 chance) external atNow {
        if (chance % 4 != 0) return;
        address resident = _residents[residentSeed % RESIDENTS];
        uint32 to = districtOf[resident] == 1 ? 2 : 1;
        try _registry.revoke(resident) {
            _registry.register(resident, to, _registrationExpiry);
            districtOf[resident] = to;
        } catch {
            _check(false, "moving a resident failed");
        }
    }

    function warp(uint256 seed) external {
        // Mostly up to half a day; one in sixteen jumps 200 days.
        now_ += seed % 16 == 0 ? 200 days : 1 + (seed % 12 hours);
        _seeYear();
    }

    // ------------------------------------------------------------ views for the invariants

    function taskModel(uint256 taskId) external view returns (TaskModel memory) {
        return _tasks[taskId - 1];
    }

    function taskCount() external view returns (uint256) {
        return _tasks.length;
    }

    function residents() external view returns (address[RESIDENTS] memory) {
        return _residents;
    }

    function yearsSeen() external view returns (uint256[] memory) {
        return _years;
    }

    // ------------------------------------------------------------ model

    function _claim(uint256 taskId, address resident) private returns (bool ok) {
        bool expected = false;
        if (taskId <= _tasks.length) {
            TaskModel storage task = _tasks[taskId - 1];
            expected =
                !task.cancelled &&
                now_ <= task.deadline &&
                districtOf[resident] == task.district &&
                _claims[taskId][resident].status == ITaskBoard.ClaimStatus.None &&
                _open(task) > 0;
        }
        vm.prank(resident);
        try _board.claim(taskId) {
            _check(expected, "claim succeeded");
            TaskModel storage task = _tasks[taskId - 1];
            _claims[taskId][resident] = ClaimModel(ITaskBoard.ClaimStatus.Claimed, now_ + task.claimWindow);
            task.active += 1;
            _claimRefs.push(ClaimRef(taskId, resident));
            return true;
        } catch {
            _check(!expected, "claim reverted");
        }
    }

    function _submit(uint256 taskId, address resident, bytes32 evidence) private returns (bool ok) {
        ClaimModel storage claimModel = _claims[taskId][resident];
        bool expected =
            evidence != bytes32(0) &&
                claimModel.status == ITaskBoard.ClaimStatus.Claimed &&
                now_ <= claimModel.expiresAt;
        vm.prank(resident);
        try _board.submitEvidence(taskId, evidence) {
            _check(expected, "submitEvidence succeeded");
            claimModel.status = ITaskBoard.ClaimStatus.Submitted;
            return true;
        } catch {
            _check(!expected, "submitEvidence reverted");
        }
    }

    function _approve(uint256 taskId, address resident, address caller) private {
        TaskModel storage task = _tasks[taskId - 1];
        ClaimModel storage claimModel = _claims[taskId][resident];
        uint256 year = CivilCalendarReference.dutchYearOf(now_);
        uint256 earned = ghostEarned[resident][year];
        bool decidable = caller == task.verifier && claimModel.status == ITaskBoard.ClaimStatus.Submitted;
        bool withinCap = earned + task.reward <= _cap;
        vm.prank(caller);
        try _board.approve(taskId, resident) {
            _check(decidable && withinCap, "approve succeeded");
            claimModel.status = ITaskBoard.ClaimStatus.Approved;
            task.active -= 1;
            task.completed += 1;
            ghostPaid += task.reward;
            ghostApprovals += 1;
            ghostEarned[resident][year] = earned + task.reward;
            ghostLastEarningYear[resident] = year;
        } catch (bytes memory reason) {
            _check(!(decidable && withinCap), "approve reverted");
            if (decidable && !withinCap) {
                ghostCapRefusals += 1;
                bytes memory refusal = abi.encodeWithSelector(
                    ITaskBoard.TaskYearlyCapExceeded.selector,
                    resident,
                    year,
                    earned,
                    task.reward,
                    _cap
                );
                _check(keccak256(reason) == keccak256(refusal), "approve over the cap gave another error");
            }
        }
    }

    /// @dev A claim ended unpaid: the slot reopens, or on a cancelled task its escrow goes back.
    function _endUnpaid(TaskModel storage task) private {
        task.active -= 1;
        if (task.cancelled) {
            task.refunded += 1;
            ghostRefunded += task.reward;
        }
    }

    function _open(TaskModel storage task) private view returns (uint16) {
        return task.slots - task.active - task.completed - task.refunded;
    }

    /// @dev A task id; one in sixteen (and always while there are none) does not exist.
    function _pickTask(uint256 seed) private view returns (uint256) {
        if (_tasks.length == 0 || seed % 16 == 15) return _tasks.length + 1;
        return 1 + (seed % _tasks.length);
    }

    function _residentOf(uint32 district, uint256 seed) private view returns (address) {
        for (uint256 i = 0; i < RESIDENTS; ++i) {
            address resident = _residents[(seed + i) % RESIDENTS];
            if (districtOf[resident] == district) return resident;
        }
        return address(0);
    }

    function _seeYear() private {
        uint256 year = CivilCalendarReference.dutchYearOf(now_);
        if (_yearSeen[year]) return;
        _yearSeen[year] = true;
        _years.push(year);
    }

    function _check(bool ok, string memory what) private {
        if (ok) return;
        if (mismatches == 0) firstMismatch = what;
        mismatches += 1;
    }
}

/// @notice The board always holds exactly the escrow of its tasks, every slot is accounted for,
/// and no resident ever earns more than the yearly cap in a Dutch calendar year.
contract TaskBoardInvariantTest is TaskBoardFixture {
    uint256 private constant START = 1_735_675_200; // 2024-12-31T20:00:00Z, 3 hours before New Year
    uint256 private constant SMALL_CAP = 1_000; // 10 coins: two or three tasks reach it

    TaskBoardHandler private handler;

    function setUp() public {
        vm.warp(START);
        _deploy(address(0), SMALL_CAP);
        address admin = address(0xAD);
        board.grantRole(board.DEFAULT_ADMIN_ROLE(), admin);

        address secondPoster = address(0x9057E6);
        board.grantRole(board.TASK_POSTER_ROLE(), secondPoster);
        _fund(secondPoster, POSTER_FUNDS);
        vm.prank(secondPoster);
        coin.approve(address(board), type(uint256).max);

        uint64 registrationExpiry = uint64(START + 100 * 365 days);
        address[6] memory residents;
        uint32[6] memory districts;
        for (uint256 i = 0; i < 6; ++i) {
            residents[i] = address(uint160(0x2E5100 + i));
            districts[i] = uint32(1 + (i % 2));
            registry.register(residents[i], districts[i], registrationExpiry);
        }
        handler = new TaskBoardHandler(
            board,
            registry,
            START,
            registrationExpiry,
            admin,
            [poster, secondPoster],
            [verifier, address(0x7E61F1E6)],
            residents,
            districts
        );
        registry.grantRole(registry.REGISTRAR_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// @dev Each invariant function costs a campaign of runs; both also check the model.
    function invariant_boardHoldsExactlyTheOutstandingEscrow() public view {
        vm.assertEq(handler.mismatches(), 0, handler.firstMismatch());
        uint256 count = board.taskCount();
        vm.assertEq(count, handler.taskCount(), "taskCount");
        uint256 escrow = 0;
        for (uint256 taskId = 1; taskId <= count; ++taskId) {
            ITaskBoard.TaskView memory task = board.getTask(taskId);
            TaskBoardHandler.TaskModel memory model = handler.taskModel(taskId);
            escrow += task.escrow;
            vm.assertEq(
                uint256(task.completed) + task.activeClaims + task.refunded + task.openSlots,
                task.slots,
                "completed + activeClaims + refunded + openSlots != slots"
            );
            if (task.cancelled) vm.assertEq(uint256(task.openSlots), 0, "a cancelled task has open slots");
            vm.assertEq(task.cancelled, model.cancelled, "cancelled");
            vm.assertEq(uint256(task.activeClaims), model.active, "activeClaims");
            vm.assertEq(uint256(task.completed), model.completed, "completed");
            vm.assertEq(uint256(task.refunded), model.refunded, "refunded");
            vm.assertEq(
                task.escrow,
                uint256(model.reward) * (model.slots - model.completed - model.refunded),
                "escrow of a task"
            );
        }
        vm.assertEq(coin.balanceOf(address(board)), escrow, "board balance != sum of task escrow");
        vm.assertEq(
            escrow,
            handler.ghostEscrowed() - handler.ghostPaid() - handler.ghostRefunded(),
            "escrow != escrowed - paid - refunded"
        );
    }

    function invariant_noResidentEarnsAboveTheYearlyCap() public view {
        vm.assertEq(handler.mismatches(), 0, handler.firstMismatch());
        uint256 cap = board.yearlyCap();
        address[6] memory residents = handler.residents();
        uint256[] memory seenYears = handler.yearsSeen();
        uint256 paid = 0;
        for (uint256 r = 0; r < residents.length; ++r) {
            address resident = residents[r];
            uint256 lastYear = handler.ghostLastEarningYear(resident);
            for (uint256 y = 0; y < seenYears.length; ++y) {
                uint256 earned = board.earnedIn(resident, seenYears[y]);
                vm.assertLe(earned, cap, "a resident earned more than the yearly cap");
                // Only the latest year with earnings stays in storage.
                uint256 expected = seenYears[y] == lastYear ? handler.ghostEarned(resident, seenYears[y]) : 0;
                vm.assertEq(earned, expected, "earnedIn differs from the approved rewards");
            }
            paid += coin.balanceOf(resident);
        }
        vm.assertEq(paid, handler.ghostPaid(), "residents hold other than the rewards paid");
    }
}
