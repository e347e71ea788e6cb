package io.dcloud.appliance.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration, reported together so one edit can fix them all. */
public final class InvalidConfigException extends Exception {

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream()
                .map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", "invalid configuration:\n  ", "")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
