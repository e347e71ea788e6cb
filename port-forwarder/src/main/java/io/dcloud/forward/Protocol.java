package io.dcloud.forward;

/** Transport of a forwarded port. */
public enum Protocol {
    TCP,
    UDP
}
