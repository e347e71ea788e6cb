package io.dcloud.appliance.config;

import java.nio.file.Path;

/** Where the provider's signing key comes from: a file, or an environment variable (never the config file). */
public sealed interface ProviderKey {

    record File(Path path) implements ProviderKey {}

    record Environment(String variable) implements ProviderKey {}
}
