// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DcloudToken} from "../DcloudToken.sol";

/// @title DcloudTestToken
/// @notice DCT for local and test chains only: the constructor pre-mints to test accounts. Never deploy it to a
///         production network; `dcloud chain deploy --production` deploys DcloudToken instead.
contract DcloudTestToken is DcloudToken {
    /// @param governance owner
    /// @param treasury_ receives participation fees
    /// @param accounts test accounts to fund
    /// @param amount base units minted to each
    constructor(address governance, address treasury_, address[] memory accounts, uint256 amount)
        DcloudToken(governance, treasury_)
    {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _mint(accounts[i], amount);
        }
    }
}
