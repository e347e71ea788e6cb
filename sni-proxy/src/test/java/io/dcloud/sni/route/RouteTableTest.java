package io.dcloud.sni.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = RouteTable.of(List.of(
            Route.of("app.example.com", "10.0.0.5:443"),
            Route.of("*.rent.example.com", "10.0.0.6:443"),
            Route.of("special.rent.example.com", "10.0.0.7:443"),
            Route.of("xn--bcher-kva.example", "10.0.0.8:443")));

    @Test
    void exactNamesMatchIgnoringCaseAndTrailingDot() {
        assertEquals("10.0.0.5", table.lookup("app.example.com").backend().host());
        assertEquals("10.0.0.5", table.lookup("APP.Example.COM.").backend().host());
        assertEquals("10.0.0.8", table.lookup("XN--BCHER-KVA.example").backend().host());
    }

    @Test
    void wildcardCoversExactlyOneLabelAndExactWins() {
        assertEquals("10.0.0.6", table.lookup("vm1.rent.example.com").backend().host());
        assertEquals(
                "10.0.0.7", table.lookup("special.rent.example.com").backend().host());
        assertNull(table.lookup("a.b.rent.example.com"));
        assertNull(table.lookup("rent.example.com"));
    }

    @Test
    void unknownAndInvalidNamesFindNothing() {
        assertNull(table.lookup("other.example.com"));
        assertNull(table.lookup(""));
        assertNull(table.lookup("bücher.example"));
        assertNull(table.lookup("a..example.com"));
        assertNull(table.lookup("-a.example.com"));
        assertNull(table.lookup(null));
    }

    @Test
    void badRouteNamesAreRejectedWithTheName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Route.of("bücher.example", "10.0.0.1:443"));
        assertTrue(e.getMessage().contains("bücher.example"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Route.of("a.*.example", "10.0.0.1:443"));
        assertThrows(IllegalArgumentException.class, () -> Route.of("ok.example", "10.0.0.1"));
        IllegalArgumentException dup = assertThrows(
                IllegalArgumentException.class,
                () -> RouteTable.of(List.of(Route.of("a.example", "1.1.1.1:1"), Route.of("A.example.", "1.1.1.1:2"))));
        assertTrue(dup.getMessage().contains("twice"), dup.getMessage());
    }

    @Test
    void snapshotsAreImmutableAndChangesMakeNewTables() {
        RouteTable added = table.with(Route.of("new.example.com", "10.0.0.9:443"));
        RouteTable removed = added.without("APP.example.com.");
        assertNull(table.lookup("new.example.com"));
        assertEquals("10.0.0.9", added.lookup("new.example.com").backend().host());
        assertNull(removed.lookup("app.example.com"));
        assertEquals("10.0.0.5", added.lookup("app.example.com").backend().host());
    }

    @Test
    void aHundredThousandRoutesStillResolveEachName() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            routes.add(Route.of("vm" + i + ".example.net", "10.1." + (i / 250) % 250 + "." + i % 250 + ":443"));
        }
        routes.add(Route.of("*.example.net", "10.9.9.9:443"));
        RouteTable big = RouteTable.of(routes);
        assertEquals(100_001, big.size());
        assertEquals("10.1.0.7", big.lookup("vm7.example.net").backend().host());
        assertEquals("10.9.9.9", big.lookup("unknown.example.net").backend().host());
    }
}
