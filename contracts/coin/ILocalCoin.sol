// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ILocalCoin
/// @notice The local currency (1 coin = EUR 1, 2 decimals). Residents earn it for neighbourhood
/// tasks and spend it at registered merchants; a merchant redeems coins with the municipality,
/// which burns them here and pays euros off chain against the recorded reference.
/// @dev The whole external surface of {LocalCoin} beyond ERC-20 and ERC-2612.
interface ILocalCoin is IERC20, IERC20Permit {
    // ---------------------------------------------------------------- errors

    /// @notice `account` is not a registered merchant, so it cannot redeem.
    error CoinNotMerchant(address account);

    /// @notice `account` is already a registered merchant.
    error CoinMerchantAlreadyRegistered(address account);

    /// @notice A mint or redemption of zero coins was requested.
    error CoinZeroAmount();

    /// @notice A merchant or recipient address was the zero address.
    error CoinZeroAddress();

    /// @notice A redemption must carry a non-zero reference (the municipality's payment reference).
    error CoinEmptyRedemptionReference();

    // ---------------------------------------------------------------- events

    /// @notice New coins were created.
    /// @param to The account that received the coins.
    /// @param amount Amount in cents (2 decimals).
    /// @param minter The account holding the minter role that minted them.
    event Minted(address indexed to, uint256 amount, address indexed minter);

    /// @notice A shop was registered as a merchant that may redeem coins.
    /// @param merchant The merchant's account.
    /// @param nameHash keccak256 of the merchant's public listing (name, address, KvK number).
    event MerchantRegistered(address indexed merchant, bytes32 nameHash);

    /// @notice A merchant was removed from the registry; it can no longer redeem.
    /// @param merchant The former merchant's account.
    event MerchantRemoved(address indexed merchant);

    /// @notice A registered merchant's public listing changed (the shop was renamed or moved);
    /// residents see the listing `nameHash` anchors from now on.
    /// @param merchant The merchant's account.
    /// @param nameHash keccak256 of the merchant's new public listing.
    event MerchantRenamed(address indexed merchant, bytes32 nameHash);

    /// @notice A merchant redeemed coins: they were burned and the municipality owes the merchant
    /// `amount` cents in euros against `paymentReference`.
    /// @param redemptionId Sequential id of the redemption, starting at 1.
    /// @param merchant The redeeming merchant.
    /// @param amount Amount burned, in cents.
    /// @param paymentReference The payment reference (e.g. keccak256 of the invoice number).
    event Redeemed(uint256 indexed redemptionId, address indexed merchant, uint256 amount, bytes32 paymentReference);

    // ---------------------------------------------------------------- functions

    /// @notice Creates `amount` coins for `to`.
    /// @dev Requirements: caller has MINTER_ROLE; `to` is not zero; `amount` > 0; not paused.
    /// Emits a {Minted} and a {Transfer} event.
    /// @param to Recipient.
    /// @param amount Amount in cents.
    function mint(address to, uint256 amount) external;

    /// @notice Registers a shop as a merchant.
    /// @dev Requirements: caller has MERCHANT_MANAGER_ROLE; `merchant` is not zero and not yet
    /// registered. Emits a {MerchantRegistered} event.
    /// @param merchant The merchant's account.
    /// @param nameHash keccak256 of the merchant's public listing.
    function registerMerchant(address merchant, bytes32 nameHash) external;

    /// @notice Removes a merchant from the registry.
    /// @dev Requirements: caller has MERCHANT_MANAGER_ROLE; `merchant` is registered.
    /// Emits a {MerchantRemoved} event.
    /// @param merchant The merchant's account.
    function removeMerchant(address merchant) external;

    /// @notice Replaces a registered merchant's public listing (its name shown to residents).
    /// @dev Requirements: caller has MERCHANT_MANAGER_ROLE; `merchant` is registered.
    /// Emits a {MerchantRenamed} event.
    /// @param merchant The merchant's account.
    /// @param nameHash keccak256 of the merchant's new public listing.
    function renameMerchant(address merchant, bytes32 nameHash) external;

    /// @notice Burns `amount` of the calling merchant's coins and records the redemption.
    /// @dev Requirements: the caller (or the signer of a relayed request) is a registered merchant;
    /// `amount` > 0 and at most its balance; `paymentReference` is not zero; not paused.
    /// Emits a {Redeemed} and a {Transfer} event (to the zero address).
    /// @param amount Amount in cents.
    /// @param paymentReference The payment reference.
    /// @return redemptionId The id of the recorded redemption.
    function redeem(uint256 amount, bytes32 paymentReference) external returns (uint256 redemptionId);

    /// @notice Stops all transfers, mints and redemptions (emergency brake).
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; not paused. Emits a {Paused} event.
    function pause() external;

    /// @notice Lifts the emergency brake.
    /// @dev Requirements: caller has DEFAULT_ADMIN_ROLE; paused. Emits an {Unpaused} event.
    function unpause() external;

    /// @notice Whether `account` is a registered merchant.
    /// @param account The account to check.
    function isMerchant(address account) external view returns (bool);

    /// @notice Total coins ever minted, in cents.
    function totalMinted() external view returns (uint256);

    /// @notice Total coins ever redeemed (burned), in cents.
    function totalRedeemed() external view returns (uint256);

    /// @notice Number of redemptions recorded so far (also the id of the latest).
    function redemptionCount() external view returns (uint256);
}
