package io.dcloud.vm.spec;

/** A VM spec that can never be served, whatever the host: the message names the field and the rule. */
public final class InvalidSpecException extends IllegalArgumentException {
    public InvalidSpecException(String message) {
        super(message);
    }
}
