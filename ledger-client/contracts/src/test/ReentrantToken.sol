// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The marketplace function the attack re-enters.
interface IClaimable {
    /// @notice Pays a rental's accrued amount to its provider.
    /// @param rentalId the rental
    function claim(uint256 rentalId) external;
}

/// @title ReentrantToken
/// @notice Tests only: an ERC-20 that, while the marketplace pays out, calls `claim` again to get paid twice.
///         The marketplace must refuse the inner call and pay exactly once.
contract ReentrantToken is ERC20 {
    /// @notice The marketplace under attack; zero when disarmed.
    address public target;
    /// @notice The rental whose claim is re-entered.
    uint256 public rentalId;
    /// @notice Revert data of the last refused re-entry.
    bytes public lastReentryError;

    event ReentryAttempted(bool succeeded, bytes error);

    constructor() ERC20("reentrant", "RE") {}

    /// @notice Mints test funds to anyone.
    /// @param to recipient
    /// @param amount base units
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms one re-entry into `market.claim(rentalId_)` on the market's next payout.
    /// @param market the marketplace
    /// @param rentalId_ the rental
    function arm(address market, uint256 rentalId_) external {
        target = market;
        rentalId = rentalId_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address market = target;
        if (market != address(0) && from == market) {
            target = address(0);
            try IClaimable(market).claim(rentalId) {
                emit ReentryAttempted(true, "");
            } catch (bytes memory err) {
                lastReentryError = err;
                emit ReentryAttempted(false, err);
            }
        }
    }
}
