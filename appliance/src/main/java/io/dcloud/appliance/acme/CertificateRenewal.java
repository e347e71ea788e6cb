package io.dcloud.appliance.acme;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls {@link AcmeCertificates#ensureCertificate()} now and then every {@code period} on one daemon
 * thread, and hands every newly obtained certificate to {@code onObtained} (to reload the API's TLS).
 * A failed attempt is logged and retried at the next tick; the stored certificate keeps serving.
 */
public final class CertificateRenewal implements AutoCloseable {
    public static final Duration TWICE_A_DAY = Duration.ofHours(12);
    private static final System.Logger LOG = System.getLogger(CertificateRenewal.class.getName());

    private final AcmeCertificates certificates;
    private final Consumer<StoredCertificate> onObtained;
    private final ScheduledExecutorService scheduler;

    private CertificateRenewal(AcmeCertificates certificates, Consumer<StoredCertificate> onObtained) {
        this.certificates = certificates;
        this.onObtained = onObtained;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "acme-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts checking: the first check runs at once, the next ones every {@code period}. */
    public static CertificateRenewal start(
            AcmeCertificates certificates, Duration period, Consumer<StoredCertificate> onObtained) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the renewal period must be positive");
        }
        var renewal = new CertificateRenewal(certificates, onObtained);
        renewal.scheduler.scheduleWithFixedDelay(renewal::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return renewal;
    }

    /** One check, as the scheduler runs it; true when a new certificate was obtained. */
    boolean check() {
        try {
            StoredCertificate current = certificates.ensureCertificate();
            if (current.obtained()) {
                onObtained.accept(current);
            }
            return current.obtained();
        } catch (CertificateOrderException e) {
            LOG.log(System.Logger.Level.WARNING, "ACME certificate not renewed, retrying later: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "ACME renewal failed unexpectedly", e);
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
