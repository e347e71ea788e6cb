package io.dcloud.vm.spec;

import java.nio.file.Path;

/** Boot a kernel and initramfs directly instead of the disk's boot loader (the test guest does this). */
public record DirectBoot(Path kernel, Path initrd, String cmdline) {
    public DirectBoot {
        if (kernel == null || !kernel.isAbsolute() || initrd == null || !initrd.isAbsolute()) {
            throw new InvalidSpecException("boot: kernel and initrd must be absolute paths");
        }
        cmdline = cmdline == null ? "" : cmdline;
    }
}
