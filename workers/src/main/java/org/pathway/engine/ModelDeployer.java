package org.pathway.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Deploys every model in one deployment at start-up, so processes, decisions and forms match. Its
 * health ("models") is down until then: the web server takes requests before the models are
 * deployed, and an enrollment then would fail with 503 although the engine itself answers.
 */
@Component("models")
@Order(0)
public class ModelDeployer implements ApplicationRunner, HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);

  static final java.time.Duration DEPLOY_TIMEOUT = java.time.Duration.ofMinutes(2);

  private final CamundaClient client;
  private final ModelResources models;
  private volatile DeploymentEvent deployed;

  public ModelDeployer(CamundaClient client, ModelResources models) {
    this.client = client;
    this.models = models;
  }

  @Override
  public void run(ApplicationArguments args) {
    DeployResourceCommandStep1.DeployResourceCommandStep2 command = null;
    for (ModelResources.Model model : models.all()) {
      command =
          command == null
              ? client.newDeployResourceCommand().addResourceBytes(model.content(), model.name())
              : command.addResourceBytes(model.content(), model.name());
    }
    // parsing every model (dozens of decision tables) takes a busy engine longer than an ordinary
    // command's timeout; deploying the same resources again is a no-op, so waiting longer is safe
    DeploymentEvent deployment = command.requestTimeout(DEPLOY_TIMEOUT).send().join();
    deployed = deployment;
    LOG.info(
        "Deployed {} processes, {} decisions, {} forms (deployment {}, rules {})",
        deployment.getProcesses().size(),
        deployment.getDecisions().size(),
        deployment.getForm().size(),
        deployment.getKey(),
        models.rulesVersion());
  }

  @Override
  public Health health() {
    DeploymentEvent deployment = deployed;
    return deployment == null
        ? Health.down().withDetail("models", "not deployed yet").build()
        : Health.up().withDetail("deployment", deployment.getKey()).withDetail("rules", models.rulesVersion()).build();
  }
}
