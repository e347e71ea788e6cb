package io.netty.channel.unix;

/**
 * Records in a Netty {@link Socket} that its input has ended, without the {@code shutdown(SHUT_RD)} that Netty's own
 * {@code Socket.shutdown} makes for it. Once the peer's FIN has been read that call changes nothing in the kernel
 * (the FIN already ended the input), but Netty's read loop looks only at the socket's recorded state to stop reading.
 * It lives in Netty's package because that state is package-private there (Netty 4.2.18, pinned in the parent pom).
 */
public final class InputShutdownMark {
    private InputShutdownMark() {}

    /** Marks the input ended; a closed socket or one already marked is left as it is. */
    public static void mark(Socket socket) {
        for (; ; ) {
            int state = socket.state;
            if (FileDescriptor.isClosed(state) || FileDescriptor.isInputShutdown(state)) {
                return;
            }
            if (socket.casState(state, FileDescriptor.inputShutdown(state))) {
                return;
            }
        }
    }
}
