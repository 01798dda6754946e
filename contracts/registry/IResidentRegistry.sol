// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title IResidentRegistry
/// @notice Who may vote and claim tasks, per district. Two ways in: a registrar registers an account
/// after an identity check at the desk, or a resident redeems a one-time household vote code
/// against a Merkle root the municipality published. Nothing personal is stored on chain.
/// @dev Vote codes: each printed code deterministically derives a secp256k1 key (see
/// scripts/votecodes). The Merkle tree (OpenZeppelin StandardMerkleTree, leaf type `address`)
/// holds the addresses of those keys. A resident proves possession by signing
/// `VoteCode(address account,uint32 district,uint256 batchId)` (EIP-712, domain
/// "BuurtkasResidentRegistry" / "1") with the code's key: the code never appears on chain in
/// clear, and a signature cannot be reused for another account, so a pending redemption cannot be
/// front-run.
interface IResidentRegistry {
    // ---------------------------------------------------------------- types

    /// @notice A resident's registration.
    /// @param district District id (> 0).
    /// @param expiresAt Unix time from which the registration no longer counts.
    /// @param revoked Whether a registrar revoked it.
    /// @param viaVoteCode Whether it was made by redeeming a vote code.
    /// @param earningsYear Dutch calendar year of `earned`.
    /// @param earned Coins (cents) earned with tasks in `earningsYear`, over every task board.
    struct Registration {
        uint32 district;
        uint64 expiresAt;
        bool revoked;
        bool viaVoteCode;
        uint16 earningsYear;
        uint128 earned;
    }

    /// @notice A batch of household vote codes for one district.
    /// @param root Merkle root over the code addresses.
    /// @param district District the codes register into.
    /// @param redeemableUntil Last moment (inclusive) a code of this batch can be redeemed.
    /// @param registrationExpiresAt Expiry of registrations made with this batch.
    struct CodeBatch {
        bytes32 root;
        uint32 district;
        uint64 redeemableUntil;
        uint64 registrationExpiresAt;
    }

    // ---------------------------------------------------------------- errors

    /// @notice District id 0 is reserved for "none".
    error RegistryInvalidDistrict(uint32 district);

    /// @notice The zero address cannot be registered.
    error RegistryZeroAddress();

    /// @notice An expiry at or before the current time was given.
    error RegistryExpiryInPast(uint64 expiresAt, uint256 nowTime);

    /// @notice `account` has no registration to revoke or expire.
    error RegistryNotRegistered(address account);

    /// @notice `account` already holds a current registration; revoke it first to move district.
    error RegistryAlreadyRegistered(address account, uint32 district);

    /// @notice A code batch with an empty Merkle root was published.
    error RegistryEmptyRoot();

    /// @notice No code batch with this id exists.
    error RegistryUnknownBatch(uint256 batchId);

    /// @notice The code batch can no longer be redeemed.
    error RegistryBatchClosed(uint256 batchId, uint64 redeemableUntil);

    /// @notice The code batch was withdrawn by the municipality.
    error RegistryBatchWithdrawn(uint256 batchId);

    /// @notice The signature does not come from a code in the batch's Merkle tree.
    error RegistryInvalidVoteCode(uint256 batchId, address codeSigner);

    /// @notice This vote code was redeemed before.
    error RegistryVoteCodeUsed(address codeSigner);

    /// @notice Earnings can only be recorded for an account that was registered.
    error RegistryEarningsForUnregistered(address account);

    // ---------------------------------------------------------------- events

    /// @notice An account was registered as a resident of a district.
    /// @param account The resident's account.
    /// @param district The district.
    /// @param expiresAt When the registration stops counting.
    /// @param registrar The registrar, or the zero address for a vote-code redemption.
    event ResidentRegistered(address indexed account, uint32 indexed district, uint64 expiresAt, address registrar);

