package io.dcloud.vm;

import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Shared test data: the recorded libvirt files and a valid spec to vary. */
public final class Fixtures {
    public static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3rX0cVJx0sZ8m0j1g7yJ6bC2b4Qk1nT3wXo9v8dE5f tenant@example";

    private Fixtures() {}

    public static Path shared() {
        return Path.of(System.getProperty("dcloud.shared.dir", "../testdata")).resolve("libvirt");
    }

    public static String recorded(String relative) throws IOException {
        return Files.readString(shared().resolve(relative));
    }

    public static VmSpec spec(String name, VmKind kind, List<PciAddress> gpus) {
        return new VmSpec(
                name,
                kind,
                2,
                2048,
                20,
                Path.of("/var/lib/dcloud/images/debian-12.qcow2"),
                new CloudInit(name, List.of("dcloud"), List.of(KEY), ""),
                new NetworkAttachment("dcloud", "52:54:00:12:34:56", "10.77.0.10"),
                gpus,
                new DcloudMetadata(
                        "r-42", "0xabc", Optional.of(new PortBlock(20010, 10)), List.of(name + ".provider.example")),
                false,
                List.of(),
                Optional.empty());
    }

    public static VmSpec spec(String name, VmKind kind) {
        return spec(name, kind, List.of());
    }
}
