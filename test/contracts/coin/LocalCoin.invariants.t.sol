// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {LocalCoin} from "../../../contracts/coin/LocalCoin.sol";
import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Drives the coin with four key-holding actors: mints, transfers, permit-and-pull,
/// merchants registered and removed, redemptions, and the emergency pause. A model of balances,
/// merchants and the pause predicts whether each call must succeed; the ghost sums what was
/// minted and burned.
contract LocalCoinHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    uint256 public constant ACTORS = 4;
    uint256 private constant MAX_MINT = 1_000_000; // 10,000 coins

    LocalCoin private immutable _coin;
    address private immutable _minter;
    address private immutable _admin;
    address private immutable _merchantManager;

    address[ACTORS] public actors;
    mapping(address actor => uint256 privateKey) private _keyOf;

    mapping(address account => uint256 balance) public ghostBalance;
    mapping(address account => bool merchant) public ghostMerchant;
    bool public ghostPaused;
    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public ghostRedemptions;
    uint256 public mismatches;
    string public firstMismatch;

    constructor(LocalCoin coin_, address minter, address admin, address merchantManager) {
        _coin = coin_;
        _minter = minter;
        _admin = admin;
        _merchantManager = merchantManager;
        for (uint256 i = 0; i < ACTORS; ++i) {
            uint256 key = 0xA0 + i;
            actors[i] = vm.addr(key);
            _keyOf[actors[i]] = key;
        }
    }

    // ------------------------------------------------------------ actions

    function mint(uint256 toSeed, uint256 amount) external {
        address to = _actor(toSeed);
        // One in sixteen asks for zero coins.
        amount = amount % 16 == 0 ? 0 : bound(amount, 1, MAX_MINT);
        bool expected = !ghostPaused && amount > 0;
        vm.prank(_minter);
        try _coin.mint(to, amount) {
            _check(expected, "mint succeeded");
            ghostBalance[to] += amount;
            ghostMinted += amount;
        } catch {
            _check(!expected, "mint reverted");
        }
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        // Up to a little more than the balance, so overdrafts are tried too.
        amount = bound(amount, 0, ghostBalance[from] + 100);
        bool expected = !ghostPaused && amount <= ghostBalance[from];
        vm.prank(from);
        try _coin.transfer(to, amount) returns (bool ok) {
            _check(expected && ok, "transfer succeeded");
            ghostBalance[from] -= amount;
            ghostBalance[to] += amount;
        } catch {
            _check(!expected, "transfer reverted");
        }
    }

    /// @notice The owner signs an ERC-2612 permit; the spender submits it and pulls the coins.
    function permitAndPull(uint256 ownerSeed, uint256 spenderSeed, uint256 amount) external {
        address owner = _actor(ownerSeed);
        address spender = _actor(spenderSeed + 1);
        amount = bound(amount, 0, ghostBalance[owner] + 100);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, spender, amount, _coin.nonces(owner), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _coin.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf[owner], digest);

        vm.prank(spender);
        try _coin.permit(owner, spender, amount, deadline, v, r, s) {
            _check(true, "");
        } catch {
            _check(false, "permit reverted");
            return;
        }
        bool expected = !ghostPaused && amount <= ghostBalance[owner];
        vm.prank(spender);
        try _coin.transferFrom(owner, spender, amount) returns (bool ok) {
            _check(expected && ok, "transferFrom succeeded");
            ghostBalance[owner] -= amount;
            ghostBalance[spender] += amount;
        } catch {
            _check(!expected, "transferFrom reverted");
        }
    }

    function registerMerchant(uint256 actorSeed) external {
        address merchant = _actor(actorSeed);
        bool expected = !ghostMerchant[merchant];
        vm.prank(_merchantManager);
        try _coin.registerMerchant(merchant, keccak256(abi.encode(merchant))) {
            _check(expected, "registerMerchant succeeded");
            ghostMerchant[merchant] = true;
        } catch {
            _check(!expected, "registerMerchant reverted");
        }
    }

    function removeMerchant(uint256 actorSeed, uint8 chance) external {
        // Rarer than registering, so most runs have merchants.
        if (chance % 3 != 0) return;
        address merchant = _actor(actorSeed);
        bool expected = ghostMerchant[merchant];
        vm.prank(_merchantManager);
        try _coin.removeMerchant(merchant) {
            _check(expected, "removeMerchant succeeded");
            ghostMerchant[merchant] = false;
        } catch {
            _check(!expected, "removeMerchant reverted");
        }
    }

    function redeem(uint256 actorSeed, uint256 amount, bytes32 paymentReference) external {
        address merchant = _actor(actorSeed);
        amount = bound(amount, 0, ghostBalance[merchant] + 100);
        // One in eight omits the payment reference.
        if (uint256(paymentReference) % 8 == 0) paymentReference = bytes32(0);
        bool expected =
            !ghostPaused &&
                ghostMerchant[merchant] &&
                amount > 0 &&
                amount <= ghostBalance[merchant] &&
                paymentReference != bytes32(0);
        vm.prank(merchant);
        try _coin.redeem(amount, paymentReference) returns (uint256 redemptionId) {
            _check(expected && redemptionId == ghostRedemptions + 1, "redeem succeeded");
            ghostBalance[merchant] -= amount;
            ghostBurned += amount;
            ghostRedemptions += 1;
        } catch {
            _check(!expected, "redeem reverted");
        }
    }

    function pause(uint8 chance) external {
        // Rarely, so most runs spend most of their calls unpaused.
        if (chance % 4 != 0) return;
        bool expected = !ghostPaused;
        vm.prank(_admin);
        try _coin.pause() {
            _check(expected, "pause succeeded");
            ghostPaused = true;
        } catch {
            _check(!expected, "pause reverted");
        }
    }

    function unpause() external {
        bool expected = ghostPaused;
        vm.prank(_admin);
        try _coin.unpause() {
            _check(expected, "unpause succeeded");
            ghostPaused = false;
        } catch {
            _check(!expected, "unpause reverted");
        }
    }

    function actorList() external view returns (address[ACTORS] memory) {
        return actors;
    }

    // ------------------------------------------------------------ helpers

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % ACTORS];
    }

    function bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        return min + (x % (max - min + 1));
    }

    function _check(bool ok, string memory what) private {
        if (ok) return;
        if (mismatches == 0) firstMismatch = what;
        mismatches += 1;
    }
}

