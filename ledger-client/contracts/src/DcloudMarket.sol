// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeERC20, IERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Governed} from "./Governed.sol";
import {OfferBook} from "./OfferBook.sol";

/// @title DcloudMarket
/// @notice Rentals of published offers, paid into escrow and streamed to the provider per second.
/// @dev State machine (mirrored by the appliance):
///      Requested -> Active (accept) | Rejected (reject or terminate, refund) | Reclaimed (tenant, after acceptWindow,
///      refund); Active -> Ended (tenant ends or provider terminates early, unaccrued part back) | Expired (claimed
///      after the paid time ran out).
///      An Active rental past its end is reported as Expired by `rentalState` before the final claim.
contract DcloudMarket is OfferBook, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    enum RentalState {
        None,
        Requested,
        Active,
        Rejected,
        Reclaimed,
        Ended,
        Expired
    }

    /// @notice A rental as `rentalOf` reports it.
    struct Rental {
        address tenant;
        uint40 startedAt;
        uint32 duration;
        RentalState state;
        address provider;
        uint32 offerId;
        uint40 requestedAt;
        uint128 pricePerHour;
        uint128 paid;
    }

    /// @dev Two storage slots, the fewest `rent` can write: the provider is read from the offer (offers never change
    ///      hands), a price fits 80 bits (OfferSpec) and so what is paid, at most price x 65,535 hours, fits 96 bits.
    ///      The SSH key and label live only in the RentalRequested event.
    struct RentalRecord {
        address tenant;
        uint40 requestedAt;
        uint40 startedAt;
        RentalState state;
        uint80 pricePerHour;
        uint96 paid;
        uint32 offerId;
        uint32 duration;
    }

    uint16 private constant MAX_LABEL_LENGTH = 63;
    /// @notice Longest SSH public key line accepted: an RSA-8192 OpenSSH line with a comment fits; the bound keeps
    ///         `rent` (whose calldata and event carry the key) under its gas target of 180,000.
    uint16 public constant MAX_SSH_KEY_LENGTH = 1600;
    uint32 private constant HOUR = 3600;

    /// @notice Number of rentals ever requested (ids run from 1 to this).
    uint256 public rentalCount;
    mapping(uint256 rentalId => RentalRecord) private _rentals;

    error RentalNotFound(uint256 rentalId);
    error NotTenant(uint256 rentalId, address caller);
    error NotProvider(uint256 rentalId, address caller);
    error InvalidState(uint256 rentalId, RentalState state);
    error OfferUnavailable(uint256 offerId);
    error OutOfStock(uint256 offerId);
    error HoursOutOfRange(uint256 hoursRequested, uint16 minHours, uint16 maxHours);
    error EmptySshKey();
    error SshKeyTooLong(uint256 length, uint256 max);
    error InvalidLabel();
    error AcceptWindowOpen(uint256 rentalId, uint256 reclaimableAt);
    error NothingToClaim(uint256 rentalId);

    event RentalRequested(
        uint256 indexed rentalId,
        uint256 indexed offerId,
        address indexed provider,
        address tenant,
        uint256 hoursRented,
        uint256 deposit,
        bytes sshKey,
        string label
    );
    event RentalAccepted(uint256 indexed rentalId, address indexed provider, string accessDetails);
    event RentalRejected(uint256 indexed rentalId, address indexed provider, uint256 refund);
    event RentalReclaimed(uint256 indexed rentalId, address indexed provider, uint256 refund);
    event RentalExtended(uint256 indexed rentalId, address indexed provider, uint256 hoursAdded, uint256 deposit);
    event RentalEnded(uint256 indexed rentalId, address indexed provider, uint256 refund);
    event RentalTerminated(uint256 indexed rentalId, address indexed provider, uint256 refund);
    event RentalExpired(uint256 indexed rentalId, address indexed provider);
    event PaymentClaimed(uint256 indexed rentalId, address indexed provider, uint256 amount, uint256 fee);

    /// @param token_ the DCT token
    /// @param governance owner of the parameters (Ownable2Step)
    /// @param treasury_ receives fees
    constructor(IERC20 token_, address governance, address treasury_) Governed(token_, governance, treasury_) {}

    /// @notice Rents an offer for `hoursRented` hours: pulls price x hours DCT into escrow (the caller approves first).
    /// @param offerId the offer
    /// @param hoursRented within the offer's min and max hours
    /// @param sshKey the tenant's public SSH key (OpenSSH line, at most MAX_SSH_KEY_LENGTH bytes), delivered to the
    ///        provider through the event only
    /// @param label host label of the VM (`label.provider-domain`), 1 to 63 characters
    /// @return rentalId the new rental (Requested)
    function rent(uint256 offerId, uint16 hoursRented, bytes calldata sshKey, string calldata label)
        external
        returns (uint256 rentalId)
    {
        Offer storage offer = _offer(offerId);
        OfferSpec storage spec = offer.spec;
        if (offer.paused || offer.removed) revert OfferUnavailable(offerId);
        if (spec.stock == 0) revert OutOfStock(offerId);
        if (hoursRented < spec.minHours || hoursRented > spec.maxHours) {
            revert HoursOutOfRange(hoursRented, spec.minHours, spec.maxHours);
        }
        if (sshKey.length == 0) revert EmptySshKey();
        if (sshKey.length > MAX_SSH_KEY_LENGTH) revert SshKeyTooLong(sshKey.length, MAX_SSH_KEY_LENGTH);
        if (bytes(label).length == 0 || bytes(label).length > MAX_LABEL_LENGTH) revert InvalidLabel();

        uint80 price = spec.pricePerHour;
        address provider = offer.provider;
        spec.stock -= 1;
        rentalId = ++rentalCount;
        _rentals[rentalId] = RentalRecord({
            tenant: msg.sender,
            requestedAt: uint40(block.timestamp),
            startedAt: 0,
            state: RentalState.Requested,
            pricePerHour: price,
            paid: 0,
            offerId: uint32(offerId),
            duration: uint32(hoursRented) * HOUR
        });
        uint256 deposit = uint256(price) * hoursRented;
        emit RentalRequested(rentalId, offerId, provider, msg.sender, hoursRented, deposit, sshKey, label);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice The provider accepts a requested rental: it becomes Active and payment starts streaming now.
    /// @param rentalId the rental
    /// @param accessDetails how the tenant reaches the VM (host, SSH port, URL)
    function accept(uint256 rentalId, string calldata accessDetails) external {
        RentalRecord storage r = _asProvider(rentalId, RentalState.Requested);
        r.state = RentalState.Active;
        r.startedAt = uint40(block.timestamp);
        emit RentalAccepted(rentalId, msg.sender, accessDetails);
    }

    /// @notice The provider rejects a requested rental: the whole escrow goes back to the tenant.
    /// @param rentalId the rental
    function reject(uint256 rentalId) external nonReentrant {
        RentalRecord storage r = _asProvider(rentalId, RentalState.Requested);
        r.state = RentalState.Rejected;
        uint256 refund = _deposit(r);
        _restock(r.offerId);
        emit RentalRejected(rentalId, msg.sender, refund);
        token.safeTransfer(r.tenant, refund);
    }

    /// @notice The tenant takes the escrow back when the provider did not answer within the accept window.
    /// @param rentalId the rental
    function reclaim(uint256 rentalId) external nonReentrant {
        RentalRecord storage r = _asTenant(rentalId);
        if (r.state != RentalState.Requested) revert InvalidState(rentalId, r.state);
        uint256 reclaimableAt = uint256(r.requestedAt) + acceptWindow;
        if (block.timestamp < reclaimableAt) revert AcceptWindowOpen(rentalId, reclaimableAt);
        r.state = RentalState.Reclaimed;
        uint256 refund = _deposit(r);
        _restock(r.offerId);
        emit RentalReclaimed(rentalId, _providerOf(r), refund);
        token.safeTransfer(msg.sender, refund);
    }

    /// @notice The tenant buys more hours, before the rental ran out; the offer's max hours still apply.
    /// @param rentalId the rental, Requested or Active
    /// @param hoursAdded additional hours
    function extend(uint256 rentalId, uint16 hoursAdded) external {
        RentalRecord storage r = _asTenant(rentalId);
        RentalState state = _stateOf(r);
        if (state != RentalState.Requested && state != RentalState.Active) revert InvalidState(rentalId, state);
        Offer storage offer = _offers[r.offerId - 1];
        OfferSpec storage spec = offer.spec;
        uint256 total = uint256(r.duration) / HOUR + hoursAdded;
        if (hoursAdded == 0 || total > spec.maxHours) revert HoursOutOfRange(total, spec.minHours, spec.maxHours);
        r.duration += uint32(hoursAdded) * HOUR;
        uint256 deposit = uint256(r.pricePerHour) * hoursAdded;
        emit RentalExtended(rentalId, offer.provider, hoursAdded, deposit);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice The tenant ends an Active rental now: what has not accrued goes back to the tenant,
    ///         what has accrued stays claimable by the provider.
    /// @param rentalId the rental
    function end(uint256 rentalId) external nonReentrant {
        RentalRecord storage r = _asTenant(rentalId);
        RentalState state = _stateOf(r);
        if (state != RentalState.Active) revert InvalidState(rentalId, state);
        uint256 deposit = _deposit(r);
        r.state = RentalState.Ended;
        r.duration = uint32(block.timestamp - r.startedAt);
        uint256 refund = deposit - _accrued(r);
        _restock(r.offerId);
        emit RentalEnded(rentalId, _providerOf(r), refund);
        token.safeTransfer(msg.sender, refund);
    }

    /// @notice The provider collects what has accrued and not been paid yet; the fee goes to the treasury and
    ///         both sides gain 1% of the amount as reputation. The claim after the paid time ran out settles
    ///         the rental as Expired.
    /// @param rentalId the rental, Active (or past its end) or Ended
    function claim(uint256 rentalId) external nonReentrant {
        RentalRecord storage r = _rentalOf(rentalId);
        if (_providerOf(r) != msg.sender) revert NotProvider(rentalId, msg.sender);
        RentalState state = _stateOf(r);
        if (state != RentalState.Active && state != RentalState.Ended && state != RentalState.Expired) {
            revert InvalidState(rentalId, state);
        }
        uint256 amount = _accrued(r) - r.paid;
        if (amount == 0) revert NothingToClaim(rentalId);
        r.paid += uint96(amount);
        if (state == RentalState.Expired && r.state == RentalState.Active) {
            r.state = RentalState.Expired;
            _restock(r.offerId);
            emit RentalExpired(rentalId, msg.sender);
        }
        _payProvider(rentalId, r.tenant, amount);
    }

    /// @notice The provider ends a Requested or Active rental early, e.g. when its operator takes the VM away: what
    ///         has accrued and not been claimed is paid to the provider as by `claim` (fee and reputation included),
    ///         the unaccrued escrow goes back to the tenant. A Requested rental accrued nothing: it is refunded in full
    ///         and reads as Rejected; an Active one reads as Ended.
    /// @param rentalId the rental, Requested or Active (one past its paid time is settled by `claim` instead)
    function terminate(uint256 rentalId) external nonReentrant {
        RentalRecord storage r = _rentalOf(rentalId);
        if (_providerOf(r) != msg.sender) revert NotProvider(rentalId, msg.sender);
        RentalState state = _stateOf(r);
        if (state != RentalState.Requested && state != RentalState.Active) revert InvalidState(rentalId, state);
        uint256 deposit = _deposit(r);
        uint256 amount;
        if (state == RentalState.Active) {
            r.state = RentalState.Ended;
            r.duration = uint32(block.timestamp - r.startedAt);
            amount = _accrued(r) - r.paid;
            r.paid += uint96(amount);
        } else {
            r.state = RentalState.Rejected;
        }
        uint256 refund = deposit - r.paid;
        _restock(r.offerId);
        emit RentalTerminated(rentalId, msg.sender, refund);
        if (amount > 0) _payProvider(rentalId, r.tenant, amount);
        token.safeTransfer(r.tenant, refund);
    }

    /// @notice A rental's stored fields.
    /// @param rentalId the rental
    /// @return the rental
    function rentalOf(uint256 rentalId) external view returns (Rental memory) {
        RentalRecord storage r = _rentalOf(rentalId);
        return Rental({
            tenant: r.tenant,
            startedAt: r.startedAt,
            duration: r.duration,
            state: r.state,
            provider: _providerOf(r),
            offerId: r.offerId,
            requestedAt: r.requestedAt,
            pricePerHour: r.pricePerHour,
            paid: r.paid
        });
    }

    /// @notice A rental's current state: an Active rental past its paid time reads as Expired.
    /// @param rentalId the rental
    /// @return the state
    function rentalState(uint256 rentalId) external view returns (RentalState) {
        return _stateOf(_rentalOf(rentalId));
    }

    /// @notice What the provider could claim now.
    /// @param rentalId the rental
    /// @return DCT base units
    function claimable(uint256 rentalId) external view returns (uint256) {
        RentalRecord storage r = _rentalOf(rentalId);
        return _accrued(r) - r.paid;
    }

    function _rentalOf(uint256 rentalId) private view returns (RentalRecord storage r) {
        r = _rentals[rentalId];
        if (r.state == RentalState.None) revert RentalNotFound(rentalId);
    }

    function _asProvider(uint256 rentalId, RentalState required) private view returns (RentalRecord storage r) {
        r = _rentalOf(rentalId);
        if (_providerOf(r) != msg.sender) revert NotProvider(rentalId, msg.sender);
        if (r.state != required) revert InvalidState(rentalId, r.state);
    }

    function _providerOf(RentalRecord storage r) private view returns (address) {
        return _offers[r.offerId - 1].provider;
    }

    function _asTenant(uint256 rentalId) private view returns (RentalRecord storage r) {
        r = _rentalOf(rentalId);
        if (r.tenant != msg.sender) revert NotTenant(rentalId, msg.sender);
    }

    function _stateOf(RentalRecord storage r) private view returns (RentalState) {
        if (r.state == RentalState.Active && block.timestamp >= uint256(r.startedAt) + r.duration) {
            return RentalState.Expired;
        }
        return r.state;
    }

    function _deposit(RentalRecord storage r) private view returns (uint256) {
        return uint256(r.pricePerHour) * r.duration / HOUR;
    }

    /// @dev Streams per second from acceptance until the end of the paid (or shortened) time.
    function _accrued(RentalRecord storage r) private view returns (uint256) {
        if (r.state == RentalState.Requested || r.state == RentalState.Rejected || r.state == RentalState.Reclaimed) {
            return 0;
        }
        uint256 elapsed = block.timestamp - r.startedAt;
        if (elapsed > r.duration) elapsed = r.duration;
        return uint256(r.pricePerHour) * elapsed / HOUR;
    }

    /// @dev Pays the calling provider `amount` of a rental: the fee to the treasury, the rest to the provider; provider
    ///      and tenant each gain 1% of the amount as reputation. Callers have already recorded the payment.
    function _payProvider(uint256 rentalId, address tenant, uint256 amount) private {
        uint256 fee = amount * feeBps / 10_000;
        _gainReputation(msg.sender, amount / 100);
        _gainReputation(tenant, amount / 100);
        emit PaymentClaimed(rentalId, msg.sender, amount, fee);
        token.safeTransfer(treasury, fee);
        token.safeTransfer(msg.sender, amount - fee);
    }

    function _restock(uint256 offerId) private {
        _offers[offerId - 1].spec.stock += 1;
    }
}
