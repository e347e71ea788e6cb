package io.dcloud.appliance.api.rentals;

/** The size of a rental's VM: vCPUs, memory in MiB, disk in GiB. */
public record RentalSize(int vcpus, int ramMib, int diskGib) {}
