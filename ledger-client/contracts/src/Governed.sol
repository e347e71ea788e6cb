// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Governed
/// @notice The marketplace parameters a governance address (later the DAO) may change.
/// @dev Treasury, fee, penalty factor and accept window share one storage slot: every payout reads them together.
abstract contract Governed is Ownable2Step {
    /// @notice Upper bound of the fee so governance can never take the whole payment.
    uint16 public constant MAX_FEE_BPS = 1_000;

    /// @notice The payment token (DCT).
    IERC20 public immutable token;

    /// @notice Receives the marketplace fee and the registration fee.
    address public treasury;
    /// @notice Fee on every payout, in basis points (200 = 2%).
    uint16 public feeBps;
    /// @notice A penalty of `amount` costs the target `amount * penaltyFactor` reputation.
    uint16 public penaltyFactor;
    /// @notice Seconds a provider has to accept or reject a rental before the tenant may reclaim it.
    uint32 public acceptWindow;
    /// @notice DCT a provider pays to the treasury to register.
    uint256 public registrationFee;

    error ZeroAddress();
    error FeeTooHigh(uint256 bps, uint256 max);
    error ZeroPenaltyFactor();
    error ZeroAcceptWindow();

    event TreasuryChanged(address indexed treasury);
    event FeeChanged(uint16 bps);
    event PenaltyFactorChanged(uint16 factor);
    event AcceptWindowChanged(uint32 window);
    event RegistrationFeeChanged(uint256 fee);

    constructor(IERC20 token_, address governance, address treasury_) Ownable(governance) {
        if (address(token_) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        token = token_;
        treasury = treasury_;
        feeBps = 200;
        penaltyFactor = 2;
        acceptWindow = 1 hours;
        registrationFee = 10e9;
    }

    /// @notice Moves the treasury. Only governance.
    /// @param treasury_ the new treasury address, not zero
    function setTreasury(address treasury_) external onlyOwner {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }

    /// @notice Sets the payout fee. Only governance.
    /// @param bps the fee in basis points, at most MAX_FEE_BPS
    function setFeeBps(uint16 bps) external onlyOwner {
        if (bps > MAX_FEE_BPS) revert FeeTooHigh(bps, MAX_FEE_BPS);
        feeBps = bps;
        emit FeeChanged(bps);
    }

    /// @notice Sets how much a penalty costs its target per unit spent. Only governance.
    /// @param factor the multiplier, at least 1
    function setPenaltyFactor(uint16 factor) external onlyOwner {
        if (factor == 0) revert ZeroPenaltyFactor();
        penaltyFactor = factor;
        emit PenaltyFactorChanged(factor);
    }

    /// @notice Sets the time a provider has to answer a rental request. Only governance.
    /// @param window seconds, not zero
    function setAcceptWindow(uint32 window) external onlyOwner {
        if (window == 0) revert ZeroAcceptWindow();
        acceptWindow = window;
        emit AcceptWindowChanged(window);
    }

    /// @notice Sets the provider registration fee. Only governance.
    /// @param fee DCT base units (9 decimals), zero allowed
    function setRegistrationFee(uint256 fee) external onlyOwner {
        registrationFee = fee;
        emit RegistrationFeeChanged(fee);
    }
}
