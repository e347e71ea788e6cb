package io.dcloud.cli.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code dcloud appliance run} as a child process of the demo, so that it can be killed like a real one. */
final class ApplianceProcess implements AutoCloseable {
    private final Process process;

    private ApplianceProcess(Process process) {
        this.process = process;
    }

    static ApplianceProcess start(Path config, Map<String, String> env, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.dcloud.cli.Dcloud",
                        "appliance",
                        "run",
                        "--config",
                        config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ApplianceProcess(builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no cleanup, exactly what a crash or power cut leaves behind. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill9();
        }
    }
}
