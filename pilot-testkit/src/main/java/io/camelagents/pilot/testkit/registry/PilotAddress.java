package io.camelagents.pilot.testkit.registry;

/**
 * Text form of a Pilot overlay address: {@code N:NNNN.HHHH.LLLL} (network in decimal, the same
 * network as 4 hex digits, node id as two upper-case 16-bit hex groups). The daemon parses the
 * {@code address} of the register reply with exactly this grammar.
 */
final class PilotAddress {

    /** Every loopback node lives on the backbone network. */
    static final int BACKBONE = 0;

    private PilotAddress() {
    }

    static String format(int network, long nodeId) {
        if (network < 0 || network > 0xFFFF) {
            throw new IllegalArgumentException("network out of range: " + network);
        }
        if (nodeId < 0 || nodeId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("node id out of range: " + nodeId);
        }
        return String.format("%d:%04X.%04X.%04X", network, network, (nodeId >>> 16) & 0xFFFF, nodeId & 0xFFFF);
    }

    static String backbone(long nodeId) {
        return format(BACKBONE, nodeId);
    }
}
