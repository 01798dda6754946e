// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {LocalCoin} from "../../../contracts/coin/LocalCoin.sol";
import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {ITaskBoard} from "../../../contracts/tasks/ITaskBoard.sol";
import {TaskBoard} from "../../../contracts/tasks/TaskBoard.sol";
import {Test} from "../utils/Test.sol";

/// @notice A coin, a registry and a task board wired as the deploy script wires them (the board
/// records earnings in the registry), with this test contract holding the admin, minter and
/// registrar roles, one funded poster and one verifier.
abstract contract TaskBoardFixture is Test {
    uint32 internal constant DISTRICT = 1;
    uint32 internal constant OTHER_DISTRICT = 2;
    uint256 internal constant CAP = 150_000; // EUR 1,500, the Heerlen limit
    uint256 internal constant POSTER_FUNDS = type(uint128).max;

    LocalCoin internal coin;
    ResidentRegistry internal registry;
    TaskBoard internal board;

    address internal poster = address(0x9057E5);
    address internal verifier = address(0x7E61F1E5);

    function _deploy(address forwarder, uint256 yearlyCap) internal {
        coin = new LocalCoin("Heitje", "HTJ", address(this), forwarder);
        registry = new ResidentRegistry(address(this), forwarder);
        board = _newBoard(forwarder, yearlyCap);
        coin.grantRole(coin.MINTER_ROLE(), address(this));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(this));
        _fund(poster, POSTER_FUNDS);
    }

    /// @dev Another board on the same coin and registry, allowed to record earnings.
    function _newBoard(address forwarder, uint256 yearlyCap) internal returns (TaskBoard newBoard) {
        newBoard = new TaskBoard(address(coin), address(registry), address(this), forwarder, yearlyCap);
        registry.grantRole(registry.EARNINGS_RECORDER_ROLE(), address(newBoard));
        newBoard.grantRole(newBoard.TASK_POSTER_ROLE(), poster);
        vm.prank(poster);
        coin.approve(address(newBoard), type(uint256).max);
    }

    function _fund(address account, uint256 amount) internal {
        coin.mint(account, amount);
    }

    function _register(address account, uint32 district) internal {
        registry.register(account, district, uint64(block.timestamp + 3_650 days));
    }

    function _params(uint64 reward, uint16 slots) internal view returns (ITaskBoard.TaskParams memory) {
        return
            ITaskBoard.TaskParams({
                reward: reward,
                slots: slots,
                district: DISTRICT,
                deadline: uint40(block.timestamp + 7 days),
                claimWindow: 1 days,
                verifier: verifier,
                contentHash: keccak256("sweep the square")
            });
    }

    function _post(TaskBoard on, uint64 reward, uint16 slots) internal returns (uint256 taskId) {
        vm.prank(poster);
        taskId = on.createTask(_params(reward, slots));
    }

    function _post(uint64 reward, uint16 slots) internal returns (uint256) {
        return _post(board, reward, slots);
    }

    function _claimAndSubmit(TaskBoard on, uint256 taskId, address resident) internal {
        vm.prank(resident);
        on.claim(taskId);
        vm.prank(resident);
        on.submitEvidence(taskId, keccak256(abi.encode("photo", taskId, resident)));
    }

    function _claimAndSubmit(uint256 taskId, address resident) internal {
        _claimAndSubmit(board, taskId, resident);
    }

    /// @dev Posts a one-slot task of `reward`, has `resident` do it and approves it.
    function _earn(TaskBoard on, address resident, uint64 reward) internal {
        uint256 taskId = _post(on, reward, 1);
        _claimAndSubmit(on, taskId, resident);
        vm.prank(verifier);
        on.approve(taskId, resident);
    }
}
