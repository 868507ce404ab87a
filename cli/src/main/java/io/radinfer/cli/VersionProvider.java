package io.radinfer.cli;

import picocli.CommandLine;

/** {@code radinfer --version}: the build's version and the JVM it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Radinfer.class.getPackage().getImplementationVersion();
        return new String[] {
            "radinfer " + (v == null ? "(development build)" : v),
            "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version(),
        };
    }
}
