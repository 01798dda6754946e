// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";

import {IResidentRegistry} from "../../../contracts/registry/IResidentRegistry.sol";
import {BuurtkasForwarder} from "../../../contracts/relay/BuurtkasForwarder.sol";
import {ITaskBoard} from "../../../contracts/tasks/ITaskBoard.sol";
import {VoteCodes} from "../registry/VoteCodeFixture.sol";
import {TaskBoardFixture} from "../tasks/TaskBoardFixture.sol";
import {AddressMerkleTree} from "../utils/AddressMerkleTree.sol";

/// @notice Residents claim tasks and submit evidence without gas: they sign an EIP-712
/// ForwardRequest, the backend's relayer submits it through the BuurtkasForwarder, and the board
/// records the signer, never the relayer. Requests are signed here from first principles (the
/// domain read from eip712Domain()), as the browser does.
contract BuurtkasForwarderTest is TaskBoardFixture {
    bytes32 private constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );
    uint256 private constant SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    uint256 private constant START = 1_748_736_000; // 2025-06-01T00:00:00Z
    uint256 private constant RESIDENT_KEY = 0xBEEF;

    BuurtkasForwarder private forwarder;
    address private resident;
    address private relayer = address(0x4E1A7E4);
    uint256 private taskId;

    function setUp() public {
        vm.warp(START);
        forwarder = new BuurtkasForwarder();
        _deploy(address(forwarder), CAP);
        resident = vm.addr(RESIDENT_KEY);
        _register(resident, DISTRICT);
        taskId = _post(500, 3);
    }

    function test_eip712Domain_isBuurtkasForwarderVersion1OnThisChain() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract, , ) = forwarder
            .eip712Domain();
        vm.assertEq(keccak256(bytes(name)), keccak256("BuurtkasForwarder"), "name");
        vm.assertEq(keccak256(bytes(version)), keccak256("1"), "version");
        vm.assertEq(chainId, block.chainid, "chainId");
        vm.assertEq(verifyingContract, address(forwarder), "verifyingContract");
        vm.assertTrue(board.isTrustedForwarder(address(forwarder)), "the board trusts the forwarder");
    }

    function test_execute_claimAndEvidenceAreRecordedForTheSigner() public {
        ERC2771Forwarder.ForwardRequestData memory request = _request(RESIDENT_KEY, _claimCall(taskId));
        vm.expectEmit();
        emit ITaskBoard.TaskClaimed(taskId, resident, uint40(START + 1 days));
        vm.prank(relayer);
        forwarder.execute(request);

        bytes32 evidence = keccak256("photo of the clean square");
        request = _request(RESIDENT_KEY, abi.encodeCall(ITaskBoard.submitEvidence, (taskId, evidence)));
        vm.expectEmit();
        emit ITaskBoard.EvidenceSubmitted(taskId, resident, evidence);
        vm.prank(relayer);
        forwarder.execute(request);

        ITaskBoard.Claim memory claimed = board.getClaim(taskId, resident);
        vm.assertEq(uint256(claimed.status), uint256(ITaskBoard.ClaimStatus.Submitted), "signer's claim submitted");
        vm.assertEq(claimed.evidenceHash, evidence, "evidence");
        vm.assertEq(uint256(board.getClaim(taskId, relayer).status), 0, "relayer holds no claim");
        vm.assertEq(forwarder.nonces(resident), 2, "two nonces used");

        vm.prank(verifier);
        board.approve(taskId, resident);
        vm.assertEq(coin.balanceOf(resident), 500, "the signer is paid");
        vm.assertEq(coin.balanceOf(relayer), 0, "the relayer is not");
    }

    /// @notice Whoever the signer and whoever the relayer, the claim is the signer's.
    function testFuzz_execute_recordsTheSignerNeverTheRelayer(uint256 signerKey, address anyRelayer) public {
        signerKey = bound(signerKey, 1, SECP256K1_ORDER - 1);
        address signer = vm.addr(signerKey);
        vm.assume(anyRelayer != signer && anyRelayer != address(0) && anyRelayer != address(forwarder));
        vm.assume(signer != resident);
        _register(signer, DISTRICT);

        vm.prank(anyRelayer);
        forwarder.execute(_request(signerKey, _claimCall(taskId)));
        vm.prank(anyRelayer);
        forwarder.execute(_request(signerKey, abi.encodeCall(ITaskBoard.submitEvidence, (taskId, bytes32("x")))));

        vm.assertEq(
            uint256(board.getClaim(taskId, signer).status),
            uint256(ITaskBoard.ClaimStatus.Submitted),
            "the signer's claim"
        );
        vm.assertEq(uint256(board.getClaim(taskId, anyRelayer).status), 0, "never the relayer's");
        vm.assertEq(uint256(board.getTask(taskId).activeClaims), 1, "one claim");
    }

    /// @notice Changing any signed field after signing makes the forwarder refuse the request.
    function testFuzz_execute_refusesATamperedRequest(uint256 field, uint256 noise) public {
        uint256 otherTask = _post(100, 1);
        ERC2771Forwarder.ForwardRequestData memory request = _request(RESIDENT_KEY, _claimCall(taskId));
        field = bound(field, 0, 4);
        if (field == 0) request.from = address(uint160(bound(noise, 1, type(uint160).max)));
        if (field == 1) request.to = address(coin); // also trusts the forwarder
        if (field == 2) request.gas = bound(noise, 0, 1_000_000);
        if (field == 3) request.deadline = uint48(bound(noise, block.timestamp, type(uint48).max));
        if (field == 4) request.data = _claimCall(otherTask);
        vm.assume(keccak256(abi.encode(request)) != keccak256(abi.encode(_request(RESIDENT_KEY, _claimCall(taskId)))));

        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector,
                _recover(request),
                request.from
            )
        );
        forwarder.execute(request);
        vm.assertEq(uint256(board.getClaim(taskId, resident).status), 0, "nothing claimed");
        vm.assertEq(uint256(board.getClaim(otherTask, resident).status), 0, "nothing claimed elsewhere");
    }

    function test_execute_refusesAReplayedRequest() public {
        ERC2771Forwarder.ForwardRequestData memory request = _request(RESIDENT_KEY, _claimCall(taskId));
        vm.prank(relayer);
        forwarder.execute(request);
        // The nonce moved on, so the same signature now recovers to some other address.
        vm.prank(relayer);
        vm.expectPartialRevert(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector);
        forwarder.execute(request);
    }

    function test_execute_refusesAnExpiredRequest() public {
        ERC2771Forwarder.ForwardRequestData memory request = _request(RESIDENT_KEY, _claimCall(taskId));
        vm.warp(uint256(request.deadline) + 1);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, request.deadline)
        );
        forwarder.execute(request);
    }

    function test_execute_revertsWhenTheRelayedCallRevertsAndKeepsTheNonce() public {
        uint256 strangerKey = 0x5712A;
        ERC2771Forwarder.ForwardRequestData memory request = _request(strangerKey, _claimCall(taskId));
        vm.prank(relayer);
        vm.expectRevert(Errors.FailedCall.selector);
        forwarder.execute(request);
        vm.assertEq(forwarder.nonces(vm.addr(strangerKey)), 0, "nonce not used");
    }

    function test_execute_redeemVoteCodeRegistersTheSigner() public {
        uint256 newcomerKey = 0x2E1C0;
        address newcomer = vm.addr(newcomerKey);
        registry.grantRole(registry.CODE_ISSUER_ROLE(), address(this));
        bytes32[] memory tree = VoteCodes.tree(VoteCodes.list(0, 1, 2));
        uint256 batchId = registry.publishCodeBatch(
            OTHER_DISTRICT,
            tree[0],
            3,
            uint64(START + 30 days),
            uint64(START + 365 days)
        );
        bytes memory codeSignature = VoteCodes.sign(registry, VoteCodes.key(1), newcomer, OTHER_DISTRICT, batchId);
        bytes memory call = abi.encodeCall(
            IResidentRegistry.redeemVoteCode,
            (batchId, codeSignature, AddressMerkleTree.proof(tree, VoteCodes.signer(1)))
        );

        vm.prank(relayer);
        forwarder.execute(_request(newcomerKey, address(registry), call));
        vm.assertTrue(registry.isResident(newcomer, OTHER_DISTRICT), "the signer is registered");
        vm.assertEq(registry.registrationOf(relayer).district, 0, "the relayer is not");
        vm.assertTrue(registry.isVoteCodeUsed(VoteCodes.signer(1)), "code used");
    }

    function test_execute_coinTransferPaysFromTheSigner() public {
        _fund(resident, 1_000);
        address shop = address(0x5409);
        bytes memory call = abi.encodeCall(coin.transfer, (shop, 750));
        vm.prank(relayer);
        forwarder.execute(_request(RESIDENT_KEY, address(coin), call));
        vm.assertEq(coin.balanceOf(shop), 750, "shop paid");
        vm.assertEq(coin.balanceOf(resident), 250, "from the signer's balance");
    }

    function test_claim_calledByTheRelayerDirectlyIsTheRelayersOwn() public {
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ITaskBoard.TaskNotResident.selector, relayer, DISTRICT));
        board.claim(taskId);
    }

    // ------------------------------------------------------------ signing

    function _claimCall(uint256 id) private pure returns (bytes memory) {
        return abi.encodeCall(ITaskBoard.claim, (id));
    }

    function _request(
        uint256 signerKey,
        bytes memory data
    ) private view returns (ERC2771Forwarder.ForwardRequestData memory) {
        return _request(signerKey, address(board), data);
    }

    function _request(
        uint256 signerKey,
        address to,
        bytes memory data
    ) private view returns (ERC2771Forwarder.ForwardRequestData memory request) {
        request = ERC2771Forwarder.ForwardRequestData({
            from: vm.addr(signerKey),
            to: to,
            value: 0,
            gas: 300_000,
            deadline: uint48(block.timestamp + 1 hours),
            data: data,
            signature: ""
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, _digest(request));
        request.signature = abi.encodePacked(r, s, v);
    }

    /// @dev The EIP-712 digest of `request` at the forwarder's current nonce for `request.from`.
    function _digest(ERC2771Forwarder.ForwardRequestData memory request) private view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract, , ) = forwarder
            .eip712Domain();
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract)
        );
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                request.from,
                request.to,
                request.value,
                request.gas,
                forwarder.nonces(request.from),
                request.deadline,
                keccak256(request.data)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    /// @dev Who the forwarder will take as the signer of `request`.
    function _recover(ERC2771Forwarder.ForwardRequestData memory request) private view returns (address) {
        bytes memory signature = request.signature;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        return ecrecover(_digest(request), v, r, s);
    }
}
