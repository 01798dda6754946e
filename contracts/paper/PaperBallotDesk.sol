// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IBudgetRound} from "../budget/IBudgetRound.sol";
import {IResidentRegistry} from "../registry/IResidentRegistry.sol";
import {IPaperBallotDesk} from "./IPaperBallotDesk.sol";

/// @title PaperBallotDesk
/// @notice Paper ballots cast with a household vote code, used up in the registry in the same
/// transaction; paper support forms, which check the code and leave it usable. New logic lives here rather than in BudgetRound, which is near the contract-size limit.
contract PaperBallotDesk is IPaperBallotDesk, AccessControl, EIP712, ERC2771Context {
    bytes32 public constant CLERK_ROLE = keccak256("CLERK_ROLE");

    bytes32 private constant APPROVAL_TYPEHASH = keccak256(
        "PaperApprovalBallot(uint256 roundId,uint32 district,uint256 selection,uint256 batchId)"
    );
    bytes32 private constant CUMULATIVE_TYPEHASH = keccak256(
        "PaperCumulativeBallot(uint256 roundId,uint32 district,bytes32 pointsHash,uint256 batchId)"
    );

    bytes32 private constant SUPPORT_TYPEHASH = keccak256("PaperSupport(uint256 proposalId,uint256 batchId)");

    IBudgetRound private immutable _budgetRound;
    IResidentRegistry private immutable _registry;

    /// @param budgetRound_ The BudgetRound to record into (grant this desk its CLERK_ROLE).
    /// @param registry_ The ResidentRegistry (grant this desk its CODE_CONSUMER_ROLE).
    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    constructor(
        address budgetRound_,
        address registry_,
        address admin,
        address trustedForwarder
    ) EIP712("BuurtkasPaperBallotDesk", "1") ERC2771Context(trustedForwarder) {
        if (budgetRound_ == address(0)) revert DeskZeroAddress("budgetRound");
        if (registry_ == address(0)) revert DeskZeroAddress("registry");
        if (admin == address(0)) revert DeskZeroAddress("admin");
        _budgetRound = IBudgetRound(budgetRound_);
        _registry = IResidentRegistry(registry_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IPaperBallotDesk
    function recordApprovalBallot(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external onlyRole(CLERK_ROLE) {
        address codeSigner = ECDSA.recover(approvalDigest(roundId, district, selection, batchId), signature);
        _useCode(batchId, district, codeSigner, proof);
        _budgetRound.recordPaperApprovalBallot(roundId, district, _serialOf(codeSigner), selection);
        emit PaperBallotWithCodeRecorded(roundId, district, batchId, codeSigner, _msgSender());
    }

    /// @inheritdoc IPaperBallotDesk
    function recordCumulativeBallot(
        uint256 roundId,
        uint32 district,
        uint256[] calldata points,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external onlyRole(CLERK_ROLE) {
        address codeSigner = ECDSA.recover(cumulativeDigest(roundId, district, points, batchId), signature);
        _useCode(batchId, district, codeSigner, proof);
        _budgetRound.recordPaperCumulativeBallot(roundId, district, _serialOf(codeSigner), points);
        emit PaperBallotWithCodeRecorded(roundId, district, batchId, codeSigner, _msgSender());
    }

    /// @inheritdoc IPaperBallotDesk
    function recordSupport(
        uint256 proposalId,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external onlyRole(CLERK_ROLE) {
        address codeSigner = ECDSA.recover(supportDigest(proposalId, batchId), signature);
        uint32 codeDistrict = _registry.checkVoteCode(batchId, codeSigner, proof);
        if (_registry.isVoteCodeUsed(codeSigner)) revert DeskVoteCodeUsed(codeSigner);
        uint32 district = _budgetRound.getProposal(proposalId).district;
        if (codeDistrict != district) revert DeskWrongDistrict(batchId, codeDistrict, district);
        _budgetRound.recordPaperSupport(proposalId, codeSigner);
        emit PaperSupportWithCodeRecorded(proposalId, district, batchId, codeSigner, _msgSender());
    }

    /// @inheritdoc IPaperBallotDesk
    function supportDigest(uint256 proposalId, uint256 batchId) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SUPPORT_TYPEHASH, proposalId, batchId)));
    }

    /// @inheritdoc IPaperBallotDesk
    function approvalDigest(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 batchId
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(APPROVAL_TYPEHASH, roundId, district, selection, batchId)));
    }

    /// @inheritdoc IPaperBallotDesk
    function cumulativeDigest(
        uint256 roundId,
        uint32 district,
        uint256[] calldata points,
        uint256 batchId
    ) public view returns (bytes32) {
        bytes32 pointsHash = keccak256(abi.encodePacked(points));
        return _hashTypedDataV4(keccak256(abi.encode(CUMULATIVE_TYPEHASH, roundId, district, pointsHash, batchId)));
    }

    /// @inheritdoc IPaperBallotDesk
    function budgetRound() external view returns (address) {
        return address(_budgetRound);
    }

    /// @inheritdoc IPaperBallotDesk
    function registry() external view returns (address) {
        return address(_registry);
    }

    function _useCode(uint256 batchId, uint32 district, address codeSigner, bytes32[] calldata proof) private {
        uint32 codeDistrict = _registry.consumeVoteCode(batchId, codeSigner, proof);
        if (codeDistrict != district) revert DeskWrongDistrict(batchId, codeDistrict, district);
    }

    function _serialOf(address codeSigner) private pure returns (bytes32) {
        return keccak256(abi.encode(codeSigner));
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
