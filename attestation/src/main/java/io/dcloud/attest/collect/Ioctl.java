package io.dcloud.attest.collect;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;

/** The three libc calls the guest and host devices need, through JNA. */
public final class Ioctl {

    private static final long IOC_WRITE = 1;
    private static final long IOC_READ = 2;

    /** Linux _IOWR(type, nr, size): read-write ioctl request number. */
    public static long iowr(char type, int nr, int size) {
        return ioc(IOC_READ | IOC_WRITE, type, nr, size);
    }

    /** Linux _IOR(type, nr, size): the kernel writes to the argument. */
    public static long ior(char type, int nr, int size) {
        return ioc(IOC_READ, type, nr, size);
    }

    private static long ioc(long dir, char type, int nr, int size) {
        return dir << 30 | (long) size << 16 | (long) type << 8 | nr;
    }

    interface LibC extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Pointer arg);

        int close(int fd);
    }

    private static final int O_RDWR = 2;

    private Ioctl() {}

    /** Opens {@code device}, issues one ioctl on {@code arg}, closes; returns the errno on failure. */
    public static int call(String device, long request, Pointer arg) throws IOException {
        LibC c = Native.load("c", LibC.class);
        int fd = c.open(device, O_RDWR);
        if (fd < 0) {
            throw new IOException("cannot open " + device + " (errno " + Native.getLastError() + ")");
        }
        try {
            return c.ioctl(fd, new NativeLong(request), arg) < 0 ? Native.getLastError() : 0;
        } finally {
            c.close(fd);
        }
    }
}
