package io.omicsdropzone.bench;

import com.sun.management.OperatingSystemMXBean;
import io.omicsdropzone.cli.Main;

import java.lang.management.ManagementFactory;

/**
 * function.jar's command line, plus the process's CPU time (all threads: the compilers and the collector included)
 * printed as the JVM exits ({@link Main} ends with {@code System.exit}). On a machine shared with other work, wall time
 * is mostly waiting for a CPU; CPU time is the work itself, and on Lambda's single vCPU it is close to the duration.
 */
public final class CpuTimedMain {

    static final String CPU_PREFIX = "CPU_NANOS ";

    private CpuTimedMain() {
    }

    public static void main(String[] args) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(CPU_PREFIX + os.getProcessCpuTime())));
        Main.main(args);
    }
}
