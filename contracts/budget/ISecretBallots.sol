// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IBudgetRound} from "./IBudgetRound.sol";

/// @title ISecretBallots
/// @notice Anonymous ballots for secret rounds of BudgetRound, with eligibility by RSA blind
/// signatures (Chaum). Before voting, the round's token issuer names one RSA public key per
/// district (e = 3, a modulus of 2048 to 4096 bits); it can never change. A registered
/// resident asks once per round for a token: a blinded message, recorded with the resident's
/// district. The issuer answers on chain with the blind signature, which this contract checks
/// against the blinded message. The browser unblinds it into a signature over the full-domain hash
/// of (chain id, this contract, round, district, one-time address) and casts the ballot from that
/// fresh one-time address: the signature proves a resident of the district was given the token,
/// without saying which one, since the issuer never saw the unblinded message.
/// @dev Token message. seed = keccak256(abi.encode(TOKEN_DOMAIN, chainid, address(this), roundId,
/// district, voter)); the full-domain hash is the modulus length k in bytes of
/// keccak256(abi.encodePacked(seed, uint32(i))) for i = 0, 1, ... concatenated, as a big-endian
/// integer reduced mod n. A token is the signature s (k bytes, s < n) with s^3 mod n equal to
/// it. Since s is unique for a message and the message names the one-time address, a token belongs
/// to one address: the address's ballot record is the token's nullifier. Ballots are signed by the
/// one-time key as EIP-712 `SecretBallot(uint256 roundId,uint32 district,uint256 selection,uint256 sequence)`
/// (domain "SecretBallots", version 1), so anyone may submit them (the relayer does); the sequence
/// is 0 for the first ballot and counts up with each replacement, so an old ballot cannot be replayed.
interface ISecretBallots {
    // ---------------------------------------------------------------- types

    /// @notice A token as the one-time address presents it.
    /// @param roundId The round it was issued for.
    /// @param district The district it was issued for.
    /// @param signature The unblinded RSA signature, as many bytes as the district key's modulus.
    struct Token {
        uint256 roundId;
        uint32 district;
        bytes signature;
    }

    /// @notice Where a resident's token request stands.
    enum RequestStatus {
        None,
        Requested,
        Issued
    }

    /// @notice A resident's token request.
    /// @param district The resident's district when asking.
    /// @param status Requested, or Issued once the issuer answered.
    /// @param blindedHash keccak256 of the blinded message.
    struct Request {
        uint32 district;
        RequestStatus status;
        bytes32 blindedHash;
    }

    /// @notice A district's public counts in a round: anonymous ballots can never exceed the tokens issued.
    /// @param requested Tokens requested by residents of the district.
    /// @param issued Tokens the issuer signed.
    /// @param ballots Tokens redeemed: first anonymous ballots counted (replacements are not).
    struct DistrictCounts {
        uint64 requested;
        uint64 issued;
        uint64 ballots;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A constructor address is zero; `field` names it.
    error SecretZeroAddress(string field);

    /// @notice The round does not have secret ballots.
    error SecretRoundNotSecret(uint256 roundId);

    /// @notice The round's keys were already named; they never change.
    error SecretKeysAlreadySet(uint256 roundId, address issuer);

    /// @notice The round's keys are not named yet, so no token can be asked for or redeemed.
    error SecretKeysNotSet(uint256 roundId);

    /// @notice The action is not possible in the round's current phase.
    error SecretWrongPhase(uint256 roundId, IBudgetRound.Phase phase);

    /// @notice One key per district is needed, in the order of the round's districts.
    error SecretKeyCount(uint256 given, uint256 districts);

    /// @notice A district's key is not a modulus this contract accepts; `reason` says why.
    error SecretInvalidKey(uint32 district, string reason);

    /// @notice `account` is not a current resident of any district of the round.
    error SecretNotResident(uint256 roundId, address account);

    /// @notice `resident` already asked for this round's token (one per resident).
    error SecretTokenAlreadyRequested(uint256 roundId, address resident);

    /// @notice The blinded message is not a number below the district key's modulus.
    error SecretInvalidBlindedMessage(uint256 roundId, uint32 district);

    /// @notice Only the issuer who named the round's keys answers its requests.
    error SecretNotIssuer(uint256 roundId, address caller);

    /// @notice `resident` has no request waiting for an answer in this round.
    error SecretNoPendingRequest(uint256 roundId, address resident);

    /// @notice The blinded message given is not the one `resident` asked to have signed.
    error SecretBlindedMessageMismatch(uint256 roundId, address resident);

    /// @notice The issuer's answer is not a valid signature on the blinded message.
    error SecretInvalidBlindSignature(uint256 roundId, address resident);

    /// @notice The token was issued for another round than the ballot's.
    error SecretTokenForOtherRound(uint256 tokenRound, uint256 roundId);

    /// @notice The token was issued for another district than the ballot's.
    error SecretTokenForOtherDistrict(uint32 tokenDistrict, uint32 district);

    /// @notice The token is not the district key's signature for `voter`: forged, or for another address.
    error SecretInvalidToken(uint256 roundId, uint32 district, address voter);

    /// @notice `voter` already redeemed its token; a new choice goes through {replaceBallot}.
    error SecretTokenAlreadyUsed(uint256 roundId, address voter);

    /// @notice `voter` has no ballot to replace yet.
    error SecretNoBallotToReplace(uint256 roundId, address voter);