/// @notice The coin's supply is exactly what was minted minus what merchants redeemed.
contract LocalCoinInvariantTest is Test {
    LocalCoin private coin;
    LocalCoinHandler private handler;

    function setUp() public {
        address minter = address(0x5EED);
        address merchantManager = address(0x3A3A);
        coin = new LocalCoin("Heitje", "HTJ", address(this), address(0));
        handler = new LocalCoinHandler(coin, minter, address(0xAD), merchantManager);
        coin.grantRole(coin.MINTER_ROLE(), minter);
        coin.grantRole(coin.MERCHANT_MANAGER_ROLE(), merchantManager);
        coin.grantRole(coin.DEFAULT_ADMIN_ROLE(), address(0xAD));
        targetContract(address(handler));
    }

    /// @dev One invariant function, so one campaign of runs checks every property after every call.
    function invariant_supplyIsMintedMinusRedeemed() public view {
        vm.assertEq(handler.mismatches(), 0, handler.firstMismatch());
        uint256 supply = coin.totalSupply();
        vm.assertEq(supply, coin.totalMinted() - coin.totalRedeemed(), "totalSupply != totalMinted - totalRedeemed");
        vm.assertEq(coin.totalMinted(), handler.ghostMinted(), "totalMinted != coins minted");
        vm.assertEq(coin.totalRedeemed(), handler.ghostBurned(), "totalRedeemed != coins burned");
        vm.assertEq(coin.redemptionCount(), handler.ghostRedemptions(), "redemptionCount");
        vm.assertEq(coin.paused(), handler.ghostPaused(), "paused");

        address[4] memory actors = handler.actorList();
        uint256 sum = 0;
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 balance = coin.balanceOf(actors[i]);
            vm.assertEq(balance, handler.ghostBalance(actors[i]), "balance differs from the model");
            vm.assertEq(coin.isMerchant(actors[i]), handler.ghostMerchant(actors[i]), "isMerchant");
            sum += balance;
        }
        vm.assertEq(sum, supply, "the actors' balances do not add up to the supply");
    }
}
