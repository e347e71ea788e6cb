package io.dcloud.vm.xml;

import java.nio.file.Path;

/** The per-VM files a domain points at: its qcow2 overlay, its NoCloud seed ISO and its serial-console log. */
public record DomainFiles(Path overlay, Path seed, Path serialLog) {
    /** The files of VM {@code name} in the storage directory {@code dir} (one naming rule for create and destroy). */
    public static DomainFiles in(Path dir, String name) {
        return new DomainFiles(
                dir.resolve(name + ".qcow2"), dir.resolve(name + "-seed.iso"), dir.resolve(name + "-serial.log"));
    }
}
