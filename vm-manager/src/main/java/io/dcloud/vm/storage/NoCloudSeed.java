package io.dcloud.vm.storage;

import io.dcloud.vm.spec.VmSpec;

/**
 * The three files of a cloud-init NoCloud seed: meta-data (instance id, hostname), user-data (users and their SSH
 * keys, plus the tenant's extra cloud-config) and network-config (DHCP on the NIC with the VM's MAC, which the
 * network's static entry answers with the VM's fixed address).
 */
public record NoCloudSeed(String metaData, String userData, String networkConfig) {

    public static NoCloudSeed of(VmSpec spec) {
        var init = spec.cloudInit();
        // A new instance id per rental makes cloud-init run again when a name is reused.
        String metaData =
                "instance-id: " + spec.name() + "-" + spec.metadata().rentalId().replaceAll("[^A-Za-z0-9-]", "-")
                        + "\nlocal-hostname: " + init.hostname() + "\n";
        var user = new StringBuilder("#cloud-config\n");
        user.append("hostname: ").append(init.hostname()).append('\n');
        user.append("users:\n");
        for (String name : init.users()) {
            user.append("  - name: ").append(name).append('\n');
            user.append("    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n");
            user.append("    shell: /bin/bash\n");
            user.append("    ssh_authorized_keys:\n");
            for (String key : init.sshKeys()) {
                user.append("      - ").append(quoted(key.strip())).append('\n');
            }
        }
        if (!init.extraUserData().isBlank()) {
            user.append(init.extraUserData().strip()).append('\n');
        }
        String network = "version: 2\nethernets:\n  nic0:\n    match:\n      macaddress: \""
                + spec.network().mac() + "\"\n    dhcp4: true\n";
        return new NoCloudSeed(metaData, user.toString(), network);
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