    /// @notice A registration was revoked.
    /// @param account The former resident's account.
    /// @param district The district it was registered in.
    /// @param registrar The registrar who revoked it.
    event ResidentRevoked(address indexed account, uint32 indexed district, address registrar);

    /// @notice A registration's expiry was changed (renewed or shortened).
    /// @param account The resident's account.
    /// @param expiresAt The new expiry.
    /// @param registrar The registrar who changed it.
    event ResidentExpiryChanged(address indexed account, uint64 expiresAt, address registrar);

    /// @notice A batch of household vote codes was published.
    /// @param batchId Sequential batch id starting at 1.
    /// @param district The district its codes register into.
    /// @param root Merkle root over the code addresses.
    /// @param codeCount Number of codes in the batch (for the public record).
    /// @param redeemableUntil Last moment a code can be redeemed.
    /// @param registrationExpiresAt Expiry of registrations made with it.
    event CodeBatchPublished(
        uint256 indexed batchId,
        uint32 indexed district,
        bytes32 root,
        uint32 codeCount,
        uint64 redeemableUntil,
        uint64 registrationExpiresAt
    );

    /// @notice A code batch was withdrawn (for example after letters were lost); its unused codes stop working.
    /// @param batchId The withdrawn batch.
    event CodeBatchWithdrawn(uint256 indexed batchId);

    /// @notice A household vote code was redeemed.
    /// @param batchId The batch the code belongs to.
    /// @param codeSigner The address derived from the code (never the code itself).
    /// @param account The account that is now registered.
    event VoteCodeRedeemed(uint256 indexed batchId, address indexed codeSigner, address indexed account);

    /// @notice A household vote code was used up without registering an account: a paper ballot was
    /// recorded with it (the code can then no longer register, so the household cannot also vote online).
    /// @param batchId The batch the code belongs to.
    /// @param codeSigner The address derived from the code (never the code itself).
    /// @param consumer The contract that used it (holder of CODE_CONSUMER_ROLE, e.g. a PaperBallotDesk).
    event VoteCodeConsumed(uint256 indexed batchId, address indexed codeSigner, address indexed consumer);

    // ---------------------------------------------------------------- functions

    /// @notice Registers `account` as a resident of `district` until `expiresAt`.
    /// @dev Requirements: caller has REGISTRAR_ROLE; `account` not zero; `district` > 0;
    /// `expiresAt` in the future; `account` holds no current registration.
    /// Emits a {ResidentRegistered} event.
    function register(address account, uint32 district, uint64 expiresAt) external;

    /// @notice Revokes `account`'s registration.
    /// @dev Requirements: caller has REGISTRAR_ROLE; `account` holds a current registration.
    /// Emits a {ResidentRevoked} event.
    function revoke(address account) external;

    /// @notice Changes when `account`'s registration expires; an expiry in the past is refused,
    /// use {revoke} to end a registration now.
    /// @dev Requirements: caller has REGISTRAR_ROLE; `account` has a registration that is not
    /// revoked; `expiresAt` in the future. Emits a {ResidentExpiryChanged} event.
    function setExpiry(address account, uint64 expiresAt) external;

    /// @notice Publishes a batch of household vote codes for `district`.
    /// @dev Requirements: caller has CODE_ISSUER_ROLE; `root` not zero; `district` > 0;
    /// `redeemableUntil` and `registrationExpiresAt` in the future.
    /// Emits a {CodeBatchPublished} event.
    /// @return batchId The new batch's id.
    function publishCodeBatch(
        uint32 district,
        bytes32 root,
        uint32 codeCount,
        uint64 redeemableUntil,
        uint64 registrationExpiresAt
    ) external returns (uint256 batchId);

    /// @notice Withdraws a code batch: its unused codes stop working; registrations made stay.
    /// @dev Requirements: caller has CODE_ISSUER_ROLE; the batch exists and is not withdrawn.
    /// Emits a {CodeBatchWithdrawn} event.
    function withdrawCodeBatch(uint256 batchId) external;

