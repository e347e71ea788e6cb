// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ProviderRegistry} from "./ProviderRegistry.sol";

/// @title OfferBook
/// @notice Offers published by registered providers, readable page by page for search.
/// @dev Only static fields (short texts as bytes32) so a page of 10,000 listings decodes quickly off-chain.
abstract contract OfferBook is ProviderRegistry {
    /// @notice Machine kinds, in the order the appliance uses.
    uint8 public constant KIND_STANDARD = 0;
    uint8 public constant KIND_SEV_SNP = 1;
    uint8 public constant KIND_TDX = 2;
    uint8 public constant KIND_GPU = 3;

    /// @notice What a provider sells; `stock` is how many rentals of it may run at once.
    /// @dev Everything but the two texts packs into one storage slot (80 bits of price are 10^15 DCT per hour).
    struct OfferSpec {
        uint80 pricePerHour;
        uint16 minHours;
        uint16 maxHours;
        uint16 stock;
        uint8 kind;
        uint16 vcpu;
        uint32 ramMiB;
        uint8 gpuCount;
        uint32 diskGiB;
        uint32 bandwidthMbps;
        bytes32 gpuModel;
        bytes32 region;
    }

    struct Offer {
        address provider;
        bool paused;
        bool removed;
        OfferSpec spec;
    }

    /// @notice One search result: an offer with its id and its provider's reputation.
    struct Listing {
        uint256 id;
        address provider;
        uint256 providerReputation;
        bool paused;
        bool removed;
        uint128 pricePerHour;
        uint16 minHours;
        uint16 maxHours;
        uint16 stock;
        uint8 kind;
        uint16 vcpu;
        uint32 ramMiB;
        uint8 gpuCount;
        uint32 diskGiB;
        uint32 bandwidthMbps;
        bytes32 gpuModel;
        bytes32 region;
    }

    Offer[] internal _offers;

    error OfferNotFound(uint256 offerId);
    error NotOfferProvider(uint256 offerId, address caller);
    error OfferRemoved(uint256 offerId);
    error InvalidKind(uint8 kind);
    error InvalidHourRange(uint16 minHours, uint16 maxHours);
    error ZeroPrice();
    error ZeroCapacity();

    event OfferPublished(uint256 indexed offerId, address indexed provider, OfferSpec spec);
    event OfferUpdated(uint256 indexed offerId, OfferSpec spec);
    event OfferPaused(uint256 indexed offerId, bool paused);
    event OfferRemovedEvent(uint256 indexed offerId);

    /// @notice Publishes an offer of the calling registered provider.
    /// @param spec the offer
    /// @return offerId the new offer's id (from 1)
    function publishOffer(OfferSpec calldata spec) external onlyRegistered returns (uint256 offerId) {
        _checkSpec(spec);
        _offers.push(Offer({provider: msg.sender, paused: false, removed: false, spec: spec}));
        offerId = _offers.length;
        emit OfferPublished(offerId, msg.sender, spec);
    }

    /// @notice Replaces an offer's terms; running rentals keep the price they were rented at.
    /// @param offerId the offer
    /// @param spec the new terms
    function updateOffer(uint256 offerId, OfferSpec calldata spec) external {
        Offer storage offer = _ownOffer(offerId);
        _checkSpec(spec);
        offer.spec = spec;
        emit OfferUpdated(offerId, spec);
    }

    /// @notice Pauses or resumes an offer: a paused offer cannot be rented.
    /// @param offerId the offer
    /// @param paused true to pause, false to resume
    function setOfferPaused(uint256 offerId, bool paused) external {
        Offer storage offer = _ownOffer(offerId);
        offer.paused = paused;
        emit OfferPaused(offerId, paused);
    }

    /// @notice Removes an offer for good; running rentals are not affected.
    /// @param offerId the offer
    function removeOffer(uint256 offerId) external {
        Offer storage offer = _ownOffer(offerId);
        offer.removed = true;
        emit OfferRemovedEvent(offerId);
    }

    /// @notice Number of offers ever published (ids run from 1 to this).
    /// @return the count
    function offerCount() external view returns (uint256) {
        return _offers.length;
    }

    /// @notice Up to `count` listings starting at offer id `fromId`, removed ones included (flagged).
    /// @param fromId first offer id, from 1
    /// @param count maximum number of listings
    /// @return page the listings
    function listings(uint256 fromId, uint256 count) external view returns (Listing[] memory page) {
        uint256 total = _offers.length;
        if (fromId == 0) fromId = 1;
        if (fromId > total) return new Listing[](0);
        uint256 n = total - fromId + 1;
        if (count < n) n = count;
        page = new Listing[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 id = fromId + i;
            Offer storage o = _offers[id - 1];
            OfferSpec storage s = o.spec;
            page[i] = Listing({
                id: id,
                provider: o.provider,
                providerReputation: reputationOf[o.provider],
                paused: o.paused,
                removed: o.removed,
                pricePerHour: s.pricePerHour,
                minHours: s.minHours,
                maxHours: s.maxHours,
                stock: s.stock,
                kind: s.kind,
                vcpu: s.vcpu,
                ramMiB: s.ramMiB,
                gpuCount: s.gpuCount,
                diskGiB: s.diskGiB,
                bandwidthMbps: s.bandwidthMbps,
                gpuModel: s.gpuModel,
                region: s.region
            });
        }
    }

    function _offer(uint256 offerId) internal view returns (Offer storage) {
        if (offerId == 0 || offerId > _offers.length) revert OfferNotFound(offerId);
        return _offers[offerId - 1];
    }

    function _ownOffer(uint256 offerId) private view returns (Offer storage offer) {
        offer = _offer(offerId);
        if (offer.provider != msg.sender) revert NotOfferProvider(offerId, msg.sender);
        if (offer.removed) revert OfferRemoved(offerId);
    }

    function _checkSpec(OfferSpec calldata spec) private pure {
        if (spec.kind > KIND_GPU) revert InvalidKind(spec.kind);
        if (spec.minHours == 0 || spec.maxHours < spec.minHours) revert InvalidHourRange(spec.minHours, spec.maxHours);
        if (spec.pricePerHour == 0) revert ZeroPrice();
        if (spec.vcpu == 0 || spec.ramMiB == 0) revert ZeroCapacity();
    }
}
