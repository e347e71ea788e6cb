package io.dcloud.appliance.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNameTest {

    @ParameterizedTest
    @CsvSource({
        "app.example.com, app.example.com",
        "App.Example.COM, app.example.com",
        "app.example.com., app.example.com",
        "bücher.example, xn--bcher-kva.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "a-b.c1.example, a-b.c1.example",
        "例え.テスト, xn--r8jz45g.xn--zckzah"
    })
    void validNamesBecomeTheirLowerCaseAsciiForm(String text, String ascii) {
        assertEquals(new DomainName(ascii), DomainName.parse(text));
    }

    @Test
    void theUnicodeFormIsKeptForPeople() {
        assertEquals("bücher.example", new DomainName("xn--bcher-kva.example").unicode());
        assertEquals("app.example.com", new DomainName("app.example.com").unicode());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | the domain is empty",
                "*.example.com               | is a wildcard",
                "localhost                   | has one label",
                "a..example.com              | has an empty label",
                ".example.com                | has an empty label",
                "-app.example.com            | may hold only letters, digits and inner hyphens",
                "app-.example.com            | may hold only letters, digits and inner hyphens",
                "app_1.example.com           | may hold only letters, digits and inner hyphens",
                "app.example.com/x           | may hold only letters, digits and inner hyphens",
                "10.0.0.1                    | an IP address is not a domain",
                "bü cher.example             | is not a valid internationalized domain name"
            })
    void invalidNamesSayWhy(String text, String reason) {
        var parsed = assertInstanceOf(ParsedDomain.Invalid.class, DomainName.parse(text));
        assertTrue(parsed.reason().contains(reason), parsed.reason());
    }

    @Test
    void lengthLimitsAreThoseOfDns() {
        var label63 = "a".repeat(63);
        assertInstanceOf(DomainName.class, DomainName.parse(label63 + ".example"));
        var tooLongLabel = assertInstanceOf(ParsedDomain.Invalid.class, DomainName.parse("a" + label63 + ".example"));
        assertTrue(tooLongLabel.reason().contains("must be 1 to 63 characters"), tooLongLabel.reason());

        var name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertEquals(253, name253.length());
        assertInstanceOf(DomainName.class, DomainName.parse(name253));
        var tooLong = assertInstanceOf(ParsedDomain.Invalid.class, DomainName.parse(name253 + "b"));
        assertTrue(tooLong.reason().contains("at most 253"), tooLong.reason());
        var huge = assertInstanceOf(ParsedDomain.Invalid.class, DomainName.parse("a.".repeat(100_000) + "example"));
        assertTrue(huge.reason().contains("longer than 253"), huge.reason());
    }

    @Test
    void theProvidersDomainAndTheApplianceNamesAreReserved() {
        var policy = new DomainPolicy("provider.example", List.of("api.other.example"));
        assertTrue(policy.refusal(name("provider.example")).orElseThrow().contains("provider's domain"));
        assertTrue(policy.refusal(name("web1.provider.example")).orElseThrow().contains("provider's domain"));
        assertTrue(policy.refusal(name("api.other.example")).orElseThrow().contains("this appliance's own name"));
        assertEquals(Optional.empty(), policy.refusal(name("myprovider.example")));
        assertEquals(Optional.empty(), policy.refusal(name("app.example.com")));
        assertTrue(policy.isCustom("app.example.com"));
        assertFalse(policy.isCustom("web1.provider.example"));
    }

    private static DomainName name(String text) {
        return assertInstanceOf(DomainName.class, DomainName.parse(text));
    }
}
