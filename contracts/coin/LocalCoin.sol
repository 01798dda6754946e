// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

import {ILocalCoin} from "./ILocalCoin.sol";

/// @title LocalCoin
/// @notice ERC-20 local currency with permit, 2 decimals, a minter role, a merchant registry and
/// redemption by burning. Transfers accept ERC-2771 meta-transactions so residents pay shops
/// without holding gas.
contract LocalCoin is ILocalCoin, ERC20Permit, ERC20Pausable, AccessControl, ERC2771Context {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant MERCHANT_MANAGER_ROLE = keccak256("MERCHANT_MANAGER_ROLE");

    mapping(address account => bool registered) private _merchants;
    uint256 private _totalMinted;
    uint256 private _totalRedeemed;
    uint256 private _redemptionCount;

    /// @param name_ Token name, e.g. "Heitje".
    /// @param symbol_ Token symbol, e.g. "HTJ".
    /// @param admin Receives DEFAULT_ADMIN_ROLE (the municipality's multisig in production).
    /// @param trustedForwarder The ERC-2771 forwarder whose relayed calls are trusted.
    constructor(
        string memory name_,
        string memory symbol_,
        address admin,
        address trustedForwarder
    ) ERC20(name_, symbol_) ERC20Permit(name_) ERC2771Context(trustedForwarder) {
        if (admin == address(0)) revert CoinZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ILocalCoin
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        if (to == address(0)) revert CoinZeroAddress();
        if (amount == 0) revert CoinZeroAmount();
        _mint(to, amount);
        _totalMinted += amount;
        emit Minted(to, amount, _msgSender());
    }

    /// @inheritdoc ILocalCoin
    function registerMerchant(address merchant, bytes32 nameHash) external onlyRole(MERCHANT_MANAGER_ROLE) {
        if (merchant == address(0)) revert CoinZeroAddress();
        if (_merchants[merchant]) revert CoinMerchantAlreadyRegistered(merchant);
        _merchants[merchant] = true;
        emit MerchantRegistered(merchant, nameHash);
    }

    /// @inheritdoc ILocalCoin
    function removeMerchant(address merchant) external onlyRole(MERCHANT_MANAGER_ROLE) {
        if (!_merchants[merchant]) revert CoinNotMerchant(merchant);
        _merchants[merchant] = false;
        emit MerchantRemoved(merchant);
    }

    /// @inheritdoc ILocalCoin
    function renameMerchant(address merchant, bytes32 nameHash) external onlyRole(MERCHANT_MANAGER_ROLE) {
        if (!_merchants[merchant]) revert CoinNotMerchant(merchant);
        emit MerchantRenamed(merchant, nameHash);
    }

    /// @inheritdoc ILocalCoin
    function redeem(uint256 amount, bytes32 paymentReference) external returns (uint256 redemptionId) {
        address merchant = _msgSender();
        if (!_merchants[merchant]) revert CoinNotMerchant(merchant);
        if (amount == 0) revert CoinZeroAmount();
        if (paymentReference == bytes32(0)) revert CoinEmptyRedemptionReference();
        _burn(merchant, amount);
        _totalRedeemed += amount;
        redemptionId = ++_redemptionCount;
        emit Redeemed(redemptionId, merchant, amount, paymentReference);
    }

    /// @inheritdoc ILocalCoin
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc ILocalCoin
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc ILocalCoin
    function isMerchant(address account) external view returns (bool) {
        return _merchants[account];
    }

    /// @inheritdoc ILocalCoin
    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    /// @inheritdoc ILocalCoin
    function totalRedeemed() external view returns (uint256) {
        return _totalRedeemed;
    }

    /// @inheritdoc ILocalCoin
    function redemptionCount() external view returns (uint256) {
        return _redemptionCount;
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Pausable) {
        super._update(from, to, value);
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
