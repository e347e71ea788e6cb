package io.dcloud.appliance.api.attestation;

import io.dcloud.attest.agent.AgentRequest;

/** Relays an evidence request to the guest of a rental; the wiring finds the VM, tests fake it. */
@FunctionalInterface
public interface RentalEvidence {

    /**
     * The evidence bundle (JSON bytes, unchanged from the guest) for {@code request} from the VM of {@code rentalId}.
     *
     * @throws io.dcloud.appliance.api.ProblemException when there is no such rental (404), its VM is not a
     *     running confidential VM (409) or its agent fails (502, 504)
     */
    byte[] fetch(String rentalId, AgentRequest request);
}
