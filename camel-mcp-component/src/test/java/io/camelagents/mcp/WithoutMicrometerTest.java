package io.camelagents.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.mcp.testsupport.NpmServers;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: with the test class path minus every Micrometer jar (a fresh class loader over it), the
 * component starts, records nothing, and calls a tool of a real MCP server.
 */
class WithoutMicrometerTest {

    @Test
    void componentRunsWithoutMicrometerOnTheClasspath() throws Exception {
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
            Object result = check.getMethod("run", List.class).invoke(null, NpmServers.javaSdkServerCommand());
            assertEquals("metrics=NONE reply=echo: no micrometer", result);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
