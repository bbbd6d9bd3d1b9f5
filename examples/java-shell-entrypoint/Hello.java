// Prints a greeting, then waits until the JVM is asked to stop.
public class Hello {
    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Got a stop signal, bye.")));
        System.out.println("Hello from a jar, args=" + String.join(" ", args));
        Thread.currentThread().join();
    }
}
