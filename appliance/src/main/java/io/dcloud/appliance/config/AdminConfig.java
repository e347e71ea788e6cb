package io.dcloud.appliance.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How administrators authenticate to the management API.
 *
 * @param tokenHashesFile SHA-256 hashes of the valid bearer tokens (see {@code dcloud appliance token create})
 * @param clientCaFile when set, client certificates issued by this CA are admitted too
 */
public record AdminConfig(Path tokenHashesFile, Optional<Path> clientCaFile) {}
