package io.dcloud.appliance.reconcile;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs reconciler passes on one thread: every {@code period}, and early whenever {@link #wake()} is called (a ledger
 * event, an admin action). Events only decide when a pass runs; the pass itself reads everything afresh.
 */
public final class ReconcileLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

    private final Reconciler reconciler;
    private final Duration period;
    private final Consumer<PassReport> listener;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dcloud-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<PassReport> last = new AtomicReference<>();

    public ReconcileLoop(Reconciler reconciler, Duration period, Consumer<PassReport> listener) {
        this.reconciler = reconciler;
        this.period = period;
        this.listener = listener;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::runPass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass as soon as the current one (if any) is done. */
    public void wake() {
        thread.execute(this::runPass);
    }

    public PassReport lastReport() {
        return last.get();
    }

    private void runPass() {
        try {
            PassReport report = reconciler.pass();
            last.set(report);
            listener.accept(report);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "reconciler pass failed; the next one retries", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
