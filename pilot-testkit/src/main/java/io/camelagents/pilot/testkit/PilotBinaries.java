package io.camelagents.pilot.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the real Pilot binaries that scripts/install-pilot.sh puts under the tools directory: system property
 * {@code agents.tools.dir}, else env {@code AGENTS_TOOLS_DIR}, else the nearest {@code .tools} folder above the
 * working directory. A missing binary is an error with the command that installs it, never a silent skip.
 */
public final class PilotBinaries {
    private final Path toolsDir;
    private final PilotGeneration generation;

    private PilotBinaries(Path toolsDir, PilotGeneration generation) {
        this.toolsDir = toolsDir;
        this.generation = generation;
    }

    public static PilotBinaries of(PilotGeneration generation) {
        return new PilotBinaries(toolsDir(), generation);
    }

    public static Path toolsDir() {
        String prop = System.getProperty("agents.tools.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        String env = System.getenv("AGENTS_TOOLS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".tools"))) {
                return dir.resolve(".tools");
            }
        }
        return Path.of(".tools").toAbsolutePath();
    }

    public PilotGeneration generation() {
        return generation;
    }

    public Path daemon() {
        return require(generation.daemonBinary());
    }

    public Path pilotctl() {
        return require("pilotctl");
    }

    /** The real rendezvous (registry + beacon) if it could be installed; else the kit uses its loopback registry. */
    public Optional<Path> rendezvous() {
        Path official = toolsDir.resolve("rendezvous/bin/rendezvous");
        if (generation == PilotGeneration.V1_2_2) {
            official = toolsDir.resolve("pilot-v1.2.2/bin/rendezvous");
        }
        return Files.isExecutable(official) ? Optional.of(official) : Optional.empty();
    }

    private Path require(String name) {
        Path p = toolsDir.resolve(generation.toolsSubdir()).resolve("bin").resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("Pilot binary '" + name + "' for generation " + generation + " not found at "
                    + p + ". Install it with: bash scripts/install-deps.sh"
                    + (generation == PilotGeneration.V1_2_2
                            ? " (v1.2.2 comes from `go install github.com/TeoSlayer/pilotprotocol/cmd/...@v1.2.2`)" : ""));
        }
        return p;
    }
}
