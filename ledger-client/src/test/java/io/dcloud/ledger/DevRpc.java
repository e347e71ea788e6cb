package io.dcloud.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/** anvil's development RPC methods: move time, mine, snapshot and revert (for reorgs). */
public final class DevRpc {
    private final HttpService rpc;

    public DevRpc(String rpcUrl) {
        this.rpc = new HttpService(rpcUrl);
    }

    /** Moves chain time forward and mines a block at the new time. */
    public void advance(long seconds) {
        call("evm_increaseTime", List.of(seconds));
        mine();
    }

    public void mine() {
        call("evm_mine", List.of());
    }

    /** Mines a block with exactly this timestamp (seconds), whatever the clock says. */
    public void mineAt(long timestamp) {
        call("evm_setNextBlockTimestamp", List.of(timestamp));
        mine();
    }

    /** With automine off, transactions wait in the mempool until {@link #mine()}. */
    public void setAutomine(boolean on) {
        call("evm_setAutomine", List.of(on));
    }

    /** Every block from now on gets the previous block's timestamp, and so does every estimate and call. */
    public void freezeBlockTime() {
        call("anvil_setBlockTimestampInterval", List.of(0));
    }

    /** Block timestamps follow the clock again (and {@link #advance}). */
    public void unfreezeBlockTime() {
        call("anvil_removeBlockTimestampInterval", List.of());
    }

    /** How many transactions wait in the mempool (with automine off). */
    public int pendingTransactions() {
        Object status = call("txpool_status", List.of());
        return Integer.decode(String.valueOf(((Map<?, ?>) status).get("pending")));
    }

    public String snapshot() {
        return (String) call("evm_snapshot", List.of());
    }

    public void revert(String snapshot) {
        call("evm_revert", List.of(snapshot));
    }

    private Object call(String method, List<?> params) {
        try {
            RawResponse response = new Request<>(method, params, rpc, RawResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(
                        method + " failed: " + response.getError().getMessage());
            }
            return response.getResult();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        }
    }

    /** Any JSON-RPC result. */
    public static final class RawResponse extends Response<Object> {}
}
