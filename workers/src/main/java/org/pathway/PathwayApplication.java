package org.pathway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PathwayApplication {
  public static void main(String[] args) throws Exception {
    // grading only: no service, engine or database is started
    if (args.length > 0 && args[0].equals("evaluate")) {
      // the site's policies exactly as the service binds them (application.yml, config, environment)
      org.pathway.evaluation.EvaluateCommand.main(
          PathwayProperties.load().rules().featurePolicy(), java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("bench-evaluate")) {
      org.pathway.evaluation.EvaluationBenchmark.main(
          PathwayProperties.load().rules().featurePolicy(), java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 1 && args[0].equals("audit") && args[1].equals("verify")) {
      org.pathway.store.AuditVerifyCommand.main(java.util.Arrays.copyOfRange(args, 2, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("bench-intake")) {
      org.pathway.intake.IntakeBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(PathwayApplication.class, args);
  }
}
