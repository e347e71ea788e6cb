package io.dcloud.cli.ledger;

import io.dcloud.ledger.tx.ContractRevert;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;

/** Runs a ledger command and turns failures into one clear line: the contract's error name, or what was wrong. */
abstract class LedgerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            execute();
            return 0;
        } catch (ContractRevert e) {
            err().println("dcloud: refused by the contract: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err().println("dcloud: " + e.getMessage());
            return 1;
        }
    }

    abstract void execute();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Announces a transaction before it is sent (waiting for the receipt can take a block time or more). */
    void sending(String what) {
        out().println(what + " ...");
        out().flush();
    }

    void sent(TransactionReceipt receipt, String result) {
        out().printf(
                        "%s (block %s, tx %s, gas %,d)%n",
                        result, receipt.getBlockNumber(), receipt.getTransactionHash(), receipt.getGasUsed());
    }
}
