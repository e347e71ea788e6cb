package io.dcloud.cli.demo;

import picocli.CommandLine.Command;

/**
 * The README's main job. It grows with the product: today it says what exists, and the appliance
 * issue turns it into a whole rental on one machine.
 */
@Command(
        name = "demo",
        description = "Run a whole rental on this machine: local chain, appliance, a tenant renting a VM.")
public final class DemoCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("dcloud demo: the end-to-end rental is not wired yet.");
    }
}
