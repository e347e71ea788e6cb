package io.dcloud.cli.appliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A non-2xx answer of the management API as lines for stderr: status, title and detail of its RFC 9457 problem,
 * then each entry of {@code errors} (one per invalid field). An answer that is no problem document (a proxy's
 * error page, say) is shown by status and the start of its body.
 */
final class ProblemReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 300;

    private ProblemReport() {}

    static List<String> lines(int status, String body) {
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problem = null;
        }
        if (problem == null || !problem.isObject() || !problem.path("detail").isTextual()) {
            return List.of("the API answered " + status + ": " + printable(body.strip()));
        }
        var lines = new ArrayList<String>();
        String title = problem.path("title").asText("");
        lines.add("the API answered " + status + (title.isEmpty() ? "" : " " + printable(title)) + ": "
                + printable(problem.get("detail").asText()));
        problem.path("errors").forEach(error -> lines.add("  " + printable(error.asText())));
        return lines;
    }

    /** The server's text, short and without control characters (a terminal would act on escape sequences). */
    private static String printable(String text) {
        String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
