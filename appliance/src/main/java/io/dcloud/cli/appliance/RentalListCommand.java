package io.dcloud.cli.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "The rentals this host serves, ledger and local, one a line (GET /rentals).")
final class RentalListCommand extends AdminApiCommand {

    private static final List<String> HEADER =
            List.of("ID", "LABEL", "KIND", "STATE", "HOSTNAME", "SSH PORT", "ENDS AT", "LOCAL");

    @Option(names = "--json", description = "Print the API's JSON as it is, for scripts.")
    boolean raw;

    @Override
    void execute() {
        String body = get("/rentals");
        if (raw) {
            out().println(body);
            return;
        }
        var rentals = json(body);
        if (rentals.isEmpty()) {
            out().println("no rentals");
            return;
        }
        out().print(table(rentals));
    }

    /** Columns as wide as their widest cell; a missing value (no port before provisioning, ...) is "-". */
    static String table(JsonNode rentals) {
        var rows = new ArrayList<List<String>>();
        rows.add(HEADER);
        rentals.forEach(r -> rows.add(List.of(
                cell(r, "id"),
                cell(r, "label"),
                cell(r, "kind"),
                cell(r, "state"),
                cell(r, "hostname"),
                cell(r, "sshPort"),
                cell(r, "endsAt"),
                r.path("local").asBoolean() ? "yes" : "no")));
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        var text = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String cell(JsonNode rental, String field) {
        var value = rental.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
    }
}
