// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title IPaperBallotDesk
/// @notice The clerk's desk for paper ballots and paper support forms cast with a household vote code. One code, one
/// ballot, across channels: recording a paper ballot uses the code up in the ResidentRegistry in
/// the same transaction (so it can no longer register an account and vote online), and a code
/// already redeemed online is refused here. The clerk types the code from the letter; the browser
/// derives the code's key and signs the ballot with it (EIP-712, domain
/// "BuurtkasPaperBallotDesk" / "1"), so a clerk cannot use a household's code without its letter.
/// @dev The desk records through BudgetRound's paper-ballot functions and must hold BudgetRound's
/// CLERK_ROLE and the registry's CODE_CONSUMER_ROLE; people hold this desk's CLERK_ROLE. For the
/// cross-channel guarantee no person holds BudgetRound's CLERK_ROLE directly. The ballot's serial
/// in BudgetRound is keccak256(abi.encode(codeSigner)).
interface IPaperBallotDesk {
    // ---------------------------------------------------------------- errors

    /// @notice The code belongs to a batch of another district than the ballot's.
    error DeskWrongDistrict(uint256 batchId, uint32 codeDistrict, uint32 ballotDistrict);

    /// @notice A paper support form carried a vote code that was used already: an account was
    /// registered with it (the household supports online, with that account) or a paper ballot was
    /// recorded with it.
    error DeskVoteCodeUsed(address codeSigner);

    /// @notice A constructor address was zero.
    error DeskZeroAddress(string what);

    // ---------------------------------------------------------------- events

    /// @notice A clerk recorded a paper ballot with a household's vote code.
    /// @param roundId The round.
    /// @param district The district.
    /// @param batchId The code's batch.
    /// @param codeSigner The address derived from the code (its serial in BudgetRound is its hash).
    /// @param clerk The clerk who entered it.
    event PaperBallotWithCodeRecorded(
        uint256 indexed roundId,
        uint32 indexed district,
        uint256 batchId,
        address indexed codeSigner,
        address clerk
    );

    /// @notice A clerk recorded a household's paper support form for a proposal.
    /// @param proposalId The proposal.
    /// @param district The proposal's district (also the code's).
    /// @param batchId The code's batch.
    /// @param codeSigner The address derived from the code (the supporter in BudgetRound's
    /// ProposalSupported event of the same transaction).
    /// @param clerk The clerk who entered it.
    event PaperSupportWithCodeRecorded(
        uint256 indexed proposalId,
        uint32 indexed district,
        uint256 batchId,
        address indexed codeSigner,
        address clerk
    );

    // ---------------------------------------------------------------- functions

    /// @notice Records a household's paper support form for a proposal, with the household's vote
    /// code. The code is checked but not used up: the household still votes, online or on paper.
    /// Once per code and proposal; a code that registered an account is refused (that account
    /// supports online, and BudgetRound refuses its online support of a proposal its code
    /// supported on paper).
    /// @dev Requirements: caller has CLERK_ROLE; `signature` is the code key's signature over
    /// PaperSupport(proposalId, batchId); the code is in the batch (`proof`), its batch open and of
    /// the proposal's district; the code not used (registry); the support phase; the code did not
    /// support the proposal before. Emits a {PaperSupportWithCodeRecorded} event (and BudgetRound's
    /// ProposalSupported).
    function recordSupport(
        uint256 proposalId,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external;

    /// @notice The EIP-712 digest a code's key signs for a paper support form.
    function supportDigest(uint256 proposalId, uint256 batchId) external view returns (bytes32);

    /// @notice Records a paper approval ballot cast with a household vote code.
    /// @dev Requirements: caller has CLERK_ROLE; `signature` is the code key's signature over
    /// PaperApprovalBallot(roundId, district, selection, batchId); the code is in the batch, unused,
    /// its batch open and of `district`; the ballot valid as for BudgetRound.castApprovalBallot in
    /// the voting phase. Emits a {PaperBallotWithCodeRecorded} event (and BudgetRound's and the
    /// registry's own events).
    function recordApprovalBallot(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external;

    /// @notice Records a paper cumulative ballot cast with a household vote code.
    /// @dev Requirements: as {recordApprovalBallot}, the signature over
    /// PaperCumulativeBallot(roundId, district, keccak256(abi.encodePacked(points)), batchId).
    /// Emits a {PaperBallotWithCodeRecorded} event.
    function recordCumulativeBallot(
        uint256 roundId,
        uint32 district,
        uint256[] calldata points,
        uint256 batchId,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external;

    /// @notice The EIP-712 digest a code's key signs for an approval ballot.
    function approvalDigest(
        uint256 roundId,
        uint32 district,
        uint256 selection,
        uint256 batchId
    ) external view returns (bytes32);

    /// @notice The EIP-712 digest a code's key signs for a cumulative ballot.
    function cumulativeDigest(
        uint256 roundId,
        uint32 district,
        uint256[] calldata points,
        uint256 batchId
    ) external view returns (bytes32);

    /// @notice The BudgetRound the desk records into.
    function budgetRound() external view returns (address);

    /// @notice The ResidentRegistry whose codes the desk uses up.
    function registry() external view returns (address);
}
