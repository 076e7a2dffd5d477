package io.camelagents.pilot.connect;

/** An event read from a broker and waiting for Connect's poll. */
record ReceivedEvent(SourceUnit unit, String broker, String topic, byte[] payload, long receivedAt) {
}
