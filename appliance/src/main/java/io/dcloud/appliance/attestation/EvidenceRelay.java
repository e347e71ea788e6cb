package io.dcloud.appliance.attestation;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.relay.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Carries a tenant's evidence request to the agent inside their VM ({@code dcloud attest serve}) and its answer
 * back, unchanged. The appliance is not trusted with the evidence: the tenant verifies it against AMD's or Intel's
 * roots. The relay only checks that the answer parses as evidence, so a tenant gets "the agent answered with
 * something else" instead of an opaque verifier failure, and bounds time and size.
 */
public final class EvidenceRelay {

    /** An SNP report with a full certificate table is under 16 KiB; a TDX quote with its chain under 12 KiB. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final HttpClient client;
    private final int agentPort;
    private final Duration timeout;

    public EvidenceRelay(int agentPort, Duration timeout) {
        this.agentPort = agentPort;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The evidence bundle the agent at {@code vmAddress} gives for {@code request}, as JSON bytes. */
    public byte[] fetch(String vmAddress, AgentRequest request) {
        var agent = new HostPort(vmAddress, agentPort);
        var uri = URI.create("http://" + agent + request.pathAndQuery());
        HttpResponse<InputStream> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ProblemException(Problem.gatewayTimeout("the attestation agent at " + agent
                    + " in the VM did not answer within " + timeout.toSeconds() + " s"));
        } catch (ConnectException e) {
            throw new ProblemException(Problem.badGateway("no attestation agent answers at " + agent
                    + " in the VM: the guest must run `dcloud attest serve` (or another agent of the same protocol)"));
        } catch (IOException e) {
            throw new ProblemException(
                    Problem.badGateway("the attestation agent at " + agent + " failed: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.unavailable("interrupted while waiting for the attestation agent"));
        }
        byte[] body = read(response, agent);
        if (response.statusCode() != 200) {
            throw new ProblemException(Problem.badGateway(
                    "the attestation agent at " + agent + " answered " + response.statusCode() + ": " + excerpt(body)));
        }
        try {
            EvidenceReader.read(body, Optional.empty());
        } catch (ParseException e) {
            throw new ProblemException(Problem.badGateway(
                    "the attestation agent at " + agent + " answered with no usable evidence: " + e.getMessage()));
        }
        return body;
    }

    private static byte[] read(HttpResponse<InputStream> response, HostPort agent) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new ProblemException(Problem.badGateway("the attestation agent at " + agent
                        + " answered with more than " + MAX_ANSWER_BYTES / 1024 + " KiB, more than any evidence"));
            }
            return body;
        } catch (IOException e) {
            throw new ProblemException(Problem.badGateway(
                    "the attestation agent at " + agent + " broke off its answer: " + e.getMessage()));
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no body)" : text.replaceAll("\\p{Cntrl}", " ");
    }
}
