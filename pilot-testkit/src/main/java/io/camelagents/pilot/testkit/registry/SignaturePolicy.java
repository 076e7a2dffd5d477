package io.camelagents.pilot.testkit.registry;

/** What the registry does with the Ed25519 {@code signature} field of signed requests. */
public enum SignaturePolicy {
    /** Do not look at signatures at all. */
    IGNORE,
    /** Verify, log a warning on a bad or missing signature, but serve the request anyway. */
    WARN,
    /** Verify and refuse with {@code signature verification failed}, like the real registry. */
    ENFORCE
}
