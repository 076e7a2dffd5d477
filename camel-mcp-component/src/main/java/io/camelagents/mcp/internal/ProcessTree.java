package io.camelagents.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle handle : targets) {
            if (handle.isAlive()) {
                handle.destroy();
                exits.add(handle.onExit());
            }
        }
        if (exits.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(exits.toArray(new CompletableFuture[0])).get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // timeout: fall through to SIGKILL
        }
        for (ProcessHandle handle : targets) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }
}
