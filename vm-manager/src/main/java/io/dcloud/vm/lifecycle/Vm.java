package io.dcloud.vm.lifecycle;

import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.VmKind;

/** A dcloud domain as libvirt knows it: its state and the metadata dcloud recorded in it. */
public record Vm(String name, VmState state, VmKind kind, DcloudMetadata metadata, NetworkAttachment network) {}
