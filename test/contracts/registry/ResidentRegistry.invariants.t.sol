// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ResidentRegistry} from "../../../contracts/registry/ResidentRegistry.sol";
import {AddressMerkleTree} from "../utils/AddressMerkleTree.sol";
import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {VoteCodes} from "./VoteCodeFixture.sol";

/// @notice Drives vote-code redemptions by five accounts over three batches (code 3 is in two of
/// them, batch 3 closes after a day, batch 2's registrations lapse after two days so accounts come
/// back for another code), front-running with copied signatures, a code that is in no tree,
/// revocations, desk registrations, withdrawals and time. A model of batches, codes and
/// registrations predicts whether each call must succeed; the ghost counts successful redemptions.
contract VoteCodeHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Codes 0..6 are printed in batches; code 7 (`STRANGER`) is in no tree.
    uint256 public constant CODES = 8;
    uint256 public constant STRANGER = 7;
    uint256 public constant ACCOUNTS = 5;

    struct Batch {
        bytes32[] tree;
        uint32 district;
        uint64 redeemableUntil;
        uint64 registrationExpiresAt;
        bool withdrawn;
    }

    ResidentRegistry private immutable _registry;
    Batch[] private _batches; // index = batchId - 1
    mapping(uint256 batchIndex => mapping(uint256 code => bool inTree)) private _inBatch;

    uint256 public now_;
    address[ACCOUNTS] public accounts;
    mapping(address account => uint64 expiresAt) private _expiresAt;
    mapping(address account => bool revoked) private _revoked;

    mapping(address codeSigner => uint256 count) public ghostRedemptions;
    mapping(address account => bool viaCode) public ghostLastRegistrationViaCode;
    uint256 public ghostRedemptionTotal;
    uint256 public ghostFrontRunsTried;
    uint256 public mismatches;
    string public firstMismatch;

    /// @param codes For each published batch (ids 1, 2, ...), the indexes of its codes.
    constructor(ResidentRegistry registry_, uint256 start, uint256[][] memory codes) {
        _registry = registry_;
        now_ = start;
        for (uint256 i = 0; i < ACCOUNTS; ++i) accounts[i] = address(uint160(0xACC0 + i));
        for (uint256 b = 0; b < codes.length; ++b) {
            ResidentRegistry.CodeBatch memory published = registry_.codeBatch(b + 1);
            _batches.push(
                Batch(
                    VoteCodes.tree(codes[b]),
                    published.district,
                    published.redeemableUntil,
                    published.registrationExpiresAt,
                    false
                )
            );
            for (uint256 i = 0; i < codes[b].length; ++i) _inBatch[b][codes[b][i]] = true;
        }
    }

    modifier atNow() {
        vm.warp(now_);
        _;
    }

    // ------------------------------------------------------------ actions

    function redeem(uint256 codeSeed, uint256 accountSeed, uint256 batchSeed) external atNow {
        uint256 code = codeSeed % CODES;
        address account = accounts[accountSeed % ACCOUNTS];
        // One in eight picks a batch id that does not exist.
        uint256 batchId = batchSeed % 8 == 7 ? _batches.length + 1 : 1 + (batchSeed % _batches.length);
        (bytes memory signature, bytes32[] memory proof) = _credentials(code, account, batchId);

        bool expected = batchId <= _batches.length && _redeemable(batchId, code) && !_isCurrent(account);
        vm.prank(account);
        try _registry.redeemVoteCode(batchId, signature, proof) {
            _check(expected, "redeemVoteCode succeeded");
            address codeSigner = VoteCodes.signer(code);
            ghostRedemptions[codeSigner] += 1;
            ghostRedemptionTotal += 1;
            ghostLastRegistrationViaCode[account] = true;
            _expiresAt[account] = _batches[batchId - 1].registrationExpiresAt;
            _revoked[account] = false;
        } catch {
            _check(!expected, "redeemVoteCode reverted");
        }
    }

    /// @notice Someone copies a pending redemption (signature and proof) into their own transaction.
    function frontRun(uint256 codeSeed, uint256 victimSeed, uint256 attackerSeed, uint256 batchSeed) external atNow {
        uint256 code = codeSeed % CODES;
        address victim = accounts[victimSeed % ACCOUNTS];
        address attacker = accounts[attackerSeed % ACCOUNTS];
        if (attacker == victim) attacker = address(0xBAD);
        uint256 batchId = 1 + (batchSeed % _batches.length);
        (bytes memory signature, bytes32[] memory proof) = _credentials(code, victim, batchId);
        ghostFrontRunsTried += 1;
        vm.prank(attacker);
        try _registry.redeemVoteCode(batchId, signature, proof) {
            _check(false, "a copied signature registered someone else");
        } catch {}
    }

    function revoke(uint256 accountSeed) external atNow {
        address account = accounts[accountSeed % ACCOUNTS];
        bool expected = _isCurrent(account);
        try _registry.revoke(account) {
            _check(expected, "revoke succeeded");
            _revoked[account] = true;
        } catch {
            _check(!expected, "revoke reverted");
        }
    }

    function registerAtDesk(uint256 accountSeed, uint32 district) external atNow {
        address account = accounts[accountSeed % ACCOUNTS];
        district = uint32(1 + (district % 3));
        uint64 expiresAt = uint64(now_ + 1 days);
        bool expected = !_isCurrent(account);
        try _registry.register(account, district, expiresAt) {
            _check(expected, "register succeeded");
            ghostLastRegistrationViaCode[account] = false;
            _expiresAt[account] = expiresAt;
            _revoked[account] = false;
        } catch {
            _check(!expected, "register reverted");
        }
    }

    function withdrawBatch(uint256 batchSeed, uint8 chance) external atNow {
        // Rarely, so most runs keep their batches open for a while.
        if (chance % 4 != 0) return;
        uint256 batchId = 1 + (batchSeed % _batches.length);
        bool expected = !_batches[batchId - 1].withdrawn;
        try _registry.withdrawCodeBatch(batchId) {
            _check(expected, "withdrawCodeBatch succeeded");
            _batches[batchId - 1].withdrawn = true;
        } catch {
            _check(!expected, "withdrawCodeBatch reverted");
        }
    }

    function warp(uint256 secondsSeed) external {
        now_ += 1 + (secondsSeed % 18 hours);
    }

    // ------------------------------------------------------------ views for the invariants

    function codeSigners() external pure returns (address[] memory signers) {
        signers = new address[](CODES);
        for (uint256 i = 0; i < CODES; ++i) signers[i] = VoteCodes.signer(i);
    }

    function accountList() external view returns (address[ACCOUNTS] memory) {
        return accounts;
    }

    // ------------------------------------------------------------ model

    /// @dev A valid signature by the code for (account, batch); the code's proof when it is in the
    /// batch's tree, otherwise the proof of a leaf that is.
    function _credentials(
        uint256 code,
        address account,
        uint256 batchId
    ) private view returns (bytes memory signature, bytes32[] memory proof) {
        uint32 district = batchId <= _batches.length ? _batches[batchId - 1].district : 0;
        signature = VoteCodes.sign(_registry, VoteCodes.key(code), account, district, batchId);
        if (batchId > _batches.length) return (signature, new bytes32[](0));
        bytes32[] memory tree = _batches[batchId - 1].tree;
        if (_inBatch[batchId - 1][code]) {
            proof = AddressMerkleTree.proof(tree, VoteCodes.signer(code));
        } else {
            // The last leaf of the array is always a leaf of the tree.
            bytes32 someLeaf = tree[tree.length - 1];
            proof = new bytes32[](0);
            for (uint256 c = 0; c < CODES; ++c) {
                if (AddressMerkleTree.leaf(VoteCodes.signer(c)) == someLeaf) {
                    proof = AddressMerkleTree.proof(tree, VoteCodes.signer(c));
                }
            }
        }
    }

    function _redeemable(uint256 batchId, uint256 code) private view returns (bool) {
        Batch storage batch = _batches[batchId - 1];
        return
            !batch.withdrawn &&
            now_ <= batch.redeemableUntil &&
            // A batch may be published with registrations lapsing before its codes stop working;
            // after that moment its codes cannot register anyone (RegistryExpiryInPast).
            now_ < batch.registrationExpiresAt &&
            _inBatch[batchId - 1][code] &&
            ghostRedemptions[VoteCodes.signer(code)] == 0;
    }

    function _isCurrent(address account) private view returns (bool) {
        return _expiresAt[account] != 0 && !_revoked[account] && now_ < _expiresAt[account];
    }

    function _check(bool ok, string memory what) private {
        if (ok) return;
        if (mismatches == 0) firstMismatch = what;
        mismatches += 1;
    }
}

