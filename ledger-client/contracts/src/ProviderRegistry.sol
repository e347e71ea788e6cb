// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeERC20, IERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Reputation} from "./Reputation.sol";

/// @title ProviderRegistry
/// @notice Identifiable providers: a public profile, a registration fee to the treasury, periodic check-ins.
abstract contract ProviderRegistry is Reputation {
    using SafeERC20 for IERC20;

    /// @notice What a tenant needs to know about who runs the hardware.
    struct Profile {
        string name;
        string legalEntity;
        string contact;
        string jurisdiction;
        string website;
        string domain;
        bytes publicKey;
    }

    mapping(address provider => Profile) private _profiles;
    /// @notice Last check-in time of each registered provider; zero means not registered.
    mapping(address provider => uint256) public lastCheckIn;

    error AlreadyRegistered(address provider);
    error NotRegistered(address provider);
    error EmptyProviderName();
    error EmptyProviderDomain();

    event ProviderRegistered(address indexed provider, string name, string domain, uint256 fee);
    event ProviderUpdated(address indexed provider, string name, string domain);
    event ProviderCheckedIn(address indexed provider, uint256 checkedInAt);

    modifier onlyRegistered() {
        if (lastCheckIn[msg.sender] == 0) revert NotRegistered(msg.sender);
        _;
    }

    /// @notice Registers the caller as a provider; pulls `registrationFee` DCT to the treasury.
    /// @param profile the public profile; name and domain must not be empty
    function registerProvider(Profile calldata profile) external {
        if (lastCheckIn[msg.sender] != 0) revert AlreadyRegistered(msg.sender);
        _checkProfile(profile);
        _profiles[msg.sender] = profile;
        lastCheckIn[msg.sender] = block.timestamp;
        uint256 fee = registrationFee;
        emit ProviderRegistered(msg.sender, profile.name, profile.domain, fee);
        if (fee != 0) token.safeTransferFrom(msg.sender, treasury, fee);
    }

    /// @notice Replaces the caller's profile.
    /// @param profile the new profile; name and domain must not be empty
    function updateProvider(Profile calldata profile) external onlyRegistered {
        _checkProfile(profile);
        _profiles[msg.sender] = profile;
        emit ProviderUpdated(msg.sender, profile.name, profile.domain);
    }

    /// @notice Records that the caller's appliance is alive.
    function checkIn() external onlyRegistered {
        lastCheckIn[msg.sender] = block.timestamp;
        emit ProviderCheckedIn(msg.sender, block.timestamp);
    }

    /// @notice The profile of a registered provider.
    /// @param provider the provider's address
    /// @return the profile
    function profileOf(address provider) external view returns (Profile memory) {
        if (lastCheckIn[provider] == 0) revert NotRegistered(provider);
        return _profiles[provider];
    }

    function _checkProfile(Profile calldata profile) private pure {
        if (bytes(profile.name).length == 0) revert EmptyProviderName();
        if (bytes(profile.domain).length == 0) revert EmptyProviderDomain();
    }
}
