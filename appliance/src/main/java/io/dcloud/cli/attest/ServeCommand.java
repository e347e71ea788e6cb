package io.dcloud.cli.attest;

import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.attest.agent.EvidenceAgent;
import io.dcloud.attest.agent.EvidenceSource;
import io.dcloud.attest.agent.RecordedEvidence;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.cli.UntilStopped;
import io.dcloud.relay.HostPort;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud attest serve`: the guest's evidence agent, which the provider's appliance relays tenants' requests to. */
@Command(
        name = "serve",
        header = "Inside a confidential guest: answer the appliance's evidence requests.",
        description = {
            "Inside a confidential guest: serve GET " + AgentRequest.PATH + "?nonce=HEX over HTTP, answering",
            "with an evidence bundle whose REPORT_DATA binds the nonce (as `dcloud attest report` writes it).",
            "The provider's appliance relays tenants' `dcloud tenant evidence` requests to this agent; the",
            "evidence is signed by the platform, so the relay can withhold it but not forge it.",
            "Runs until interrupted."
        })
public final class ServeCommand extends AttestSubcommand {

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Where to listen (default 0.0.0.0:" + AgentRequest.DEFAULT_PORT + ").")
    String listen = "0.0.0.0:" + AgentRequest.DEFAULT_PORT;

    @Option(
            names = "--recorded",
            paramLabel = "BUNDLE",
            description = "Answer every request with this recorded bundle instead of asking the platform. For"
                    + " tests on machines without SEV-SNP or TDX: it cannot bind a fresh nonce.")
    Path recorded;

    @Override
    public Integer call() throws Exception {
        HostPort address;
        EvidenceSource source;
        try {
            address = HostPort.parse(listen);
            source = recorded == null ? EvidenceSource.platform() : RecordedEvidence.read(recorded);
        } catch (IllegalArgumentException | IOException | ParseException e) {
            err().println("dcloud attest serve: " + e.getMessage());
            return 2;
        }
        EvidenceAgent agent;
        try {
            agent = EvidenceAgent.start(address.resolved(), source);
        } catch (IOException e) {
            err().println("dcloud attest serve: cannot listen on " + address + ": " + e.getMessage());
            return 1;
        }
        out().println("serving evidence on http://" + HostPort.of(agent.address()) + AgentRequest.PATH
                + (recorded == null ? "" : " (recorded evidence from " + recorded + ", not this platform's)"));
        out().flush();
        UntilStopped.await("dcloud-agent-stop", agent::close);
        return 0;
    }
}
