package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: with the test class path minus every Micrometer jar (a fresh class loader over it), the
 * component starts, records nothing, and a pilot:events route works against a real daemon.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "nomm")
class WithoutMicrometerTest {

    @Test
    void componentRunsWithoutMicrometerOnTheClasspath(LocalPilotNetwork network) throws Exception {
        List<URL> urls = new ArrayList<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Path.of(entry).getFileName().toString().startsWith("micrometer-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertFalse(urls.isEmpty());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated));
            Thread.currentThread().setContextClassLoader(isolated);
            Class<?> check = Class.forName(WithoutMicrometerCheck.class.getName(), true, isolated);
            Object result = check.getMethod("run", String.class).invoke(null, network.node(0).socketPath().toString());
            assertEquals("metrics=NONE received=true", result);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
