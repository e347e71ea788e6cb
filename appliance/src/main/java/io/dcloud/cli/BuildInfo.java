package io.dcloud.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version and commit of this build, written into version.properties by the Maven build. */
public record BuildInfo(String version, String commit, boolean dirty) implements IVersionProvider {

    public BuildInfo() {
        this(load());
    }

    private BuildInfo(Properties p) {
        this(
                p.getProperty("version", "unknown"),
                resolved(p.getProperty("commit")),
                Boolean.parseBoolean(p.getProperty("dirty")));
    }

    private static String resolved(String commit) {
        return commit == null || commit.isBlank() || commit.startsWith("${") ? "unknown" : commit;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** One line such as {@code dcloud 0.1.0-SNAPSHOT (commit 1a2b3c4, modified)}. */
    public String line() {
        return "dcloud " + version + " (commit " + commit + (dirty ? ", modified" : "") + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
