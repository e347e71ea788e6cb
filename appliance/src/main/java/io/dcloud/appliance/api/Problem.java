package io.dcloud.appliance.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error body as RFC 9457 defines it ({@code application/problem+json}).
 *
 * @param type a URN naming the kind of problem, stable for clients to match on
 * @param title the short, fixed summary of that kind
 * @param status the HTTP status code
 * @param detail what went wrong with this request
 * @param errors extension member: one entry per invalid field, when there are several
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem badRequest(String detail, List<String> errors) {
        return new Problem("urn:dcloud:problem:bad-request", "Bad request", 400, detail, errors);
    }

    public static Problem badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    public static Problem unauthorized(String detail) {
        return new Problem("urn:dcloud:problem:unauthorized", "Unauthorized", 401, detail, List.of());
    }

    public static Problem forbidden(String detail) {
        return new Problem("urn:dcloud:problem:forbidden", "Forbidden", 403, detail, List.of());
    }

    public static Problem unavailable(String detail) {
        return new Problem("urn:dcloud:problem:unavailable", "Service unavailable", 503, detail, List.of());
    }

    public static Problem notFound(String detail) {
        return new Problem("urn:dcloud:problem:not-found", "Not found", 404, detail, List.of());
    }

    public static Problem conflict(String detail) {
        return new Problem("urn:dcloud:problem:conflict", "Conflict", 409, detail, List.of());
    }

    public static Problem unsupportedMediaType(String detail) {
        return new Problem(
                "urn:dcloud:problem:unsupported-media-type", "Unsupported media type", 415, detail, List.of());
    }

    /** A server the appliance depends on for this request (such as DNS) failed or could not be reached. */
    public static Problem badGateway(String detail) {
        return new Problem("urn:dcloud:problem:bad-gateway", "Bad gateway", 502, detail, List.of());
    }

    /** A server the appliance depends on for this request (such as DNS) did not answer in time. */
    public static Problem gatewayTimeout(String detail) {
        return new Problem("urn:dcloud:problem:gateway-timeout", "Gateway timeout", 504, detail, List.of());
    }

    public static Problem internal(String detail) {
        return new Problem("urn:dcloud:problem:internal", "Internal error", 500, detail, List.of());
    }

    /** Statuses that Helidon itself raises (payload too large, bad request line, ...). */
    public static Problem ofStatus(int status, String reason, String detail) {
        return new Problem("urn:dcloud:problem:http-" + status, reason, status, detail, List.of());
    }
}
