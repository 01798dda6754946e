// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {ILocalCoin} from "../../../contracts/coin/ILocalCoin.sol";
import {LocalCoin} from "../../../contracts/coin/LocalCoin.sol";
import {Test} from "../utils/Test.sol";

/// @notice LocalCoin units: minting, the merchant registry, redemption and the emergency pause.
contract LocalCoinTest is Test {
    LocalCoin private coin;
    address private resident = address(0xA11CE);
    address private shop = address(0x5409);
    bytes32 private constant INVOICE = keccak256("invoice 2025-0042");

    function setUp() public {
        coin = new LocalCoin("Heitje", "HTJ", address(this), address(0));
        coin.grantRole(coin.MINTER_ROLE(), address(this));
        coin.grantRole(coin.MERCHANT_MANAGER_ROLE(), address(this));
        coin.registerMerchant(shop, keccak256("Bakkerij Jansen, Heerlen"));
        coin.mint(resident, 10_000);
    }

    function test_decimals_isTwoSoOneCoinIsOneHundredCents() public view {
        vm.assertEq(uint256(coin.decimals()), 2, "decimals");
    }

    function test_mint_revertsWithoutTheMinterRoleOrForNothing() public {
        bytes32 role = coin.MINTER_ROLE();
        vm.prank(resident);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, resident, role)
        );
        coin.mint(resident, 1);
        vm.expectRevert(ILocalCoin.CoinZeroAmount.selector);
        coin.mint(resident, 0);
        vm.expectRevert(ILocalCoin.CoinZeroAddress.selector);
        coin.mint(address(0), 1);
    }

    function test_redeem_burnsTheCoinsAndRecordsTheRedemption() public {
        vm.prank(resident);
        coin.transfer(shop, 2_500);

        vm.expectEmit();
        emit ILocalCoin.Redeemed(1, shop, 2_000, INVOICE);
        vm.prank(shop);
        uint256 redemptionId = coin.redeem(2_000, INVOICE);

        vm.assertEq(redemptionId, 1, "first redemption");
        vm.assertEq(coin.balanceOf(shop), 500, "rest stays with the shop");
        vm.assertEq(coin.totalSupply(), 8_000, "burned");
        vm.assertEq(coin.totalRedeemed(), 2_000, "totalRedeemed");
        vm.assertEq(coin.totalMinted(), 10_000, "totalMinted unchanged");
    }

    function test_redeem_revertsForANonMerchantAnEmptyReferenceOrTooMuch() public {
        vm.prank(resident);
        vm.expectRevert(abi.encodeWithSelector(ILocalCoin.CoinNotMerchant.selector, resident));
        coin.redeem(100, INVOICE);

        vm.prank(resident);
        coin.transfer(shop, 100);
        vm.prank(shop);
        vm.expectRevert(ILocalCoin.CoinEmptyRedemptionReference.selector);
        coin.redeem(100, bytes32(0));
        vm.prank(shop);
        vm.expectRevert(ILocalCoin.CoinZeroAmount.selector);
        coin.redeem(0, INVOICE);
        vm.prank(shop);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, shop, 100, 101));
        coin.redeem(101, INVOICE);
    }

    function test_removeMerchant_endsRedemption() public {
        vm.prank(resident);
        coin.transfer(shop, 100);
        coin.removeMerchant(shop);
        vm.prank(shop);
        vm.expectRevert(abi.encodeWithSelector(ILocalCoin.CoinNotMerchant.selector, shop));
        coin.redeem(100, INVOICE);
        vm.expectRevert(abi.encodeWithSelector(ILocalCoin.CoinNotMerchant.selector, shop));
        coin.removeMerchant(shop);
    }

    function test_renameMerchant_emitsTheNewListingAndKeepsTheShopRedeeming() public {
        bytes32 renamed = keccak256("Bakkerij Jansen & Dochter, Heerlen");
        vm.expectEmit();
        emit ILocalCoin.MerchantRenamed(shop, renamed);
        coin.renameMerchant(shop, renamed);
        vm.assertTrue(coin.isMerchant(shop), "still a merchant");

        vm.prank(resident);
        coin.transfer(shop, 100);
        vm.prank(shop);
        coin.redeem(100, INVOICE);
        vm.assertEq(coin.totalRedeemed(), 100, "a renamed shop redeems");
    }

    function test_renameMerchant_revertsWithoutTheManagerRoleOrForAnAccountThatIsNoMerchant() public {
        bytes32 role = coin.MERCHANT_MANAGER_ROLE();
        vm.prank(resident);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, resident, role)
        );
        coin.renameMerchant(shop, keccak256("Overgenomen"));

        vm.expectRevert(abi.encodeWithSelector(ILocalCoin.CoinNotMerchant.selector, resident));
        coin.renameMerchant(resident, keccak256("Geen winkel"));

        coin.removeMerchant(shop);
        vm.expectRevert(abi.encodeWithSelector(ILocalCoin.CoinNotMerchant.selector, shop));
        coin.renameMerchant(shop, keccak256("Verdwenen winkel"));
    }

    function test_pause_stopsTransfersMintsAndRedemptionsUntilUnpaused() public {
        vm.prank(resident);
        coin.transfer(shop, 100);
        coin.pause();

        vm.prank(resident);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        coin.transfer(shop, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        coin.mint(resident, 1);
        vm.prank(shop);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        coin.redeem(100, INVOICE);

        coin.unpause();
        vm.prank(shop);
        coin.redeem(100, INVOICE);
        vm.assertEq(coin.totalRedeemed(), 100, "redeemed after unpause");
    }
}
