package io.camelagents.pilot.driver;

/** Command bytes of the daemon's IPC protocol (both generations unless noted). */
final class IpcCommand {
    static final byte BIND = 0x01;
    static final byte BIND_OK = 0x02;
    static final byte DIAL = 0x03;
    static final byte DIAL_OK = 0x04;
    static final byte ACCEPT = 0x05;
    static final byte SEND = 0x06;
    static final byte RECV = 0x07;
    static final byte CLOSE = 0x08;
    static final byte CLOSE_OK = 0x09;
    static final byte ERROR = 0x0A;
    static final byte SEND_TO = 0x0B;
    static final byte RECV_FROM = 0x0C;
    static final byte INFO = 0x0D;
    static final byte INFO_OK = 0x0E;
    static final byte HANDSHAKE = 0x0F;
    static final byte HANDSHAKE_OK = 0x10;
    static final byte RESOLVE_HOSTNAME = 0x11;
    static final byte RESOLVE_HOSTNAME_OK = 0x12;
    static final byte SET_HOSTNAME = 0x13;
    static final byte SET_HOSTNAME_OK = 0x14;
    static final byte SET_VISIBILITY = 0x15;
    static final byte SET_VISIBILITY_OK = 0x16;
    static final byte DEREGISTER = 0x17;
    static final byte DEREGISTER_OK = 0x18;
    static final byte SET_TAGS = 0x19;
    static final byte SET_TAGS_OK = 0x1A;
    static final byte SET_WEBHOOK = 0x1B;
    static final byte SET_WEBHOOK_OK = 0x1C;
    /** v1.2.2 only. */
    static final byte SET_TASK_EXEC = 0x1D;
    static final byte SET_TASK_EXEC_OK = 0x1E;
    /** Newest only from here on. */
    static final byte HEALTH = 0x21;
    static final byte HEALTH_OK = 0x22;
    static final byte CANCEL = 0x2B;
    static final byte UNBIND = 0x37;
    static final byte UNBIND_OK = 0x38;
    static final byte SEND_TO_CONFIRM = 0x39;
    static final byte SEND_TO_OK = 0x3A;

    /** Largest frame body (command byte included) either daemon accepts or sends. */
    static final int MAX_BODY = 1_048_576;
    /** Largest data payload of one Send frame: the newest Go driver keeps 64 bytes of headroom; we do too. */
    static final int MAX_SEND_CHUNK = MAX_BODY - 64 - 1 - 4;

    private IpcCommand() {
    }

    static String hex(byte cmd) {
        return String.format("0x%02X", cmd & 0xFF);
    }
}
