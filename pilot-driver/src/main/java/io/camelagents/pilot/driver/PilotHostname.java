package io.camelagents.pilot.driver;

import java.util.regex.Pattern;

/** Pilot hostnames: lowercase letters, digits and inner hyphens, at most 63 characters (the registry's rule). */
public final class PilotHostname {
    private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private PilotHostname() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns the name, or throws with a message that says what to fix. */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new PilotAddressFormatException("Invalid Pilot hostname '" + name
                    + "': use 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen"
                    + " (or give an address such as 0:0000.0000.0005)");
        }
        return name;
    }
}
