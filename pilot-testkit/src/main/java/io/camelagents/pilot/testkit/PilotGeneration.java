package io.camelagents.pilot.testkit;

/** Which daemon generation a local network runs. */
public enum PilotGeneration {
    /** pilot-daemon / pilotctl from the PyPI package pilotprotocol (pinned in scripts/install-pilot.sh). */
    NEWEST("pilot-newest", "pilot-daemon"),
    /**
     * The older generation with the daemon-owned task service on port 1003 and no outbound defaults, from an older
     * wheel of the same PyPI package (pinned in scripts/install-pilot.sh): the stand-in for v1.2.2.
     */
    LEGACY("pilot-legacy", "pilot-daemon"),
    /** v1.2.2 built with go install (cmd/daemon, cmd/pilotctl); the module proxy reachable here refuses it. */
    V1_2_2("pilot-v1.2.2", "daemon");

    private final String toolsSubdir;
    private final String daemonBinary;

    PilotGeneration(String toolsSubdir, String daemonBinary) {
        this.toolsSubdir = toolsSubdir;
        this.daemonBinary = daemonBinary;
    }

    String toolsSubdir() {
        return toolsSubdir;
    }

    String daemonBinary() {
        return daemonBinary;
    }
}
