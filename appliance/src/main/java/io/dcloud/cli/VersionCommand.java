package io.dcloud.cli;

import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version and the git commit of this build.")
final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println(new BuildInfo().line());
    }
}
