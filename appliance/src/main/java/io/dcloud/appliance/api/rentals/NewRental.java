package io.dcloud.appliance.api.rentals;

/**
 * A local rental the admin asked for, every field valid on its own (whether the label is free and the host has
 * room is decided when it is created).
 *
 * @param sshKey one OpenSSH public key line, stripped
 */
public record NewRental(String label, String sshKey, int hours, RentalSize size) {}
