package io.dcloud.vm.inventory;

/**
 * The host's AMD SEV platform as libvirt reports it. SEV-SNP guests repeat cbitpos and reducedPhysBits;
 * maxGuests bounds how many confidential VMs (ASIDs) the host can run at once.
 */
public record SevSupport(boolean snp, int cbitpos, int reducedPhysBits, int maxGuests, int maxEsGuests) {}
