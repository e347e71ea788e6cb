package io.dcloud.ledger.market;

import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudToken;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The marketplace as providers and tenants use it, one signing account per instance. Provider side: {@link
 * #registerProvider}, {@link #publishOffer}, {@link #accept}, {@link #reject}, {@link #claim}. Tenant side: {@link
 * #search}, {@link #rent}, {@link #extend}, {@link #end}, {@link #reclaim}. Every send waits for its receipt and
 * throws {@link io.dcloud.ledger.tx.ContractRevert} with the contract's error name when refused.
 */
public final class Marketplace {
    private static final BigInteger PAGE = BigInteger.valueOf(500);

    private final LedgerSession session;
    private final DcloudMarket market;
    private final DcloudToken token;

    public Marketplace(LedgerSession session, Deployment deployment) {
        if (session.chainId() != deployment.chainId()) {
            throw new IllegalArgumentException("the endpoint serves chain " + session.chainId()
                    + " but the deployment is for chain " + deployment.chainId());
        }
        this.session = session;
        this.market = session.market(deployment.market());
        this.token = session.token(deployment.token());
    }

    /** The address this instance signs for. */
    public String address() {
        return session.address();
    }

    // ---- provider ----

    /** Registers the signing account as a provider; approves and pays the registration fee first. */
    public TransactionReceipt registerProvider(ProviderProfile profile) {
        approve(call(market.registrationFee()));
        return session.send(market.registerProvider(profile.toStruct()));
    }

    /** Replaces this provider's public profile. */
    public TransactionReceipt updateProvider(ProviderProfile profile) {
        return session.send(market.updateProvider(profile.toStruct()));
    }

    /** A registered provider's public profile. */
    public ProviderProfile profileOf(String provider) {
        DcloudMarket.Profile p = call(market.profileOf(provider));
        return new ProviderProfile(p.name, p.legalEntity, p.contact, p.jurisdiction, p.website, p.domain, p.publicKey);
    }

    /** Records that this provider's appliance is alive. */
    public TransactionReceipt checkIn() {
        return session.send(market.checkIn());
    }

    /** Publishes an offer. */
    public Created publishOffer(OfferTerms terms) {
        TransactionReceipt receipt = session.send(market.publishOffer(terms.toSpec()));
        return new Created(DcloudMarket.getOfferPublishedEvents(receipt).getFirst().offerId, receipt);
    }

    public TransactionReceipt updateOffer(BigInteger offerId, OfferTerms terms) {
        return session.send(market.updateOffer(offerId, terms.toSpec()));
    }

    /** Pauses ({@code true}) or resumes ({@code false}) an offer. */
    public TransactionReceipt pauseOffer(BigInteger offerId, boolean paused) {
        return session.send(market.setOfferPaused(offerId, paused));
    }

    public TransactionReceipt removeOffer(BigInteger offerId) {
        return session.send(market.removeOffer(offerId));
    }

    /** Accepts a requested rental with the details the tenant needs to reach its VM; streaming starts now. */
    public TransactionReceipt accept(BigInteger rentalId, String accessDetails) {
        return session.send(market.accept(rentalId, accessDetails));
    }

    /** Rejects a requested rental (e.g. provisioning failed): the tenant gets the whole escrow back. */
    public TransactionReceipt reject(BigInteger rentalId) {
        return session.send(market.reject(rentalId));
    }

    /** Claims what a rental has accrued; 2% goes to the treasury. */
    public TransactionReceipt claim(BigInteger rentalId) {
        return session.send(market.claim(rentalId));
    }

    /**
     * Ends a requested or active rental from the provider's side (an operator took the VM away): the accrued part is
     * paid as by {@link #claim}, the unaccrued escrow goes back to the tenant. The rental reads as Ended (Rejected
     * when it was still Requested).
     */
    public TransactionReceipt terminate(BigInteger rentalId) {
        return session.send(market.terminate(rentalId));
    }

    // ---- tenant ----

    /** Available offers matching the query, ranked; reads all offers through the {@code listings} view, by pages. */
    public List<OfferListing> search(OfferQuery query) {
        List<OfferListing> all = listings();
        return all.stream().filter(query::matches).sorted(query.order()).toList();
    }

    /** Every offer ever published, including paused and removed ones. */
    public List<OfferListing> listings() {
        BigInteger count = call(market.offerCount());
        List<OfferListing> all = new ArrayList<>(count.intValueExact());
        for (BigInteger from = BigInteger.ONE; from.compareTo(count) <= 0; from = from.add(PAGE)) {
            for (Object item : call(market.listings(from, PAGE))) {
                all.add(OfferListing.of((DcloudMarket.Listing) item));
            }
        }
        return all;
    }

    /** Rents an offer: approves price x hours, then pulls it into escrow. The rental is Requested. */
    public Created rent(BigInteger offerId, int hours, String sshPublicKey, String label) {
        if (sshPublicKey.isBlank()) {
            throw new IllegalArgumentException("an SSH public key is required");
        }
        byte[] key = sshPublicKey.strip().getBytes(StandardCharsets.UTF_8);
        // Checked before the approval, which would otherwise be a transaction spent on a rental the contract refuses.
        int maxKey = call(market.MAX_SSH_KEY_LENGTH()).intValueExact();
        if (key.length > maxKey) {
            throw new IllegalArgumentException("the SSH public key is " + key.length
                    + " bytes; the ledger accepts at most " + maxKey + " (an ed25519 key is about 100)");
        }
        BigInteger price = listing(offerId).terms().pricePerHour();
        approve(price.multiply(BigInteger.valueOf(hours)));
        TransactionReceipt receipt = session.send(market.rent(offerId, BigInteger.valueOf(hours), key, label));
        return new Created(DcloudMarket.getRentalRequestedEvents(receipt).getFirst().rentalId, receipt);
    }

    /** Buys more hours for a requested or active rental. */
    public TransactionReceipt extend(BigInteger rentalId, int hours) {
        RentalView rental = rental(rentalId);
        approve(rental.pricePerHour().multiply(BigInteger.valueOf(hours)));
        return session.send(market.extend(rentalId, BigInteger.valueOf(hours)));
    }

    /** Ends an active rental now; the unaccrued escrow comes back. */
    public TransactionReceipt end(BigInteger rentalId) {
        return session.send(market.end(rentalId));
    }

    /** Takes the escrow back when the provider did not answer within the accept window. */
    public TransactionReceipt reclaim(BigInteger rentalId) {
        return session.send(market.reclaim(rentalId));
    }

    /** Spends {@code amount} of own reputation to lower the target's by amount x penalty factor. */
    public TransactionReceipt penalize(String target, BigInteger amount) {
        return session.send(market.penalize(target, amount));
    }

    // ---- reads ----

    public OfferListing listing(BigInteger offerId) {
        if (offerId.signum() <= 0) {
            throw new IllegalArgumentException("offer ids start at 1, got " + offerId);
        }
        List<?> page = call(market.listings(offerId, BigInteger.ONE));
        if (page.isEmpty()) {
            throw new IllegalArgumentException("no offer with id " + offerId);
        }
        return OfferListing.of((DcloudMarket.Listing) page.getFirst());
    }

    public RentalView rental(BigInteger rentalId) {
        DcloudMarket.Rental r = call(market.rentalOf(rentalId));
        return new RentalView(
                rentalId,
                r.offerId,
                r.tenant,
                r.provider,
                RentalState.ofCode(call(market.rentalState(rentalId)).intValueExact()),
                r.requestedAt.longValueExact(),
                r.startedAt.longValueExact(),
                r.duration.longValueExact(),
                r.pricePerHour,
                r.paid,
                call(market.claimable(rentalId)));
    }

    /** Rentals in which {@code account} is tenant or provider, oldest first. */
    public List<RentalView> rentalsOf(String account) {
        BigInteger count = call(market.rentalCount());
        List<RentalView> mine = new ArrayList<>();
        for (BigInteger id = BigInteger.ONE; id.compareTo(count) <= 0; id = id.add(BigInteger.ONE)) {
            RentalView r = rental(id);
            if (r.tenant().equalsIgnoreCase(account) || r.provider().equalsIgnoreCase(account)) {
                mine.add(r);
            }
        }
        return mine;
    }

    public BigInteger reputationOf(String account) {
        return call(market.reputationOf(account));
    }

    public BigInteger balanceOf(String account) {
        return call(token.balanceOf(account));
    }

    private void approve(BigInteger amount) {
        if (amount.signum() > 0
                && call(token.allowance(session.address(), market.getContractAddress()))
                                .compareTo(amount)
                        < 0) {
            session.send(token.approve(market.getContractAddress(), amount));
        }
    }

    private <T> T call(RemoteFunctionCall<T> view) {
        return session.send(view);
    }

    /** A transaction that created something on the ledger (an offer or a rental), with its id. */
    public record Created(BigInteger id, TransactionReceipt receipt) {}
}
