package io.dcloud.appliance.config;

import java.net.URI;
import java.nio.file.Path;

/** Which chain holds the rentals: a local development chain the appliance starts, or a remote node. */
public sealed interface LedgerConfig {

    /**
     * A development chain (anvil) the appliance runs itself, its state and deployment kept in the state dir.
     *
     * @param port the chain's JSON-RPC port on 127.0.0.1
     */
    record Local(int port) implements LedgerConfig {}

    /**
     * @param rpcUrl the node's JSON-RPC endpoint
     * @param deploymentFile the contract addresses written when the contracts were deployed
     * @param confirmations blocks built on top of an event's block before it wakes the reconciler
     */
    record Remote(URI rpcUrl, Path deploymentFile, int confirmations) implements LedgerConfig {}
}
