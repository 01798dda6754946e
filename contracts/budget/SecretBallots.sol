// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IResidentRegistry} from "../registry/IResidentRegistry.sol";
import {RsaFdh} from "../utils/RsaFdh.sol";
import {IBudgetRound} from "./IBudgetRound.sol";
import {ISecretBallots} from "./ISecretBallots.sol";

/// @title SecretBallots
/// @notice The ballot box of secret rounds: blind-signature tokens in, anonymous ballots out to
/// BudgetRound (which counts them like any other ballot). See {ISecretBallots}.
/// @dev Gas. A district key is stored as the code of a small data contract (read with one
/// EXTCODECOPY instead of eight storage reads); a first ballot writes only the district's count
/// word here, and BudgetRound's ballot word for the one-time address is the token's nullifier.
/// Ballots are not relayed through the ERC-2771 forwarder: the one-time key signs the ballot
/// itself (EIP-712), which spares the forwarder's nonce write for a fresh address.
contract SecretBallots is ISecretBallots, AccessControl, ERC2771Context, EIP712 {
    /// @notice May name a round's token keys and then answers that round's requests.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice Separates token messages from every other use of keccak256.
    bytes32 public constant TOKEN_DOMAIN = keccak256("buurtkas.secret-ballot.token.v1");

    bytes32 private constant BALLOT_TYPEHASH = keccak256(
        "SecretBallot(uint256 roundId,uint32 district,uint256 selection,uint256 sequence)"
    );

    uint256 private constant MIN_KEY_BYTES = 256;
    uint256 private constant MAX_KEY_BYTES = 512;

    IBudgetRound private immutable _budgetRound;
    IResidentRegistry private immutable _registry;

    mapping(uint256 roundId => address issuer) private _issuers;
    mapping(uint256 roundId => mapping(uint32 district => address keyData)) private _keys;
    mapping(uint256 roundId => mapping(address resident => Request request)) private _requests;
    mapping(uint256 roundId => mapping(uint32 district => DistrictCounts counts)) private _counts;
    mapping(uint256 roundId => mapping(address voter => uint256 replacements)) private _replacements;

    /// @param budgetRound_ The BudgetRound whose secret rounds this contract casts for (it must
    /// grant this contract its BALLOT_BOX_ROLE).
    /// @param registry_ The ResidentRegistry deciding who may ask for a token.
    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param trustedForwarder The ERC-2771 forwarder relaying residents' token requests.
    constructor(
        address budgetRound_,
        address registry_,
        address admin,
        address trustedForwarder
    ) ERC2771Context(trustedForwarder) EIP712("SecretBallots", "1") {
        if (budgetRound_ == address(0)) revert SecretZeroAddress("budgetRound");
        if (registry_ == address(0)) revert SecretZeroAddress("registry");
        if (admin == address(0)) revert SecretZeroAddress("admin");
        _budgetRound = IBudgetRound(budgetRound_);
        _registry = IResidentRegistry(registry_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- issuer

    /// @inheritdoc ISecretBallots
    function setIssuerKeys(uint256 roundId, bytes[] calldata moduli) external onlyRole(ISSUER_ROLE) {
        address issuer = _msgSender();
        if (_issuers[roundId] != address(0)) revert SecretKeysAlreadySet(roundId, _issuers[roundId]);
        IBudgetRound.Rules memory rules = _budgetRound.getRules(roundId);
        if (rules.secrecy != IBudgetRound.BallotSecrecy.Secret) revert SecretRoundNotSecret(roundId);
        IBudgetRound.Phase phase = _budgetRound.phase(roundId);
        if (phase >= IBudgetRound.Phase.Voting) revert SecretWrongPhase(roundId, phase);
        if (moduli.length != rules.districts.length) revert SecretKeyCount(moduli.length, rules.districts.length);
        for (uint256 i = 0; i < moduli.length; ++i) {
            _requireValidKey(rules.districts[i], moduli[i]);
            _keys[roundId][rules.districts[i]] = _storeKey(moduli[i]);
        }
        _issuers[roundId] = issuer;
        emit IssuerKeysSet(roundId, issuer, rules.districts, moduli);
    }

    /// @inheritdoc ISecretBallots
    function issueToken(
        uint256 roundId,
        address resident,
        bytes calldata blinded,
        bytes calldata blindSignature
    ) external {
        if (_msgSender() != _issuers[roundId] || _issuers[roundId] == address(0)) {
            revert SecretNotIssuer(roundId, _msgSender());
        }
        Request storage request = _requests[roundId][resident];
        if (request.status != RequestStatus.Requested) revert SecretNoPendingRequest(roundId, resident);
        if (keccak256(blinded) != request.blindedHash) revert SecretBlindedMessageMismatch(roundId, resident);
        uint32 district = request.district;
        if (!RsaFdh.verifyRaw(blindSignature, blinded, _key(roundId, district))) {
            revert SecretInvalidBlindSignature(roundId, resident);
        }
        request.status = RequestStatus.Issued;
        // At most one token per registered account and round: far below 2**64.
        unchecked {
            _counts[roundId][district].issued += 1;
        }
        emit TokenIssued(roundId, district, resident, blindSignature);
    }

    // ---------------------------------------------------------------- residents

    /// @inheritdoc ISecretBallots
    function requestToken(uint256 roundId, bytes calldata blinded) external {
        if (_issuers[roundId] == address(0)) revert SecretKeysNotSet(roundId);
        IBudgetRound.Phase phase = _budgetRound.phase(roundId);
        if (phase >= IBudgetRound.Phase.Closed) revert SecretWrongPhase(roundId, phase);
        address resident = _msgSender();
        Request storage request = _requests[roundId][resident];
        if (request.status != RequestStatus.None) revert SecretTokenAlreadyRequested(roundId, resident);
        uint32 district = _registry.registrationOf(resident).district;
        address keyData = _keys[roundId][district];
        if (keyData == address(0) || !_registry.isResident(resident, district)) {
            revert SecretNotResident(roundId, resident);
        }
        bytes memory modulus = _readKey(keyData);
        if (!RsaFdh.lessThan(blinded, modulus)) revert SecretInvalidBlindedMessage(roundId, district);
        request.district = district;
        request.status = RequestStatus.Requested;
        request.blindedHash = keccak256(blinded);
        // One request per registered account and round: far below 2**64.
        unchecked {
            _counts[roundId][district].requested += 1;
        }
        emit TokenRequested(roundId, district, resident, blinded);
    }

    // ---------------------------------------------------------------- one-time addresses

    /// @inheritdoc ISecretBallots
    function castBallot(
        uint256 roundId,
        uint32 districtId,
        uint256 selection,
        Token calldata token,
        bytes calldata ballotSignature
    ) external {
        address voter = ECDSA.recover(_ballotDigest(roundId, districtId, selection, 0), ballotSignature);
        if (token.roundId != roundId) revert SecretTokenForOtherRound(token.roundId, roundId);
        if (token.district != districtId) revert SecretTokenForOtherDistrict(token.district, districtId);
        if (!RsaFdh.verify(token.signature, _tokenSeed(roundId, districtId, voter), _key(roundId, districtId))) {
            revert SecretInvalidToken(roundId, districtId, voter);
        }
        if (_budgetRound.castApprovalBallotFor(roundId, districtId, voter, selection)) {
            revert SecretTokenAlreadyUsed(roundId, voter);
        }
        DistrictCounts storage counts = _counts[roundId][districtId];
        if (counts.ballots >= counts.issued) revert SecretDistrictFull(roundId, districtId, counts.issued);
        // ballots < issued < 2**64 (checked just above).
        unchecked {
            counts.ballots += 1;
        }
        emit TokenRedeemed(roundId, districtId, voter, token.signature);
    }

    /// @inheritdoc ISecretBallots
    function replaceBallot(
        uint256 roundId,
        uint32 districtId,
        uint256 selection,
        uint256 sequence,
        bytes calldata ballotSignature
    ) external {
        address voter = ECDSA.recover(_ballotDigest(roundId, districtId, selection, sequence), ballotSignature);
        uint256 expected = _replacements[roundId][voter] + 1;
        if (sequence != expected) revert SecretStaleSequence(voter, sequence, expected);
        if (!_budgetRound.castApprovalBallotFor(roundId, districtId, voter, selection)) {
            revert SecretNoBallotToReplace(roundId, voter);
        }
        _replacements[roundId][voter] = expected;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISecretBallots
    function issuerOf(uint256 roundId) external view returns (address) {
        return _issuers[roundId];
    }

    /// @inheritdoc ISecretBallots
    function issuerKey(uint256 roundId, uint32 district) external view returns (bytes memory modulus) {
        address keyData = _keys[roundId][district];
        if (keyData != address(0)) modulus = _readKey(keyData);
    }

    /// @inheritdoc ISecretBallots
    function requestOf(uint256 roundId, address resident) external view returns (Request memory) {
        return _requests[roundId][resident];
    }

    /// @inheritdoc ISecretBallots
    function countsOf(uint256 roundId, uint32 district) external view returns (DistrictCounts memory) {
        return _counts[roundId][district];
    }

    /// @inheritdoc ISecretBallots
    function replacementsOf(uint256 roundId, address voter) external view returns (uint256) {
        return _replacements[roundId][voter];
    }

    /// @inheritdoc ISecretBallots
    function tokenMessage(uint256 roundId, uint32 district, address voter) external view returns (bytes memory) {
        return RsaFdh.fullDomainHash(_tokenSeed(roundId, district, voter), _key(roundId, district));
    }

    /// @inheritdoc ISecretBallots
    function ballotDigest(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 sequence
    ) external view returns (bytes32) {
        return _ballotDigest(roundId, district, selection, sequence);
    }

    // ---------------------------------------------------------------- internals

    function _ballotDigest(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 sequence
    ) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, roundId, district, selection, sequence)));
    }

    function _tokenSeed(uint256 roundId, uint32 district, address voter) private view returns (bytes32) {
        return keccak256(abi.encode(TOKEN_DOMAIN, block.chainid, address(this), roundId, district, voter));
    }

    /// @dev The district's modulus; the round's keys must be set and the district one of its own.
    function _key(uint256 roundId, uint32 district) private view returns (bytes memory) {
        address keyData = _keys[roundId][district];
        if (keyData == address(0)) {
            if (_issuers[roundId] == address(0)) revert SecretKeysNotSet(roundId);
            revert IBudgetRound.RoundUnknownDistrict(roundId, district);
        }
        return _readKey(keyData);
    }

    function _requireValidKey(uint32 district, bytes calldata modulus) private pure {
        uint256 k = modulus.length;
        if (k < MIN_KEY_BYTES || k > MAX_KEY_BYTES || k % 32 != 0) {
            revert SecretInvalidKey(district, "length: 256 to 512 bytes, a multiple of 32");
        }
        if (uint8(modulus[0]) < 0x80) revert SecretInvalidKey(district, "top bit not set");
        if (uint8(modulus[k - 1]) & 1 == 0) revert SecretInvalidKey(district, "even");
    }

    /// @dev Deploys `modulus` as the code of a data contract, after a STOP byte so that calling it
    /// does nothing. Init code: PUSH2 size, DUP1, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 0, RETURN.
    function _storeKey(bytes calldata modulus) private returns (address keyData) {
        bytes memory init = abi.encodePacked(hex"61", uint16(modulus.length + 1), hex"80600c6000396000f300", modulus);
        assembly ("memory-safe") {
            keyData := create(0, add(init, 32), mload(init))
        }
        if (keyData == address(0)) revert SecretInvalidKey(0, "key contract not created");
    }

    function _readKey(address keyData) private view returns (bytes memory modulus) {
        // The code is a STOP byte and the modulus (at least 256 bytes), see _storeKey.
        uint256 size = keyData.code.length - 1;
        modulus = new bytes(size);
        assembly ("memory-safe") {
            extcodecopy(keyData, add(modulus, 32), 1, size)
        }
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
