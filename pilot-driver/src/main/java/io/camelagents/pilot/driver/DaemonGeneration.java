package io.camelagents.pilot.driver;

/** The two daemon generations whose IPC the driver speaks. Detected from the Info reply. */
public enum DaemonGeneration {
    /** v1.2.2 (TeoSlayer/pilotprotocol): sequential IPC, no version or features in Info, task service on 1003. */
    V1_2_2,
    /** Newest (pilot-protocol/pilotprotocol 1.x): concurrent IPC, Info carries {@code version} and {@code features}. */
    NEWEST
}
