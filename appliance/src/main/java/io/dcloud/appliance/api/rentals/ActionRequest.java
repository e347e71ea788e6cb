package io.dcloud.appliance.api.rentals;

/** Optional body of an action: why the admin did it (required for force-end). */
public record ActionRequest(String reason) {}
