// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Governed} from "./Governed.sol";

/// @title Reputation
/// @notice Non-transferable reputation: earned slowly on payouts, lost quickly by penalties, never below zero.
abstract contract Reputation is Governed {
    /// @notice Reputation of each account; it has no transfer function by design.
    mapping(address account => uint256) public reputationOf;

    error InsufficientReputation(uint256 available, uint256 needed);
    error SelfPenalty();
    error ZeroAmount();

    event ReputationChanged(address indexed account, uint256 reputation);
    event Penalized(address indexed by, address indexed target, uint256 cost, uint256 loss);

    /// @notice Spends `amount` of the caller's reputation to lower the target's by `amount * penaltyFactor`.
    /// @param target the account to penalize, not the caller
    /// @param amount reputation the caller gives up, not zero and at most the caller's reputation
    function penalize(address target, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        if (target == msg.sender) revert SelfPenalty();
        uint256 own = reputationOf[msg.sender];
        if (own < amount) revert InsufficientReputation(own, amount);
        uint256 theirs = reputationOf[target];
        uint256 loss = amount * penaltyFactor;
        if (loss > theirs) loss = theirs;
        reputationOf[msg.sender] = own - amount;
        reputationOf[target] = theirs - loss;
        emit Penalized(msg.sender, target, amount, loss);
        emit ReputationChanged(msg.sender, own - amount);
        emit ReputationChanged(target, theirs - loss);
    }

    function _gainReputation(address account, uint256 amount) internal {
        uint256 updated = reputationOf[account] + amount;
        reputationOf[account] = updated;
        emit ReputationChanged(account, updated);
    }
}
