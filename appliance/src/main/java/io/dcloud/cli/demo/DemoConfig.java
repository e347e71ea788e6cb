package io.dcloud.cli.demo;

import io.dcloud.vm.guest.TestGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The appliance configuration the demo runs with: the same file a provider writes, pointed at the local chain,
 * the demo namespace's libvirtd and dcloud's test guest. The provider key comes from the environment.
 */
final class DemoConfig {
    private DemoConfig() {}

    /** For the demo namespace's libvirtd and QEMU booting dcloud's test guest. */
    static Path write(Path dir, TestGuest.Build guest, String rpcUrl, Path deployment, Path stateDir)
            throws IOException {
        return write(
                dir,
                443,
                80,
                """
                  uri: qemu:///system
                  network: dcloud
                  subnet: 10.77.0.0/24
                  image-dir: /var/lib/dcloud/vms
                  base-image: %s
                  boot:
                    kernel: %s
                    initrd: %s
                    cmdline: console=ttyS0 quiet
                  login-user: root
                """.formatted(guest.baseImage(), guest.kernel(), guest.initrd()),
                rpcUrl,
                deployment,
                stateDir);
    }

    /**
     * For libvirt's in-process test driver: nothing boots, so the base image is never read; the listeners take
     * unprivileged ports because this runs without root and outside any namespace.
     */
    static Path writeForTestDriver(Path dir, Path baseImage, String rpcUrl, Path deployment, Path stateDir)
            throws IOException {
        return write(dir, 8443, 8080, """
                  uri: test:///default
                  network: dcloud
                  subnet: 10.77.0.0/24
                  image-dir: %s
                  base-image: %s
                  login-user: root
                """.formatted(dir.resolve("vms"), baseImage), rpcUrl, deployment, stateDir);
    }

    private static Path write(
            Path dir, int tls, int http, String libvirt, String rpcUrl, Path deployment, Path stateDir)
            throws IOException {
        String yaml = """
                provider:
                  name: Demo Hosting
                  key-env: DCLOUD_DEMO_PROVIDER_KEY
                  domain: %s
                  public-address: 127.0.0.1
                listeners:
                  bind-address: 127.0.0.1
                  tls: %d
                  http: %d
                  api: 9443
                ports:
                  first: 20000
                  last: 20999
                  block-size: 10
                libvirt:
                %sledger:
                  rpc-url: %s
                  deployment-file: %s
                  confirmations: 0
                offers:
                  region: demo-region
                  price-per-hour:
                    standard: 1
                  vcpus: 1
                  ram-mib: 256
                  disk-gib: 1
                reconcile:
                  ready-timeout-seconds: 360
                  teardown-grace-seconds: 0
                state-dir: %s
                """.formatted(DemoWorld.DOMAIN, tls, http, libvirt, rpcUrl, deployment, stateDir);
        Path file = dir.resolve("appliance.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
