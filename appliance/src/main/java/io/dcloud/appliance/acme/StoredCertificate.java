package io.dcloud.appliance.acme;

import io.dcloud.appliance.api.tls.TlsIdentity;
import java.nio.file.Path;

/**
 * A certificate chain and its key as stored on disk.
 *
 * @param certificateFile the chain in PEM, leaf first
 * @param keyFile the leaf's private key in PKCS#8 PEM (0600)
 * @param identity both, loaded
 * @param obtained whether this call ordered it (true) or reused the stored one (false)
 */
public record StoredCertificate(Path certificateFile, Path keyFile, TlsIdentity identity, boolean obtained) {}
