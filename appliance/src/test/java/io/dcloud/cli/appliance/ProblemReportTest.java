package io.dcloud.cli.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemReportTest {

    @Test
    void aProblemIsItsStatusTitleDetailAndOneLinePerError() {
        var body = "{\"type\":\"urn:dcloud:problem:bad-request\",\"title\":\"Bad request\",\"status\":400,"
                + "\"detail\":\"the request body is invalid\",\"errors\":[\"reason: is required\",\"x: y\"]}";
        assertEquals(
                List.of(
                        "the API answered 400 Bad request: the request body is invalid",
                        "  reason: is required",
                        "  x: y"),
                ProblemReport.lines(400, body));
    }

    @Test
    void anythingElseIsItsStatusAndTheStartOfItsBody() {
        assertEquals(
                List.of("the API answered 502: <html>Bad Gateway</html>"),
                ProblemReport.lines(502, "<html>Bad Gateway</html>\n"));
        assertEquals(List.of("the API answered 500: {\"error\":\"x\"}"), ProblemReport.lines(500, "{\"error\":\"x\"}"));
        assertEquals(
                List.of("the API answered 503: " + "x".repeat(300) + "..."), ProblemReport.lines(503, "x".repeat(400)));
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        var body = "{\"title\":\"Conflict\",\"detail\":\"taken \\u001b[2J\",\"errors\":[\"a\\u0007b\"]}";
        assertEquals(List.of("the API answered 409 Conflict: taken ?[2J", "  a?b"), ProblemReport.lines(409, body));
    }
}
