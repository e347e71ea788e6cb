package io.dcloud.appliance.domains;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Looks up TXT records at one DNS server, or the system's resolvers, with dnsjava. Each call asks the server afresh
 * (no cache here), so a record the tenant just created counts as soon as the server has it.
 */
public final class TxtResolver {

    /** Long enough for a recursive resolver to ask the domain's servers, short enough for an HTTP request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final String server;

    private TxtResolver(Resolver resolver, String server) {
        this.resolver = resolver;
        this.server = server;
    }

    /** The resolvers of the host ({@code /etc/resolv.conf} on Linux). */
    public static TxtResolver system(Duration timeout) {
        var resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        return new TxtResolver(resolver, "the system resolver");
    }

    /** One DNS server, e.g. a provider's own recursive resolver or, in tests, pebble-challtestsrv. */
    public static TxtResolver at(InetSocketAddress server, Duration timeout) {
        var resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        return new TxtResolver(
                resolver, "DNS server " + server.getAddress().getHostAddress() + " port " + server.getPort());
    }

    /** The TXT records of {@code name} (a host name without trailing dot); never throws for DNS trouble. */
    public TxtAnswer lookup(String name) {
        Message response;
        try {
            var query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.TXT, DClass.IN));
            response = resolver.send(query);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        } catch (IOException e) {
            return timedOut(e)
                    ? new TxtAnswer.Failed(TxtAnswer.Failure.TIMEOUT, server + " did not answer in time")
                    : new TxtAnswer.Failed(
                            TxtAnswer.Failure.SERVER_FAILURE, "cannot ask " + server + ": " + describe(e));
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new TxtAnswer.NoSuchName();
        }
        if (rcode != Rcode.NOERROR) {
            return new TxtAnswer.Failed(TxtAnswer.Failure.SERVER_FAILURE, server + " answered " + Rcode.string(rcode));
        }
        var values = new ArrayList<String>();
        // TXT records at the end of a CNAME chain count too: some tenants delegate the challenge name
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values.isEmpty() ? new TxtAnswer.NoRecords() : new TxtAnswer.Records(values);
    }

    /** Where look-ups go, for messages. */
    public String server() {
        return server;
    }

    /**
     * dnsjava reports its own deadline as an IOException caused by a {@link TimeoutException}, and a UDP or TCP
     * client's as a {@link SocketTimeoutException}.
     */
    private static boolean timedOut(IOException e) {
        return e instanceof SocketTimeoutException
                || e.getCause() instanceof TimeoutException
                || e.getCause() instanceof SocketTimeoutException;
    }

    private static String describe(IOException e) {
        if (e instanceof PortUnreachableException || e.getCause() instanceof PortUnreachableException) {
            return "nothing listens there (port unreachable)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
