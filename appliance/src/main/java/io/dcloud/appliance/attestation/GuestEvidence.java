package io.dcloud.appliance.attestation;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.attestation.RentalEvidence;
import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmState;
import io.dcloud.vm.spec.VmKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds a rental's VM in libvirt's view and relays the evidence request to the agent at its private address.
 * Only confidential VMs have a platform that signs evidence; for the others the answer says so instead of
 * relaying a request no hardware could honour.
 */
public final class GuestEvidence implements RentalEvidence {

    private static final Set<VmKind> CONFIDENTIAL = Set.of(VmKind.SEV_SNP, VmKind.TDX);

    private final Supplier<List<Vm>> vms;
    private final EvidenceRelay relay;

    public GuestEvidence(Supplier<List<Vm>> vms, EvidenceRelay relay) {
        this.vms = vms;
        this.relay = relay;
    }

    @Override
    public byte[] fetch(String rentalId, AgentRequest request) {
        Vm vm = vms.get().stream()
                .filter(v -> v.metadata().rentalId().equals(rentalId))
                .findFirst()
                .orElseThrow(
                        () -> new ProblemException(Problem.notFound("rental " + rentalId + " has no VM on this host")));
        if (!CONFIDENTIAL.contains(vm.kind())) {
            throw new ProblemException(Problem.conflict(
                    "rental " + rentalId + " runs a " + vm.kind().label()
                            + " VM: only sev-snp and tdx VMs have a platform that signs attestation evidence"));
        }
        if (vm.state() != VmState.RUNNING) {
            throw new ProblemException(Problem.conflict("the VM of rental " + rentalId + " is "
                    + vm.state().name().toLowerCase(Locale.ROOT) + ", not running: start it first"));
        }
        return relay.fetch(vm.network().ip(), request);
    }
}
