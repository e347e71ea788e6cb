package io.dcloud.vm.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the guest's cloud-init gets from the NoCloud seed: its hostname, the users to create, the SSH keys
 * every user accepts, and extra cloud-config keys appended verbatim (for tenants' own settings; checked by
 * {@link ExtraUserData}).
 */
public record CloudInit(String hostname, List<String> users, List<String> sshKeys, String extraUserData) {
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern SSH_KEY = Pattern.compile(
            "(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( [^\\r\\n]*)?");

    public CloudInit {
        users = List.copyOf(users == null || users.isEmpty() ? List.of("dcloud") : users);
        sshKeys = List.copyOf(sshKeys == null ? List.of() : sshKeys);
        extraUserData = extraUserData == null ? "" : extraUserData;
        if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
            throw new InvalidSpecException(
                    "hostname: '" + hostname + "' is not a DNS label (a-z, 0-9, '-', at most 63)");
        }
        for (String user : users) {
            if (!USER.matcher(user).matches()) {
                throw new InvalidSpecException("users: '" + user + "' is not a valid Linux user name");
            }
        }
        if (sshKeys.isEmpty()) {
            throw new InvalidSpecException("sshKeys: at least one SSH public key is needed to reach the VM");
        }
        for (String key : sshKeys) {
            if (key == null || !SSH_KEY.matcher(key.strip()).matches()) {
                throw new InvalidSpecException("sshKeys: not an OpenSSH public key line: '" + abbreviate(key) + "'");
            }
        }
        ExtraUserData.check(extraUserData);
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
