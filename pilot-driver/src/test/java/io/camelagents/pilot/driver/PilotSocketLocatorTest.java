package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PilotSocketLocatorTest {

    @Test
    void followsPilotctlPrecedence(@TempDir Path home) throws Exception {
        Map<String, String> all = Map.of("PILOT_SOCKET", "/env/p.sock", "XDG_RUNTIME_DIR", "/run/user/1");
        Files.createDirectories(home.resolve(".pilot"));
        Files.writeString(home.resolve(".pilot/config.json"), "{\"socket\":\"/cfg/p.sock\"}");

        assertEquals(Path.of("/explicit.sock"), PilotSocketLocator.locate("/explicit.sock", all, home));
        assertEquals(Path.of("/env/p.sock"), PilotSocketLocator.locate(null, all, home));
        assertEquals(Path.of("/cfg/p.sock"), PilotSocketLocator.locate("", Map.of("XDG_RUNTIME_DIR", "/run/user/1"), home));
        Files.writeString(home.resolve(".pilot/config.json"), "{not json");
        assertEquals(Path.of("/run/user/1/pilot.sock"), PilotSocketLocator.locate(null, Map.of("XDG_RUNTIME_DIR", "/run/user/1"), home));
        assertEquals(Path.of("/tmp/pilot.sock"), PilotSocketLocator.locate(null, Map.of(), home));
    }
}
