package org.pathway;

/**
 * The demo artifact's entry point: {@code bench-pathway} runs the in-memory engine beside the
 * service it measures, and only this artifact holds that engine; every other command is the
 * service's own.
 */
public final class DemoApplication {

  private DemoApplication() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("bench-pathway")) {
      PathwayBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    PathwayApplication.main(args);
  }
}
