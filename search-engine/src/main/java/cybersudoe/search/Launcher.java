package cybersudoe.search;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Thin wrapper around {@link OpenSearchRunner#main} used by scripts/services.sh.
 *
 * Why not call OpenSearchRunner's own main:
 * <ul>
 * <li>its main refuses every HTTP port above 9299 (maxHttpPort defaults to 9299 and
 * is not a command-line option), and silently moves to the next port when one is
 * busy; we want fixed ports (59200, or 59201..5920N) and a loud failure instead;</li>
 * <li>its main exits 1 without printing why; we print the whole cause chain.</li>
 * </ul>
 *
 * All command-line arguments are passed to the runner unchanged
 * (-basePath, -numOfNode, -clusterName, -baseHttpPort, -pluginTypes, ...).
 *
 * Failover tests: with several nodes in this one JVM, a single node can be stopped
 * and started again by creating an empty file in the control directory (system
 * property cybersudoe.control): {@code stop-node-N} or {@code start-node-N}
 * (N = 1..numOfNode). The file is deleted when the action is done and the result
 * is printed on stdout ("[launcher] node N stopped").
 */
public final class Launcher {

    private static void log(final String msg) {
        System.out.println("[launcher] " + msg);
        System.out.flush();
    }

    public static void main(final String[] args) throws InterruptedException {
        final OpenSearchRunner runner = new OpenSearchRunner();
        // -1: use exactly baseHttpPort + N, never skip to another port.
        runner.setMaxHttpPort(-1);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Throwable t) {
                System.err.println("[launcher] error while closing nodes: " + t);
            }
        }, "cybersudoe-shutdown"));

        try {
            runner.build(args);
        } catch (final Throwable t) {
            // stack trace first, summary last: the scripts show the tail of this log
            t.printStackTrace();
            System.err.println("[launcher] FAILED to start OpenSearch: " + t);
            Throwable cause = t.getCause();
            while (cause != null) {
                System.err.println("[launcher]   caused by: " + cause);
                cause = cause.getCause();
            }
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        log("all " + runner.getNodeSize() + " node(s) started");

        final String controlProp = System.getProperty("cybersudoe.control");
        final Path control = controlProp == null ? null : Paths.get(controlProp);
        if (control != null) {
            try {
                Files.createDirectories(control);
            } catch (final IOException e) {
                log("cannot create control directory " + control + ": " + e);
            }
        }

        // Keep running while at least one node is open, or while a node is
        // deliberately stopped through the control directory.
        boolean stoppedOnPurpose = false;
        while (stoppedOnPurpose || !runner.isClosed()) {
            Thread.sleep(500);
            if (control == null || !Files.isDirectory(control)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(control)) {
                for (final Path file : files) {
                    final String name = file.getFileName().toString();
                    final boolean stop = name.startsWith("stop-node-");
                    final boolean start = name.startsWith("start-node-");
                    if (!stop && !start) {
                        continue;
                    }
                    final int n;
                    try {
                        n = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
                    } catch (final NumberFormatException e) {
                        log("ignoring control file " + name);
                        Files.deleteIfExists(file);
                        continue;
                    }
                    if (n < 1 || n > runner.getNodeSize()) {
                        log("no node " + n + " (nodes: 1.." + runner.getNodeSize() + ")");
                    } else if (stop) {
                        try {
                            runner.getNode(n - 1).close();
                            stoppedOnPurpose = true;
                            log("node " + n + " stopped");
                        } catch (final Throwable t) {
                            log("node " + n + " failed to stop: " + t);
                        }
                    } else {
                        final boolean ok = runner.startNode(n - 1);
                        log(ok ? "node " + n + " started" : "node " + n + " not started (already running?)");
                        if (!runner.isClosed()) {
                            stoppedOnPurpose = false;
                            for (int i = 0; i < runner.getNodeSize(); i++) {
                                if (runner.getNode(i).isClosed()) {
                                    stoppedOnPurpose = true;
                                }
                            }
                        }
                    }
                    Files.deleteIfExists(file);
                }
            } catch (final IOException e) {
                log("control directory error: " + e);
            }
        }
        log("all nodes closed, exiting");
    }
}
