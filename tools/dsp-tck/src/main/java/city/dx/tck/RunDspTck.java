package city.dx.tck;

import org.eclipse.dataspacetck.core.system.ConsoleMonitor;
import org.eclipse.dataspacetck.dsp.system.DspSystemLauncher;
import org.eclipse.dataspacetck.runtime.ConsoleResultWriter;
import org.eclipse.dataspacetck.runtime.TckRuntime;

import java.io.FileReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the TCK's verification tests of the given packages against a connector under test.
 *
 * <p>{@code java -cp '<lib>/*' city.dx.tck.RunDspTck <tck.properties> <package>...}
 *
 * <p>The TCK's own suite runs every package; the platform serves the provider side of DSP over its
 * own policies, so the caller names the packages it answers for (docs/dataspace.md §9). The exit
 * code is 0 only when at least one test ran and none failed, so a run that found nothing to test
 * is not taken for a pass.
 */
public final class RunDspTck {
    private RunDspTck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RunDspTck <tck.properties> <test package>...");
            System.exit(2);
        }
        var file = new Properties();
        try (var reader = new FileReader(args[0])) {
            file.load(reader);
        }
        Map<String, String> properties = new HashMap<>();
        file.forEach((key, value) -> properties.put(key.toString(), value.toString()));
        var debug = Boolean.parseBoolean(properties.getOrDefault("dataspacetck.debug", "false"));
        // No ANSI colours: the output is read by a test and kept in CI logs.
        var monitor = new ConsoleMonitor(debug, false);
        var runtime = TckRuntime.Builder.newInstance()
                .properties(properties)
                .launcher(DspSystemLauncher.class)
                .monitor(monitor);
        for (var i = 1; i < args.length; i++) {
            runtime.addPackage(args[i]);
        }
        var result = runtime.build().execute();
        new ConsoleResultWriter(monitor).output(result);
        // Failures outside a test (a class that cannot start) are counted but not listed above.
        result.getFailures().forEach(failure -> System.out.printf("FAILURE %s: %s%n",
                failure.getTestIdentifier().getDisplayName(), failure.getException()));
        System.out.printf("TCK tests: %d found, %d succeeded, %d failed%n",
                result.getTestsFoundCount(), result.getTestsSucceededCount(), result.getTotalFailureCount());
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
