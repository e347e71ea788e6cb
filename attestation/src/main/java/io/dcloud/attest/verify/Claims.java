package io.dcloud.attest.verify;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.Tcb;
import io.dcloud.attest.tdx.TdReport;
import io.dcloud.attest.tdx.TdxQuote;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The facts a verdict reports, named as in `dcloud attest verify --json`; byte strings in lowercase hex. */
final class Claims {

    private Claims() {}

    static Map<String, Object> snp(SnpReport r, Optional<Product> product) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("product", product.map(Product::displayName).orElse(null));
        m.put("chipId", Hex.of(r.chipId()));
        m.put("reportedTcb", tcb(r.reportedTcb(), product));
        m.put("currentTcb", tcb(r.currentTcb(), product));
        m.put("committedTcb", tcb(r.committedTcb(), product));
        m.put("launchTcb", tcb(r.launchTcb(), product));
        m.put("measurement", Hex.of(r.measurement()));
        m.put("reportData", Hex.of(r.reportData()));
        m.put("hostData", Hex.of(r.hostData()));
        m.put("idKeyDigest", Hex.of(r.idKeyDigest()));
        m.put("familyId", Hex.of(r.familyId()));
        m.put("imageId", Hex.of(r.imageId()));
        m.put("guestSvn", r.guestSvn());
        m.put("vmpl", r.vmpl());
        m.put("policy", r.policy().toMap());
        m.put("signingKey", r.signingKey().name().toLowerCase(Locale.ROOT));
        m.put("trailingBytes", r.trailingBytes());
        return m;
    }

    /** A TCB as its components when the product is known (the layout depends on it), else raw hex. */
    private static Object tcb(long raw, Optional<Product> product) {
        if (product.isPresent()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("raw", rawTcb(raw));
            m.putAll(Tcb.decode(raw, product.get()).toMap(product.get()));
            return m;
        }
        return Map.of("raw", rawTcb(raw));
    }

    private static String rawTcb(long raw) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (raw >>> (8 * i));
        }
        return Hex.of(b);
    }

    static Map<String, Object> tdx(TdxQuote q, Optional<byte[]> fmspc, Optional<String> tcbStatus, boolean collateral) {
        TdReport td = q.body();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", q.version());
        m.put("mrTd", Hex.of(td.mrTd()));
        for (int i = 0; i < 4; i++) {
            m.put("rtmr" + i, Hex.of(td.rtmrs().get(i)));
        }
        m.put("mrConfigId", Hex.of(td.mrConfigId()));
        m.put("mrOwner", Hex.of(td.mrOwner()));
        m.put("mrOwnerConfig", Hex.of(td.mrOwnerConfig()));
        m.put("mrSeam", Hex.of(td.mrSeam()));
        m.put("reportData", Hex.of(td.reportData()));
        m.put("tdAttributes", Hex.of(td.tdAttributes()));
        m.put("xfam", Hex.of(td.xfam()));
        m.put("teeTcbSvn", Hex.of(td.teeTcbSvn()));
        m.put("fmspc", fmspc.map(Hex::of).orElse(null));
        m.put("qeSvn", q.qeReport().isvSvn());
        if (collateral) {
            m.put("tcbStatus", tcbStatus.orElse(null));
        }
        m.put("trailingBytes", q.trailingBytes());
        return m;
    }
}
