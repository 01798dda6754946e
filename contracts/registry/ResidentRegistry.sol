// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {CalendarYear} from "../utils/CalendarYear.sol";
import {IResidentRegistry} from "./IResidentRegistry.sol";

/// @title ResidentRegistry
/// @notice Registrations of residents per district, by a registrar or by a household vote code.
contract ResidentRegistry is IResidentRegistry, AccessControl, EIP712, ERC2771Context {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant CODE_ISSUER_ROLE = keccak256("CODE_ISSUER_ROLE");
    bytes32 public constant EARNINGS_RECORDER_ROLE = keccak256("EARNINGS_RECORDER_ROLE");
    /// @notice Held by whoever may hide a text or photo in the content store (the API reads it here).
    bytes32 public constant MODERATOR_ROLE = keccak256("MODERATOR_ROLE");
    bytes32 public constant CODE_CONSUMER_ROLE = keccak256("CODE_CONSUMER_ROLE");

    bytes32 private constant VOTE_CODE_TYPEHASH = keccak256(
        "VoteCode(address account,uint32 district,uint256 batchId)"
    );

    mapping(address account => Registration registration) private _registrations;
    mapping(uint256 batchId => CodeBatch batch) private _batches;
    mapping(uint256 batchId => bool withdrawn) private _withdrawnBatches;
    mapping(address codeSigner => bool used) private _usedCodes;
    /// @dev The same link VoteCodeRedeemed publishes, kept so a contract can read it: a paper
    /// support recorded under a code's address then counts for the account that redeemed the code.
    mapping(address account => address codeSigner) private _redeemedCodes;
    uint256 private _batchCount;

    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    constructor(
        address admin,
        address trustedForwarder
    ) EIP712("BuurtkasResidentRegistry", "1") ERC2771Context(trustedForwarder) {
        if (admin == address(0)) revert RegistryZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- registrar

    /// @inheritdoc IResidentRegistry
    function register(address account, uint32 district, uint64 expiresAt) external onlyRole(REGISTRAR_ROLE) {
        if (account == address(0)) revert RegistryZeroAddress();
        _register(account, district, expiresAt, _msgSender(), false);
    }

    /// @inheritdoc IResidentRegistry
    function revoke(address account) external onlyRole(REGISTRAR_ROLE) {
        Registration storage registration = _registrations[account];
        if (!_isCurrent(registration)) revert RegistryNotRegistered(account);
        registration.revoked = true;
        emit ResidentRevoked(account, registration.district, _msgSender());
    }

    /// @inheritdoc IResidentRegistry
    function setExpiry(address account, uint64 expiresAt) external onlyRole(REGISTRAR_ROLE) {
        Registration storage registration = _registrations[account];
        if (registration.district == 0 || registration.revoked) revert RegistryNotRegistered(account);
        if (expiresAt <= block.timestamp) revert RegistryExpiryInPast(expiresAt, block.timestamp);
        registration.expiresAt = expiresAt;
        emit ResidentExpiryChanged(account, expiresAt, _msgSender());
    }

    // ---------------------------------------------------------------- vote codes

    /// @inheritdoc IResidentRegistry
    function publishCodeBatch(
        uint32 district,
        bytes32 root,
        uint32 codeCount,
        uint64 redeemableUntil,
        uint64 registrationExpiresAt
    ) external onlyRole(CODE_ISSUER_ROLE) returns (uint256 batchId) {
        if (district == 0) revert RegistryInvalidDistrict(district);
        if (root == bytes32(0)) revert RegistryEmptyRoot();
        if (redeemableUntil <= block.timestamp) revert RegistryExpiryInPast(redeemableUntil, block.timestamp);
        if (registrationExpiresAt <= block.timestamp) {
            revert RegistryExpiryInPast(registrationExpiresAt, block.timestamp);
        }
        batchId = ++_batchCount;
        _batches[batchId] = CodeBatch(root, district, redeemableUntil, registrationExpiresAt);
        emit CodeBatchPublished(batchId, district, root, codeCount, redeemableUntil, registrationExpiresAt);
    }

    /// @inheritdoc IResidentRegistry
    function withdrawCodeBatch(uint256 batchId) external onlyRole(CODE_ISSUER_ROLE) {
        if (_batches[batchId].root == bytes32(0)) revert RegistryUnknownBatch(batchId);
        if (_withdrawnBatches[batchId]) revert RegistryBatchWithdrawn(batchId);
        _withdrawnBatches[batchId] = true;
        emit CodeBatchWithdrawn(batchId);
    }

    /// @inheritdoc IResidentRegistry
    function redeemVoteCode(uint256 batchId, bytes calldata signature, bytes32[] calldata proof) external {
        CodeBatch memory batch = _openBatch(batchId);
        address account = _msgSender();
        address codeSigner = ECDSA.recover(voteCodeDigest(account, batch.district, batchId), signature);
        _useCode(batchId, batch, codeSigner, proof);
        _redeemedCodes[account] = codeSigner;
        emit VoteCodeRedeemed(batchId, codeSigner, account);
        _register(account, batch.district, batch.registrationExpiresAt, address(0), true);
    }

    /// @inheritdoc IResidentRegistry
    function consumeVoteCode(
        uint256 batchId,
        address codeSigner,
        bytes32[] calldata proof
    ) external onlyRole(CODE_CONSUMER_ROLE) returns (uint32 district) {
        CodeBatch memory batch = _openBatch(batchId);
        _useCode(batchId, batch, codeSigner, proof);
        emit VoteCodeConsumed(batchId, codeSigner, _msgSender());
        return batch.district;
    }

    /// @inheritdoc IResidentRegistry
    function checkVoteCode(
        uint256 batchId,
        address codeSigner,
        bytes32[] calldata proof
    ) external view returns (uint32 district) {
        CodeBatch memory batch = _openBatch(batchId);
        _requireLeaf(batchId, batch, codeSigner, proof);
        return batch.district;
    }

    // ---------------------------------------------------------------- earnings

    /// @inheritdoc IResidentRegistry
    function recordEarnings(
        address resident,
        uint256 amount,
        uint256 cap
    ) external onlyRole(EARNINGS_RECORDER_ROLE) returns (bool recorded, uint256 year, uint256 earnedBefore) {
        Registration storage registration = _registrations[resident];
        if (registration.district == 0) revert RegistryEarningsForUnregistered(resident);
        year = CalendarYear.dutchYearOf(block.timestamp);
        earnedBefore = registration.earningsYear == year ? registration.earned : 0;
        if (earnedBefore + amount > cap) return (false, year, earnedBefore);
        // year < 2**16 until the year 65536; earnedBefore + amount <= cap, and a cap above 2**128
        // cents is beyond any money supply.
        registration.earningsYear = uint16(year);
        registration.earned = uint128(earnedBefore + amount);
        recorded = true;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IResidentRegistry
    function earnedIn(address resident, uint256 year) external view returns (uint256) {
        Registration storage registration = _registrations[resident];
        return registration.earningsYear == year ? registration.earned : 0;
    }

    /// @inheritdoc IResidentRegistry
    function isResident(address account, uint32 district) external view returns (bool) {
        Registration storage registration = _registrations[account];
        return district != 0 && registration.district == district && _isCurrent(registration);
    }

    /// @inheritdoc IResidentRegistry
    function registrationOf(address account) external view returns (Registration memory) {
        return _registrations[account];
    }

    /// @inheritdoc IResidentRegistry
    function codeBatch(uint256 batchId) external view returns (CodeBatch memory) {
        return _batches[batchId];
    }

    /// @inheritdoc IResidentRegistry
    function codeBatchCount() external view returns (uint256) {
        return _batchCount;
    }

    /// @notice Whether a code batch was withdrawn.
    function isCodeBatchWithdrawn(uint256 batchId) external view returns (bool) {
        return _withdrawnBatches[batchId];
    }

    /// @inheritdoc IResidentRegistry
    function isVoteCodeUsed(address codeSigner) external view returns (bool) {
        return _usedCodes[codeSigner];
    }

    /// @inheritdoc IResidentRegistry
    function voteCodeOf(address account) external view returns (address codeSigner) {
        return _redeemedCodes[account];
    }

    /// @inheritdoc IResidentRegistry
    function voteCodeDigest(address account, uint32 district, uint256 batchId) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOTE_CODE_TYPEHASH, account, district, batchId)));
    }

    // ---------------------------------------------------------------- internals

    function _openBatch(uint256 batchId) private view returns (CodeBatch memory batch) {
        batch = _batches[batchId];
        if (batch.root == bytes32(0)) revert RegistryUnknownBatch(batchId);
        if (_withdrawnBatches[batchId]) revert RegistryBatchWithdrawn(batchId);
        if (block.timestamp > batch.redeemableUntil) revert RegistryBatchClosed(batchId, batch.redeemableUntil);
    }

    /// @dev One code, one use, whichever channel uses it (a registration online or a paper ballot).
    function _useCode(uint256 batchId, CodeBatch memory batch, address codeSigner, bytes32[] calldata proof) private {
        _requireLeaf(batchId, batch, codeSigner, proof);
        if (_usedCodes[codeSigner]) revert RegistryVoteCodeUsed(codeSigner);
        _usedCodes[codeSigner] = true;
    }

    function _requireLeaf(
        uint256 batchId,
        CodeBatch memory batch,
        address codeSigner,
        bytes32[] calldata proof
    ) private pure {
        // Leaf encoding of OpenZeppelin's StandardMerkleTree for the leaf type ["address"].
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(codeSigner))));
        if (!MerkleProof.verifyCalldata(proof, batch.root, leaf)) revert RegistryInvalidVoteCode(batchId, codeSigner);
    }

    function _register(
        address account,
        uint32 district,
        uint64 expiresAt,
        address registrar,
        bool viaVoteCode
    ) private {
        if (district == 0) revert RegistryInvalidDistrict(district);
        if (expiresAt <= block.timestamp) revert RegistryExpiryInPast(expiresAt, block.timestamp);
        Registration storage current = _registrations[account];
        if (_isCurrent(current)) revert RegistryAlreadyRegistered(account, current.district);
        // Earnings stay with the account across re-registrations: the cap is per person per year.
        current.district = district;
        current.expiresAt = expiresAt;
        current.revoked = false;
        current.viaVoteCode = viaVoteCode;
        emit ResidentRegistered(account, district, expiresAt, registrar);
    }

    function _isCurrent(Registration storage registration) private view returns (bool) {
        return registration.district != 0 && !registration.revoked && block.timestamp < registration.expiresAt;
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
