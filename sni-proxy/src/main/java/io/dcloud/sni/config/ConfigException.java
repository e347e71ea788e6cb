package io.dcloud.sni.config;

/** A config file that cannot be used; the message names the file, the place and the problem. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
