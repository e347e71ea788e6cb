package io.dcloud.cli.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.vm.lifecycle.Vm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `dcloud vm list`: the domains that carry dcloud metadata, with that metadata. */
@Command(name = "list", description = "List dcloud's VMs (domains with dcloud metadata) and their rentals.")
public final class ListCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Mixin
    LibvirtOptions libvirt;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var connect = libvirt.connect();
        try {
            var vms = libvirt.manager(connect).list();
            if (json) {
                var rows = new ArrayList<Map<String, Object>>();
                vms.forEach(vm -> rows.add(row(vm)));
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                return 0;
            }
            out.printf("%-24s %-10s %-8s %-16s %-12s %s%n", "NAME", "STATE", "KIND", "IP", "RENTAL", "PORTS");
            for (Vm vm : vms) {
                out.printf(
                        "%-24s %-10s %-8s %-16s %-12s %s%n",
                        vm.name(),
                        vm.state(),
                        vm.kind().label(),
                        vm.network().ip(),
                        vm.metadata().rentalId(),
                        vm.metadata()
                                .portBlock()
                                .map(b -> b.first() + "+" + b.count())
                                .orElse("-"));
            }
            return 0;
        } finally {
            connect.close();
        }
    }

    private static Map<String, Object> row(Vm vm) {
        var row = new LinkedHashMap<String, Object>();
        row.put("name", vm.name());
        row.put("state", vm.state().name());
        row.put("kind", vm.kind().label());
        row.put("network", vm.network().network());
        row.put("mac", vm.network().mac());
        row.put("ip", vm.network().ip());
        row.put("rentalId", vm.metadata().rentalId());
        row.put("tenant", vm.metadata().tenant());
        vm.metadata().portBlock().ifPresent(b -> row.put("portBlock", Map.of("first", b.first(), "count", b.count())));
        row.put("routes", vm.metadata().routes());
        return row;
    }
}
