package io.dcloud.appliance.domains;

/** The outcome of {@link DomainName#parse}: a name, or why the text is none. */
public sealed interface ParsedDomain permits DomainName, ParsedDomain.Invalid {

    /** Why a text is no domain name a tenant can attach. */
    record Invalid(String reason) implements ParsedDomain {}
}
