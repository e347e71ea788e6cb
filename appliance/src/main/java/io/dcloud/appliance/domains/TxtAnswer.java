package io.dcloud.appliance.domains;

import java.util.List;

/** What a DNS server said about the TXT records of a name: each outcome a tenant must be told apart. */
public sealed interface TxtAnswer {

    /**
     * The name has TXT records.
     *
     * @param values one per record, its character-strings joined without separator (how long values are split)
     */
    record Records(List<String> values) implements TxtAnswer {
        public Records {
            values = List.copyOf(values);
        }
    }

    /** NXDOMAIN: the name does not exist. */
    record NoSuchName() implements TxtAnswer {}

    /** The name exists but holds no TXT record. */
    record NoRecords() implements TxtAnswer {}

    /** No usable answer: the server is not there, too slow, or failed. */
    record Failed(Failure failure, String detail) implements TxtAnswer {}

    /** Why a look-up gave no answer. */
    enum Failure {
        /** No answer within the timeout. */
        TIMEOUT,
        /** The server could not be reached, or answered with an error such as SERVFAIL or REFUSED. */
        SERVER_FAILURE
    }
}