/// @notice Each household vote code registers at most one account, ever.
contract ResidentRegistryVoteCodeInvariantTest is Test {
    uint256 private constant START = 1_735_675_200; // 2024-12-31T20:00:00Z

    ResidentRegistry private registry;
    VoteCodeHandler private handler;

    function setUp() public {
        vm.warp(START);
        registry = new ResidentRegistry(address(this), address(0));
        registry.grantRole(registry.CODE_ISSUER_ROLE(), address(this));

        uint256[][] memory codes = new uint256[][](3);
        codes[0] = VoteCodes.list(0, 1, 2, 3);
        codes[1] = VoteCodes.list(3, 4, 5);
        codes[2] = VoteCodes.list(6, 0);
        _publish(codes[0], 1, START + 30 days, START + 365 days);
        _publish(codes[1], 2, START + 30 days, START + 2 days);
        _publish(codes[2], 1, START + 1 days, START + 365 days);

        handler = new VoteCodeHandler(registry, START, codes);
        registry.grantRole(registry.CODE_ISSUER_ROLE(), address(handler));
        registry.grantRole(registry.REGISTRAR_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// @dev One invariant function, so one campaign of runs checks every property after every call.
    function invariant_eachCodeRegistersAtMostOneAccount() public view {
        vm.assertEq(handler.mismatches(), 0, handler.firstMismatch());
        address[] memory signers = handler.codeSigners();
        for (uint256 i = 0; i < signers.length; ++i) {
            uint256 count = handler.ghostRedemptions(signers[i]);
            vm.assertLe(count, 1, "a code redeemed twice");
            vm.assertEq(registry.isVoteCodeUsed(signers[i]), count == 1, "isVoteCodeUsed differs from the redemptions");
        }
        vm.assertFalse(registry.isVoteCodeUsed(signers[handler.STRANGER()]), "a code outside every tree was used");
        // Seven distinct codes are printed (code 3 in two batches).
        vm.assertLe(handler.ghostRedemptionTotal(), 7, "more redemptions than codes");

        address[5] memory accounts = handler.accountList();
        for (uint256 i = 0; i < accounts.length; ++i) {
            if (registry.registrationOf(accounts[i]).district == 0) continue;
            vm.assertEq(
                registry.registrationOf(accounts[i]).viaVoteCode,
                handler.ghostLastRegistrationViaCode(accounts[i]),
                "viaVoteCode"
            );
        }
    }

    function _publish(uint256[] memory codes, uint32 district, uint256 until, uint256 registrationExpiry) private {
        registry.publishCodeBatch(
            district,
            VoteCodes.tree(codes)[0],
            uint32(codes.length),
            uint64(until),
            uint64(registrationExpiry)
        );
    }
}