    /// @notice The ballot is signed for another sequence number: replayed, or out of order.
    error SecretStaleSequence(address voter, uint256 sequence, uint256 expected);

    /// @notice The district already counts as many anonymous ballots as tokens were issued there.
    error SecretDistrictFull(uint256 roundId, uint32 district, uint256 issued);

    // ---------------------------------------------------------------- events

    /// @notice The round's token issuer named its public keys (e = 3), one per district; final.
    /// @param roundId The round.
    /// @param issuer The account that answers the round's token requests.
    /// @param districts The round's districts.
    /// @param moduli The RSA modulus per district, big-endian, same order.
    event IssuerKeysSet(uint256 indexed roundId, address indexed issuer, uint32[] districts, bytes[] moduli);

    /// @notice A resident asked for the round's token.
    /// @param roundId The round.
    /// @param district The resident's district.
    /// @param resident The registered account.
    /// @param blinded The blinded message to sign (as long as the district's modulus).
    event TokenRequested(uint256 indexed roundId, uint32 indexed district, address indexed resident, bytes blinded);

    /// @notice The issuer signed a resident's blinded message (checked on chain).
    /// @param roundId The round.
    /// @param district The resident's district.
    /// @param resident The registered account.
    /// @param blindSignature The blind signature; the resident's browser unblinds it.
    event TokenIssued(uint256 indexed roundId, uint32 indexed district, address indexed resident, bytes blindSignature);

    /// @notice A one-time address redeemed its token with its first ballot (BudgetRound's
    /// {IBudgetRound-ApprovalBallotCast} carries the ballot itself).
    /// @param roundId The round.
    /// @param district The district.
    /// @param voter The one-time address.
    /// @param token The unblinded signature, for anyone to verify.
    event TokenRedeemed(uint256 indexed roundId, uint32 indexed district, address indexed voter, bytes token);

    // ---------------------------------------------------------------- functions

    /// @notice Names the round's token keys, one RSA modulus per district (e = 3); the caller
    /// becomes the round's issuer. The keys can never change.
    /// @dev Requirements: caller has ISSUER_ROLE; the round is secret and not yet voting; keys not
    /// set; one modulus per district, in the round's order, each 256 to 512 bytes in whole 32-byte
    /// words, its top bit set and odd. Emits an {IssuerKeysSet} event.
    function setIssuerKeys(uint256 roundId, bytes[] calldata moduli) external;

    /// @notice Asks for the caller's token for the round, in the caller's district.
    /// @dev Requirements: keys set; the round neither closed, finalized nor cancelled; the caller a
    /// current resident of one of the round's districts who has not asked before; `blinded` as long
    /// as the district's modulus and below it. Emits a {TokenRequested} event.
    function requestToken(uint256 roundId, bytes calldata blinded) external;

    /// @notice Answers a resident's request with the blind signature.
    /// @dev Requirements: caller is the round's issuer; the resident's request is waiting;
    /// `blinded` is the requested message; `blindSignature`^3 mod n equals it. Emits a
    /// {TokenIssued} event.
    function issueToken(
        uint256 roundId,
        address resident,
        bytes calldata blinded,
        bytes calldata blindSignature
    ) external;

    /// @notice Casts a one-time address's first ballot with its token; anyone may submit it.
    /// @dev Requirements: `ballotSignature` is the one-time key's EIP-712 `SecretBallot` signature
    /// with sequence 0; the token is for this round and district and verifies for the signer; the
    /// signer has no ballot yet; the district counts fewer anonymous ballots than tokens issued; the
    /// ballot valid as BudgetRound's {IBudgetRound-castApprovalBallotFor} requires. Emits a
    /// {TokenRedeemed} event (and BudgetRound an ApprovalBallotCast).
    function castBallot(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        Token calldata token,
        bytes calldata ballotSignature
    ) external;

    /// @notice Replaces a one-time address's ballot; the token was checked with the first one.
    /// @dev Requirements: `ballotSignature` is the one-time key's `SecretBallot` signature with
    /// `sequence` one more than its replacements so far; the signer has a ballot in `district`;
    /// the ballot valid. BudgetRound emits an ApprovalBallotCast with `replaced` set.
    function replaceBallot(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 sequence,
        bytes calldata ballotSignature
    ) external;

    /// @notice The round's issuer (zero before the keys are set).
    function issuerOf(uint256 roundId) external view returns (address);

    /// @notice The district's RSA modulus for the round (empty before the keys are set).
    function issuerKey(uint256 roundId, uint32 district) external view returns (bytes memory modulus);

    /// @notice A resident's token request.
    function requestOf(uint256 roundId, address resident) external view returns (Request memory);

    /// @notice A district's token and ballot counts.
    function countsOf(uint256 roundId, uint32 district) external view returns (DistrictCounts memory);

    /// @notice Replacements of `voter`'s ballot so far: the next {replaceBallot} signs this plus one.
    function replacementsOf(uint256 roundId, address voter) external view returns (uint256);

    /// @notice The full-domain hash a token for `voter` signs, as k big-endian bytes (k = the
    /// district modulus's length).
    function tokenMessage(uint256 roundId, uint32 district, address voter) external view returns (bytes memory);

    /// @notice The EIP-712 digest the one-time key signs for a ballot.
    function ballotDigest(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 sequence
    ) external view returns (bytes32);
}
