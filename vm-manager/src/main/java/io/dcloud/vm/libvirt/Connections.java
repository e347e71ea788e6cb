package io.dcloud.vm.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/** Opens libvirt connections the way every dcloud component wants them. */
public final class Connections {
    private Connections() {}

    /**
     * A connection to {@code uri}. Errors still arrive as {@link LibvirtException}s; libvirt's default handler, which
     * also prints every error (an expected "domain not found" included) to stderr, is replaced by a silent one.
     */
    public static Connect open(String uri) throws LibvirtException {
        Connect.setErrorCallback(new ErrorCallback());
        return new Connect(uri);
    }
}
