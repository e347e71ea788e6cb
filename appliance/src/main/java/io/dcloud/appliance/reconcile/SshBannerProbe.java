package io.dcloud.appliance.reconcile;

import io.dcloud.vm.lifecycle.Vm;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Ready means the guest's SSH server answered with its {@code SSH-2.0-} banner within the timeout. */
public final class SshBannerProbe implements ReadinessProbe {
    private final Duration timeout;

    public SshBannerProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public boolean ready(Vm vm) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(vm.network().ip(), 22), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            byte[] banner = in.readNBytes(8);
            return new String(banner, StandardCharsets.US_ASCII).startsWith("SSH-2.0");
        } catch (IOException e) {
            return false;
        }
    }
}
