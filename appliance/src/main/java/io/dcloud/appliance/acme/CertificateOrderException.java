package io.dcloud.appliance.acme;

/** No valid certificate could be stored or obtained; the message says which step failed and why. */
public final class CertificateOrderException extends Exception {
    public CertificateOrderException(String message) {
        super(message);
    }

    public CertificateOrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
