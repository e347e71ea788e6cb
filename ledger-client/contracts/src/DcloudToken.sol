// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Where the token reads reputation to weight rewards (the marketplace).
interface IReputationSource {
    /// @notice Reputation of an account.
    /// @param account the account
    /// @return its reputation
    function reputationOf(address account) external view returns (uint256);
}

/// @title DcloudToken (DCT)
/// @notice ERC-20 with 9 decimals whose only minting is the reward schedule: 50 DCT per 10-minute period, halving
///         every 210,000 periods (about 21 million DCT in total), shared among the period's participants, who each
///         paid 1/100 of the period reward to the treasury, weighted by 1 + sqrt(reputation).
/// @dev The "+ 1" gives a newcomer without reputation a share of the period it paid for.
contract DcloudToken is ERC20, Ownable2Step {
    /// @notice Length of a reward period.
    uint256 public constant PERIOD = 10 minutes;
    /// @notice Reward of the first periods, in base units (9 decimals).
    uint256 public constant INITIAL_REWARD = 50e9;
    /// @notice The reward halves after this many periods.
    uint256 public constant HALVING_PERIODS = 210_000;

    /// @notice Start of period 0.
    uint256 public immutable genesis;
    /// @notice Receives participation fees.
    address public treasury;
    /// @notice Reputation weighting the rewards; zero weighs everyone equally.
    IReputationSource public reputationSource;

    /// @notice Sum of the participants' weights in each period.
    mapping(uint256 period => uint256) public totalWeight;
    /// @notice Weight of each participant in each period; zero once its reward was distributed.
    mapping(uint256 period => mapping(address account => uint256)) public weightOf;

    error ZeroAddress();
    error AlreadyParticipating(uint256 period, address account);
    error PeriodNotElapsed(uint256 period, uint256 current);
    error NotParticipant(uint256 period, address account);

    event TreasuryChanged(address indexed treasury);
    event ReputationSourceChanged(address indexed source);
    event Participated(uint256 indexed period, address indexed account, uint256 weight, uint256 fee);
    event RewardDistributed(uint256 indexed period, address indexed account, uint256 amount);

    /// @param governance owner (Ownable2Step)
    /// @param treasury_ receives participation fees
    constructor(address governance, address treasury_) ERC20("dcloud token", "DCT") Ownable(governance) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        genesis = block.timestamp;
    }

    /// @notice 9 decimals.
    /// @return 9
    function decimals() public pure override returns (uint8) {
        return 9;
    }

    /// @notice Moves the treasury. Only governance.
    /// @param treasury_ the new treasury, not zero
    function setTreasury(address treasury_) external onlyOwner {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }

    /// @notice Sets the contract whose reputation weights rewards. Only governance.
    /// @param source the marketplace
    function setReputationSource(IReputationSource source) external onlyOwner {
        reputationSource = source;
        emit ReputationSourceChanged(address(source));
    }

    /// @notice The period running now.
    /// @return its number, from 0
    function currentPeriod() public view returns (uint256) {
        return (block.timestamp - genesis) / PERIOD;
    }

    /// @notice The reward minted for a period.
    /// @param period the period
    /// @return base units
    function periodReward(uint256 period) public pure returns (uint256) {
        uint256 halvings = period / HALVING_PERIODS;
        return halvings >= 64 ? 0 : INITIAL_REWARD >> halvings;
    }

    /// @notice What participating in a period costs: 1/100 of its reward.
    /// @param period the period
    /// @return base units
    function participationFee(uint256 period) public pure returns (uint256) {
        return periodReward(period) / 100;
    }

    /// @notice Joins the current period's reward by paying its participation fee to the treasury.
    function participate() external {
        uint256 period = currentPeriod();
        if (weightOf[period][msg.sender] != 0) revert AlreadyParticipating(period, msg.sender);
        IReputationSource source = reputationSource;
        uint256 reputation = address(source) == address(0) ? 0 : source.reputationOf(msg.sender);
        uint256 weight = 1 + Math.sqrt(reputation);
        uint256 fee = participationFee(period);
        weightOf[period][msg.sender] = weight;
        totalWeight[period] += weight;
        emit Participated(period, msg.sender, weight, fee);
        _transfer(msg.sender, treasury, fee);
    }

    /// @notice Mints a participant's share of an elapsed period. Anyone may trigger it; it pays only once.
    /// @param period an elapsed period
    /// @param account a participant of that period
    function distribute(uint256 period, address account) external {
        uint256 current = currentPeriod();
        if (period >= current) revert PeriodNotElapsed(period, current);
        uint256 weight = weightOf[period][account];
        if (weight == 0) revert NotParticipant(period, account);
        weightOf[period][account] = 0;
        uint256 amount = periodReward(period) * weight / totalWeight[period];
        emit RewardDistributed(period, account, amount);
        _mint(account, amount);
    }
}
