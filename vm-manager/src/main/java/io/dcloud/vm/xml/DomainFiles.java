package io.dcloud.vm.xml;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The per-VM files a domain points at: its qcow2 overlay, its NoCloud seed ISO and its serial-console log. */
public record DomainFiles(Path overlay, Path seed, Path serialLog) {
    /** The files of VM {@code name} in the storage directory {@code dir} (one naming rule for create and destroy). */
    public static DomainFiles in(Path dir, String name) {
        return new DomainFiles(
                dir.resolve(name + SUFFIXES.get(0)),
                dir.resolve(name + SUFFIXES.get(1)),
                dir.resolve(name + SUFFIXES.get(2)));
    }

    private static final List<String> SUFFIXES = List.of(".qcow2", "-seed.iso", "-serial.log");

    /** The VM a file of this naming rule belongs to, if {@code fileName} is one. */
    public static Optional<String> owner(String fileName) {
        return SUFFIXES.stream()
                .filter(suffix -> fileName.endsWith(suffix) && fileName.length() > suffix.length())
                .map(suffix -> fileName.substring(0, fileName.length() - suffix.length()))
                .findFirst();
    }
}
