package io.dcloud.cli.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a local rental (no ledger; POST /rentals): a VM of this host's offer size (or smaller)"
                + " at <label>.<provider domain>, served like a ledger rental. Its hours count from when the VM"
                + " answers on SSH.")
final class RentalCreateCommand extends AdminApiCommand {
    /** An OpenSSH public key line is well under this (RSA 16384 is ~2.8 KiB); a larger file is the wrong file. */
    private static final long MAX_KEY_FILE = 16 * 1024;

    @Option(
            names = "--label",
            required = true,
            paramLabel = "LABEL",
            description = "One lower-case DNS label: the VM becomes <label>.<provider domain>.")
    String label;

    @Option(
            names = "--ssh-key",
            required = true,
            paramLabel = "FILE",
            description = "The tenant's OpenSSH public key, one line, e.g. ~/.ssh/id_ed25519.pub.")
    Path sshKey;

    @Option(names = "--hours", required = true, paramLabel = "N", description = "How long it runs, 1..8760.")
    int hours;

    @Option(names = "--vcpus", paramLabel = "N", description = "vCPUs (default and most: the offer size).")
    Integer vcpus;

    @Option(names = "--ram-mib", paramLabel = "N", description = "Memory in MiB (default and most: the offer size).")
    Integer ramMib;

    @Option(names = "--disk-gib", paramLabel = "N", description = "Disk in GiB (default and most: the offer size).")
    Integer diskGib;

    @Override
    void execute() {
        var request = JSON.createObjectNode()
                .put("label", label)
                .put("sshKey", publicKeyLine())
                .put("hours", hours);
        // unset sizes stay out of the body: the API defaults them to the offer size
        Optional.ofNullable(vcpus).ifPresent(n -> request.put("vcpus", n));
        Optional.ofNullable(ramMib).ifPresent(n -> request.put("ramMib", n));
        Optional.ofNullable(diskGib).ifPresent(n -> request.put("diskGib", n));
        var created = json(post("/rentals", Optional.of(request.toString())));
        String id = created.path("id").asText();
        String hostname = created.path("hostname").asText();
        out().println(created.toPrettyString());
        out().println("created local rental " + id + " ("
                + created.path("state").asText()
                + "): the appliance is making its VM. Once `dcloud appliance rental show " + id
                + "` says \"active\" with its \"sshPort\":");
        out().println("  ssh -p SSH_PORT <libvirt.login-user, default dcloud>@" + hostname);
        out().println("  https://" + hostname + "/   (TLS ends in the VM)");
    }

    /**
     * The key file's one line. Checked here only for what the API cannot see (a private key would already have
     * left this machine); whether the line is a valid key is the API's check.
     */
    private String publicKeyLine() {
        String text;
        try {
            if (Files.size(sshKey) > MAX_KEY_FILE) {
                throw keyFile("is larger than " + MAX_KEY_FILE + " bytes: not one public key line");
            }
            text = Files.readString(sshKey);
        } catch (NoSuchFileException e) {
            throw keyFile("does not exist");
        } catch (IOException e) {
            throw keyFile("cannot be read: " + AdminApiFailure.reason(e));
        }
        if (text.contains("PRIVATE KEY")) {
            throw keyFile("is a private key: give its public half (" + sshKey.getFileName() + ".pub)");
        }
        var lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() != 1) {
            throw keyFile("has " + lines.size() + " non-empty lines: give a file with one OpenSSH public key line");
        }
        return lines.getFirst();
    }

    private AdminApiFailure keyFile(String problem) {
        return AdminApiFailure.input("--ssh-key " + sshKey + " " + problem);
    }
}
