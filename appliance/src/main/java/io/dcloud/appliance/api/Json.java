package io.dcloud.appliance.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JSON in and out of the API through one Jackson mapper. Kept explicit rather than through Helidon's
 * media support so that a malformed body becomes our own 400 problem with a precise message, and
 * problems go out as {@code application/problem+json}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Request bodies are small JSON objects; the server refuses anything past its own, larger limit. */
    static final int MAX_BODY = 16 * 1024;

    private Json() {}

    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(body));
    }

    public static void sendProblem(ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(bytes(problem));
    }

    /**
     * The request's JSON body as {@code type}, empty when there is no body.
     *
     * @throws ProblemException 415 when the body is not declared as JSON, 400 when it does not parse
     */
    public static <T> Optional<T> readOptional(ServerRequest req, Class<T> type) {
        if (!req.content().hasEntity()) {
            return Optional.empty();
        }
        var contentType = req.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().mediaType().text().equals("application/json")) {
            throw new ProblemException(Problem.unsupportedMediaType("the request body must be application/json"));
        }
        byte[] body;
        try (var in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BODY) {
            throw new ProblemException(
                    Problem.ofStatus(413, "Content too large", "request bodies are limited to " + MAX_BODY + " bytes"));
        }
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readValue(body, type));
        } catch (UnrecognizedPropertyException e) {
            throw new ProblemException(
                    Problem.badRequest("unknown field '" + e.getPropertyName() + "' in the request body"));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.badRequest(
                    "the request body is not valid JSON for this endpoint: " + field(e) + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names the field a mapping error is about, e.g. {@code field 'hours': }, so the client knows which. */
    private static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        return "field '"
                + mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                + "': ";
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
