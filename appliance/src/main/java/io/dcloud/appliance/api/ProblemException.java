package io.dcloud.appliance.api;

/** Thrown by a handler to answer with a problem; the routing's error handler writes it. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
