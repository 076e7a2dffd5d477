package io.camelagents.pilot.driver;

/** A Pilot address plus a port, written {@code N:NNNN.HHHH.LLLL:port}. */
public record PilotSocketAddress(PilotAddress address, int port) {

    public PilotSocketAddress {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        checkPort(port);
    }

    /** Parses {@code addr:port}, splitting at the last colon. */
    public static PilotSocketAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PilotAddressFormatException("Pilot socket address is empty; expected N:NNNN.HHHH.LLLL:port such as 0:0000.0000.0005:7");
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new PilotAddressFormatException("Invalid Pilot socket address '" + s
                    + "': expected N:NNNN.HHHH.LLLL:port such as 0:0000.0000.0005:7");
        }
        PilotAddress address = PilotAddress.parse(s.substring(0, colon));
        String portText = s.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new PilotAddressFormatException("Invalid Pilot socket address '" + s + "': port '" + portText
                    + "' is not a decimal number 0..65535");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new PilotAddressFormatException("Invalid Pilot socket address '" + s + "': port " + port
                    + " is outside 0..65535");
        }
        return new PilotSocketAddress(address, port);
    }

    /** Checks a Pilot port number, with a message that says what to fix. */
    public static int checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new PilotAddressFormatException("Pilot port " + port + " is outside 0..65535");
        }
        return port;
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
