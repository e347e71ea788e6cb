package io.dcloud.attest.policy;

import io.dcloud.attest.snp.Tcb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the tenant accepts, every knob named. {@link #defaults()} is the secure baseline: no debug, VMPL
 * 0, no migration agent, nonce bound through SHA-512, TDX TCB status UpToDate only. Empty optionals mean
 * "not constrained"; byte strings are compared exactly.
 *
 * @param allowDebug accept guests launched with DEBUG (SNP policy bit 19, TDX TD_ATTRIBUTES.DEBUG)
 * @param vmpl the VMPL the report must come from (SNP), empty for any
 * @param allowMigrationAgent accept SNP guests with a migration agent (policy MIGRATE_MA)
 * @param minimumTcb every component of SNP REPORTED_TCB must be at least this
 * @param measurement expected SNP MEASUREMENT (48 bytes)
 * @param hostData expected SNP HOST_DATA (32 bytes)
 * @param idKeyDigests accepted SNP ID_KEY_DIGEST values; empty accepts any
 * @param mrTd expected TDX MRTD (48 bytes)
 * @param rtmrs expected TDX RTMR0..3; an empty slot is not checked
 * @param mrConfigId expected TDX MRCONFIGID (48 bytes)
 * @param nonce the tenant's fresh nonce; empty skips the freshness check
 * @param nonceBinding how the nonce is bound into REPORT_DATA
 * @param tdxTcbStatuses TCB statuses accepted when TDX collateral is given
 */
public record Policy(
        boolean allowDebug,
        Optional<Integer> vmpl,
        boolean allowMigrationAgent,
        Optional<Tcb> minimumTcb,
        Optional<byte[]> measurement,
        Optional<byte[]> hostData,
        List<byte[]> idKeyDigests,
        Optional<byte[]> mrTd,
        List<Optional<byte[]>> rtmrs,
        Optional<byte[]> mrConfigId,
        Optional<byte[]> nonce,
        NonceBinding nonceBinding,
        Set<String> tdxTcbStatuses) {

    public Policy {
        idKeyDigests = List.copyOf(idKeyDigests);
        if (rtmrs.size() != 4) {
            throw new IllegalArgumentException("rtmrs must have 4 slots");
        }
        rtmrs = List.copyOf(rtmrs);
        tdxTcbStatuses = Set.copyOf(tdxTcbStatuses);
    }

    public static Policy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Policy} from the secure defaults. */
    public static final class Builder {
        private boolean allowDebug;
        private Optional<Integer> vmpl = Optional.of(0);
        private boolean allowMigrationAgent;
        private Optional<Tcb> minimumTcb = Optional.empty();
        private Optional<byte[]> measurement = Optional.empty();
        private Optional<byte[]> hostData = Optional.empty();
        private final List<byte[]> idKeyDigests = new ArrayList<>();
        private Optional<byte[]> mrTd = Optional.empty();
        private final List<Optional<byte[]>> rtmrs =
                new ArrayList<>(Arrays.asList(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        private Optional<byte[]> mrConfigId = Optional.empty();
        private Optional<byte[]> nonce = Optional.empty();
        private NonceBinding nonceBinding = NonceBinding.SHA512;
        private Set<String> tdxTcbStatuses = Set.of("UpToDate");

        public Builder allowDebug(boolean v) {
            allowDebug = v;
            return this;
        }

        public Builder vmpl(Optional<Integer> v) {
            vmpl = v;
            return this;
        }

        public Builder allowMigrationAgent(boolean v) {
            allowMigrationAgent = v;
            return this;
        }

        public Builder minimumTcb(Tcb v) {
            minimumTcb = Optional.of(v);
            return this;
        }

        public Builder measurement(byte[] v) {
            measurement = Optional.of(v.clone());
            return this;
        }

        public Builder hostData(byte[] v) {
            hostData = Optional.of(v.clone());
            return this;
        }

        public Builder acceptIdKeyDigest(byte[] v) {
            idKeyDigests.add(v.clone());
            return this;
        }

        public Builder mrTd(byte[] v) {
            mrTd = Optional.of(v.clone());
            return this;
        }

        public Builder rtmr(int index, byte[] v) {
            rtmrs.set(index, Optional.of(v.clone()));
            return this;
        }

        public Builder mrConfigId(byte[] v) {
            mrConfigId = Optional.of(v.clone());
            return this;
        }

        public Builder nonce(byte[] v) {
            nonce = Optional.of(v.clone());
            return this;
        }

        public Builder nonceBinding(NonceBinding v) {
            nonceBinding = v;
            return this;
        }

        public Builder tdxTcbStatuses(Set<String> v) {
            tdxTcbStatuses = v;
            return this;
        }

        public Policy build() {
            return new Policy(
                    allowDebug,
                    vmpl,
                    allowMigrationAgent,
                    minimumTcb,
                    measurement,
                    hostData,
                    idKeyDigests,
                    mrTd,
                    rtmrs,
                    mrConfigId,
                    nonce,
                    nonceBinding,
                    tdxTcbStatuses);
        }
    }
}
