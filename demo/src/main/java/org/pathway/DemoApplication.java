package org.pathway;

/**
 * The demo artifact's entry point: {@code bench-pathway} runs the in-memory engine beside the
 * service it measures and {@code simulate} moves its clock, and only this artifact holds that
 * engine; every other command is the service's own.
 */
public final class DemoApplication {

  private DemoApplication() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("bench-pathway")) {
      PathwayBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("simulate")) {
      SimulateCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    PathwayApplication.main(demoWard(args));
  }

  /** How far back the demo ward's history starts: its patients are up to this many days after infusion. */
  static final String DEMO_WARD_HISTORY = "P8D";

  /**
   * {@code --demo}: the live demo ward (DemoWard) with its history; its simulated staff sign in as
   * the demo users, so the demo password is generated here when none is set, and logged once.
   */
  static String[] demoWard(String[] args) {
    java.util.List<String> out = new java.util.ArrayList<>(java.util.Arrays.asList(args));
    if (!out.remove("--demo")) {
      return args;
    }
    String mode = System.getenv().getOrDefault("PATHWAY_SECURITY_MODE", "basic");
    if (!mode.isBlank() && !mode.equals("basic")) {
      throw new IllegalArgumentException("--demo needs PATHWAY_SECURITY_MODE=basic: its simulated staff are the demo users");
    }
    String password = System.getenv("PATHWAY_DEMO_PASSWORD");
    if (password == null || password.isBlank()) {
      byte[] bytes = new byte[18];
      new java.security.SecureRandom().nextBytes(bytes);
      password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      System.out.println("pathway: demo ward: the demo users have the generated password " + password
          + " (set PATHWAY_DEMO_PASSWORD to choose one)");
      out.add("--pathway.security.demo-password=" + password);
    }
    out.add("--" + DemoWard.ENABLED + "=true");
    out.add("--" + DemoWard.HISTORY + "=" + DEMO_WARD_HISTORY);
    return out.toArray(String[]::new);
  }
}
