package io.dcloud.vm.storage;

import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.xml.DomainFiles;
import io.dcloud.vm.xml.XmlElement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * VM disks in a libvirt directory pool owned by dcloud: a qcow2 overlay per VM on its base image, grown to the
 * rented size (the base stays shared and untouched), and the VM's seed ISO next to it.
 */
public final class VmStorage {
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private final Connect connect;
    private final String poolName;
    private final Path dir;

    public VmStorage(Connect connect, String poolName, Path dir) {
        this.connect = connect;
        this.poolName = poolName;
        this.dir = dir.toAbsolutePath();
    }

    public DomainFiles files(String vmName) {
        return DomainFiles.in(dir, vmName);
    }

    /** The pool, defined, built and started if it is not. */
    public StoragePool ensurePool() throws LibvirtException, IOException {
        StoragePool pool;
        if (Arrays.asList(connect.listStoragePools()).contains(poolName)
                || Arrays.asList(connect.listDefinedStoragePools()).contains(poolName)) {
            pool = connect.storagePoolLookupByName(poolName);
        } else {
            Files.createDirectories(dir);
            var xml = new XmlElement("pool").attr("type", "dir");
            xml.child("name").text(poolName);
            xml.child("target").child("path").text(dir);
            pool = connect.storagePoolDefineXML(xml.toXml(), 0);
            pool.setAutostart(1);
        }
        if (pool.isActive() != 1) {
            pool.create(0);
        }
        return pool;
    }

    /** The VMs that have at least one file in the pool. */
    public Set<String> vmNames() throws LibvirtException, IOException {
        var pool = ensurePool();
        pool.refresh(0);
        var names = new TreeSet<String>();
        for (String volume : pool.listVolumes()) {
            DomainFiles.owner(volume).ifPresent(names::add);
        }
        return names;
    }

    /** Creates the VM's overlay and seed unless they exist; returns the files the domain points at. */
    public DomainFiles create(VmSpec spec) throws LibvirtException, IOException {
        var pool = ensurePool();
        var files = files(spec.name());
        if (!Arrays.asList(pool.listVolumes())
                .contains(files.overlay().getFileName().toString())) {
            pool.storageVolCreateXML(overlayXml(spec, files), 0);
        }
        SeedIso.write(NoCloudSeed.of(spec), files.seed());
        pool.refresh(0);
        return files;
    }

    /** Deletes the VM's overlay, seed and serial log; missing ones are fine (destroy is idempotent). */
    public void delete(String vmName) throws LibvirtException, IOException {
        var pool = ensurePool();
        pool.refresh(0);
        var files = files(vmName);
        var volumes = Arrays.asList(pool.listVolumes());
        for (Path file : new Path[] {files.overlay(), files.seed(), files.serialLog()}) {
            String volume = file.getFileName().toString();
            if (volumes.contains(volume)) {
                pool.storageVolLookupByName(volume).delete(0);
            }
            Files.deleteIfExists(file);
        }
        pool.refresh(0);
    }

    private static String overlayXml(VmSpec spec, DomainFiles files) throws IOException {
        var volume = new XmlElement("volume");
        volume.child("name").text(files.overlay().getFileName());
        volume.child("capacity").attr("unit", "GiB").text(spec.diskGiB());
        var target = volume.child("target");
        target.child("format").attr("type", "qcow2");
        target.child("permissions").child("mode").text("0600");
        var backing = volume.child("backingStore");
        backing.child("path").text(spec.image());
        backing.child("format").attr("type", imageFormat(spec.image()));
        return volume.toXml();
    }

    private static String imageFormat(Path image) throws IOException {
        if (!Files.isReadable(image)) {
            throw new IOException("base image " + image + " is missing or unreadable");
        }
        try (InputStream in = Files.newInputStream(image)) {
            return Arrays.equals(in.readNBytes(4), QCOW2_MAGIC) ? "qcow2" : "raw";
        }
    }
}
