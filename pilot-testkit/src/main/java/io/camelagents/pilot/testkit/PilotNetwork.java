package io.camelagents.pilot.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link LocalPilotNetwork} per test class (shared by its tests) and injects it into test methods,
 * constructors and lifecycle methods that declare a {@code LocalPilotNetwork} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LocalPilotNetworkExtension.class)
public @interface PilotNetwork {
    int nodes() default 2;

    PilotGeneration generation() default PilotGeneration.NEWEST;

    String hostnamePrefix() default "agent";

    boolean mutualTrust() default true;

    /** Newest generation: daemons approve handshakes on their own (-trust-auto-approve). */
    boolean autoApproveTrust() default true;

    String[] extraDaemonFlags() default {};
}
