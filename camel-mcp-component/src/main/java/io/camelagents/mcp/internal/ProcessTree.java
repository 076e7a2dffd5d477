package io.camelagents.mcp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process and all its descendants. Wrappers such as {@code npx} or {@code sh -c} start the real server as a
 * grandchild; destroying only the direct child would leave it running.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** The process and its current descendants, parents first. */
    static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /**
     * SIGTERM to every live process of the tree (and of {@code alsoKill}, processes seen earlier that may have been
     * re-parented since their parent died), then SIGKILL whatever is still alive after {@code graceMillis}.
     */
    static void destroy(ProcessHandle root, List<ProcessHandle> alsoKill, long graceMillis) {
        Set<ProcessHandle> targets = new LinkedHashSet<>();
        if (root != null) {
            targets.addAll(snapshot(root));
        }
        for (ProcessHandle handle : alsoKill) {
            targets.add(handle);
            handle.descendants().forEach(targets::add);
        }
        boolean signalled = false;
        for (ProcessHandle handle : targets) {
            if (isRunning(handle)) {
                handle.destroy();
                signalled = true;
            }
        }
        if (!signalled) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < deadline && targets.stream().anyMatch(ProcessTree::isRunning)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle handle : targets) {
            if (isRunning(handle)) {
                handle.destroyForcibly();
            }
        }
    }

    /**
     * Alive and not a zombie. A killed grandchild re-parented to PID 1 stays a zombie until PID 1 reaps it, which
     * some container init processes do late; Java still reports it alive, but it no longer runs.
     */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", String.valueOf(handle.pid()), "stat");
        try {
            String content = Files.readString(stat);
            int afterName = content.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= content.length() || content.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive(); // no /proc (not Linux) or the process just went away
        }
    }
}
