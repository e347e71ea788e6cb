package io.dcloud.vm.lifecycle;

import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;

/**
 * Lifecycle events from libvirt. They only wake the reconciler early (it re-reads libvirt anyway), so a missed
 * event costs latency, never correctness.
 */
public final class VmEvents implements AutoCloseable {
    private static Thread loop;
    private final Connect connect;
    private final LifecycleListener listener;

    private VmEvents(Connect connect, LifecycleListener listener) {
        this.connect = connect;
        this.listener = listener;
    }

    /**
     * Starts libvirt's event loop on a daemon thread. Call it once, before opening the connections that should
     * deliver events: libvirt binds a connection to the event loop when it opens.
     */
    public static synchronized void startEventLoop() throws LibvirtException {
        if (loop != null) {
            return;
        }
        Library.initEventLoop();
        loop = Thread.ofPlatform().daemon().name("libvirt-events").start(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Delivers every domain lifecycle event of {@code connect} to {@code sink} until closed. */
    public static VmEvents subscribe(Connect connect, Consumer<VmEvent> sink) throws LibvirtException {
        LifecycleListener listener = (domain, event) -> {
            String name;
            try {
                name = domain.getName();
            } catch (LibvirtException e) {
                name = "?";
            }
            Object detail = event.getDetail();
            sink.accept(new VmEvent(name, event.getType().name(), String.valueOf(detail)));
            return 0;
        };
        connect.addLifecycleListener(listener);
        return new VmEvents(connect, listener);
    }

    @Override
    public void close() throws LibvirtException {
        connect.removeLifecycleListener(listener);
    }
}
