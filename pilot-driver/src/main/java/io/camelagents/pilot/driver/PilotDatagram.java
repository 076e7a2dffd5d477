package io.camelagents.pilot.driver;

/** One datagram received on a local Pilot port. */
public record PilotDatagram(PilotSocketAddress source, int destinationPort, byte[] data) {
}