    /// @notice Registers the caller (or the signer of a relayed request) with a household vote code.
    /// @dev Requirements: the batch exists, is not withdrawn and is still redeemable; `signature`
    /// is the code key's EIP-712 signature over (caller, the batch's district, batchId); the code
    /// address is a leaf of the batch's tree (`proof`); the code was not used; the caller holds no
    /// current registration. Emits a {VoteCodeRedeemed} and a {ResidentRegistered} event.
    /// @param batchId The batch printed on the letter.
    /// @param signature 65-byte signature by the code's key.
    /// @param proof Merkle proof of the code address in the batch's tree.
    function redeemVoteCode(uint256 batchId, bytes calldata signature, bytes32[] calldata proof) external;

    /// @notice Uses up the vote code whose derived address is `codeSigner`, without registering
    /// anyone; for a ballot cast with the code in another channel (paper). The caller has checked
    /// that the code's key signed what the code is used for.
    /// @dev Requirements: caller has CODE_CONSUMER_ROLE; the batch exists, is not withdrawn and still
    /// redeemable; `codeSigner` is a leaf of its tree (`proof`); the code was not used.
    /// Emits a {VoteCodeConsumed} event.
    /// @return district The district of the code's batch.
    function consumeVoteCode(
        uint256 batchId,
        address codeSigner,
        bytes32[] calldata proof
    ) external returns (uint32 district);

    /// @notice Checks that `codeSigner` is a code of an open batch, without using it up; for a paper
    /// support form, which carries the code but must leave it usable for the household's ballot.
    /// @dev Requirements: as {consumeVoteCode} except the caller's role and whether the code was
    /// used (see {isVoteCodeUsed}). Reverts with the same errors.
    /// @return district The district of the code's batch.
    function checkVoteCode(
        uint256 batchId,
        address codeSigner,
        bytes32[] calldata proof
    ) external view returns (uint32 district);

    /// @notice Adds `amount` to `resident`'s earnings of the current Dutch calendar year if that keeps
    /// them within `cap`; otherwise changes nothing. The total lives here, next to the registration,
    /// so one cap holds per person over every task board (the volunteer-allowance limit is per person).
    /// @dev Requirements: caller has EARNINGS_RECORDER_ROLE (a TaskBoard). Emits no event: the
    /// recording board emits the payment, with the year.
    /// @return recorded Whether the amount was added.
    /// @return year The current Dutch calendar year.
    /// @return earnedBefore Earnings in `year` before this call.
    function recordEarnings(
        address resident,
        uint256 amount,
        uint256 cap
    ) external returns (bool recorded, uint256 year, uint256 earnedBefore);

    /// @notice Coins `resident` earned in `year`. Only the latest year with earnings is kept in
    /// storage: for an earlier year this returns 0 (its payments are in the boards' events).
    function earnedIn(address resident, uint256 year) external view returns (uint256);

    /// @notice Whether `account` is a current (registered, not revoked, not expired) resident of `district`.
    function isResident(address account, uint32 district) external view returns (bool);

    /// @notice The stored registration of `account` (district 0 if never registered).
    function registrationOf(address account) external view returns (Registration memory);

    /// @notice A code batch by id.
    function codeBatch(uint256 batchId) external view returns (CodeBatch memory);

    /// @notice Number of code batches published (also the latest id).
    function codeBatchCount() external view returns (uint256);

    /// @notice Whether the vote code with this derived address has been redeemed.
    function isVoteCodeUsed(address codeSigner) external view returns (bool);

    /// @notice The address of the vote code `account` redeemed (zero if a registrar registered it): the
    /// link {VoteCodeRedeemed} already publishes, readable on chain.
    function voteCodeOf(address account) external view returns (address codeSigner);

    /// @notice The EIP-712 digest a vote code's key signs to register `account`.
    function voteCodeDigest(address account, uint32 district, uint256 batchId) external view returns (bytes32);
}
