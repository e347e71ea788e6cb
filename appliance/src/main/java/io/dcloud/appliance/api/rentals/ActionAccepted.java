package io.dcloud.appliance.api.rentals;

/** The 202 answer to an accepted action. */
public record ActionAccepted(String rental, String action, String detail) {}
