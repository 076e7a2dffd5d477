package io.camelagents.pilot.driver;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * A 48-bit Pilot address: network (u16) + node (u32), written {@code N:NNNN.HHHH.LLLL}.
 * <p>
 * N is the network in decimal, NNNN the same network in 4 hex digits (both must agree), HHHH and LLLL the high and
 * low 16 bits of the node id in hex. Printed upper-case and zero-padded, parsed in either case.
 */
public record PilotAddress(int network, long node) {

    /** Byte length of an address on the IPC wire. */
    public static final int WIRE_LENGTH = 6;
    /** The backbone network every node joins; its id is 0. */
    public static final int BACKBONE = 0;
    /** {@code 0:0000.0000.0000}. */
    public static final PilotAddress UNSPECIFIED = new PilotAddress(0, 0);

    public PilotAddress {
        if (network < 0 || network > 0xFFFF) {
            throw new IllegalArgumentException("Pilot network must be 0..65535, got " + network);
        }
        if (node < 0 || node > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Pilot node id must be 0..4294967295, got " + node);
        }
    }

    /** An address on the backbone network 0, as daemons use for node ids. */
    public static PilotAddress ofNode(long nodeId) {
        return new PilotAddress(BACKBONE, nodeId);
    }

    /**
     * Parses {@code N:NNNN.HHHH.LLLL}.
     *
     * @throws PilotAddressFormatException with a message that says which part is wrong and what is expected
     */
    public static PilotAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PilotAddressFormatException("Pilot address is empty; expected N:NNNN.HHHH.LLLL such as 0:0000.0000.0005");
        }
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon <= 0 || colon != s.lastIndexOf(':')) {
            throw invalid(s, "expected exactly one ':' after the decimal network number");
        }
        String networkDecimal = s.substring(0, colon);
        String[] groups = s.substring(colon + 1).split("\\.", -1);
        if (groups.length != 3) {
            throw invalid(s, "expected 3 dot-separated groups of 4 hex digits after ':'");
        }
        for (String g : groups) {
            if (g.length() != 4 || !isHex(g)) {
                throw invalid(s, "group '" + g + "' is not 4 hex digits");
            }
        }
        int network;
        try {
            if (!networkDecimal.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            network = Integer.parseInt(networkDecimal);
        } catch (NumberFormatException e) {
            throw invalid(s, "network '" + networkDecimal + "' is not a decimal number");
        }
        if (network > 0xFFFF) {
            throw invalid(s, "network " + network + " does not fit in 16 bits (max 65535)");
        }
        int networkHex = Integer.parseInt(groups[0], 16);
        if (networkHex != network) {
            throw invalid(s, "decimal network " + network + " and hex network " + groups[0] + " disagree");
        }
        long node = (Long.parseLong(groups[1], 16) << 16) | Long.parseLong(groups[2], 16);
        return new PilotAddress(network, node);
    }

    /** True when {@code text} parses as an address. */
    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (PilotAddressFormatException e) {
            return false;
        }
    }

    static PilotAddress read(ByteBuffer buf) {
        int network = Short.toUnsignedInt(buf.getShort());
        long node = Integer.toUnsignedLong(buf.getInt());
        return new PilotAddress(network, node);
    }

    void write(ByteBuffer buf) {
        buf.putShort((short) network);
        buf.putInt((int) node);
    }

    public boolean isBroadcast() {
        return node == 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d:%04X.%04X.%04X", network, network, (node >>> 16) & 0xFFFF, node & 0xFFFF);
    }

    private static boolean isHex(String g) {
        for (int i = 0; i < g.length(); i++) {
            if (Character.digit(g.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static PilotAddressFormatException invalid(String s, String why) {
        return new PilotAddressFormatException("Invalid Pilot address '" + s + "': " + why
                + " (expected N:NNNN.HHHH.LLLL such as 0:0000.0000.0005)");
    }
}
