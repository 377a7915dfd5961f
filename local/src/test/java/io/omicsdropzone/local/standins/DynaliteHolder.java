package io.omicsdropzone.local.standins;

/** Main class of the JVM that DynaliteServerTest kills: starts dynalite, prints node's pid, waits to be killed. */
final class DynaliteHolder {

    static final String PID = "node-pid=";

    private DynaliteHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynaliteServer server = DynaliteServer.start();
        System.out.println(PID + server.process().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
