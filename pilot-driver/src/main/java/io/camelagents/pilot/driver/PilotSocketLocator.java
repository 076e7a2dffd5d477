package io.camelagents.pilot.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds the daemon's IPC socket the way pilotctl does: an explicit path, then {@code PILOT_SOCKET}, then
 * {@code socket} in {@code ~/.pilot/config.json}, then {@code $XDG_RUNTIME_DIR/pilot.sock}, then
 * {@code /tmp/pilot.sock}.
 */
public final class PilotSocketLocator {
    public static final Path DEFAULT_SOCKET = Path.of("/tmp/pilot.sock");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PilotSocketLocator() {
    }

    /** Uses this process's environment and {@code user.home}. */
    public static Path locate(String explicitPath) {
        return locate(explicitPath, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The first candidate that is configured; it does not check that the socket exists (the daemon may start later). */
    public static Path locate(String explicitPath, Map<String, String> env, Path home) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            return Path.of(explicitPath);
        }
        String fromEnv = env.get("PILOT_SOCKET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path config = home.resolve(".pilot").resolve("config.json");
        if (Files.isRegularFile(config)) {
            try {
                JsonNode socket = JSON.readTree(config.toFile()).path("socket");
                if (socket.isTextual() && !socket.asText().isBlank()) {
                    return Path.of(socket.asText());
                }
            } catch (IOException e) {
                // An unreadable config must not hide the remaining candidates; pilotctl behaves the same.
            }
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "pilot.sock");
        }
        return DEFAULT_SOCKET;
    }
}
