package org.pathway.pathway;

import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * A job that fails because the pathway database cannot be reached is retried with a growing
 * back-off (first, twice, four times the configured delay, ...) instead of burning its retries at
 * once; when they are spent, Operate shows an incident saying the database was unavailable. Every
 * other failure is handled as the Camunda client does by default. A failure that leaves the job no
 * retries raises an incident in the engine: counted here ({@link #INCIDENTS}, by job type), since
 * the embedded engine has no Operate to show it.
 */
@Component
public class DatabaseOutageBackoff implements JobExceptionHandlingStrategy {

  /** The retries the models give each service task; the back-off doubles with each one used. */
  private static final int MODELLED_RETRIES = 3;

  /** Job failures that left no retries (an incident), tag {@code type}: the job type. */
  public static final String INCIDENTS = "pathway.incidents";

  private final DefaultJobExceptionHandlingStrategy fallback;
  private final Duration firstBackoff;
  private final MeterRegistry meters;

  public DatabaseOutageBackoff(
      CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics,
      @Value("${pathway.jobs.database-retry-backoff:PT10S}") Duration firstBackoff,
      MeterRegistry meters) {
    this.fallback = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    this.firstBackoff = firstBackoff;
    this.meters = meters;
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    DataAccessException database = databaseCause(exception);
    int retriesLeft = context.job().getRetries() - 1;
    if (raisesIncident(exception, database, retriesLeft)) {
      meters.counter(INCIDENTS, "type", context.job().getType()).increment();
    }
    if (database == null) {
      fallback.handleException(exception, context);
      return;
    }
    fallback.handleException(
        new JobError(
            "The pathway database is unavailable ("
                + database.getMostSpecificCause().getMessage()
                + "); retried with back-off. Nothing was recorded for this step; once the database is"
                + " back, retry the job (Operate: update retries) and the pathway continues.",
            null,
            retriesLeft,
            backoff(retriesLeft),
            exception),
        context);
  }

  /**
   * Whether the failure leaves the job no retries, as the default strategy decides: a job error may
   * name its retries (a database failure here always uses one), a BPMN error is no failure.
   */
  static boolean raisesIncident(Exception exception, DataAccessException database, int retriesLeft) {
    if (exception instanceof BpmnError) {
      return false;
    }
    if (database == null && exception instanceof JobError error && error.getRetries() != null) {
      return error.getRetries() <= 0;
    }
    return retriesLeft <= 0;
  }

  Duration backoff(int retriesLeft) {
    int used = Math.max(0, Math.min(10, MODELLED_RETRIES - 1 - retriesLeft));
    return firstBackoff.multipliedBy(1L << used);
  }

  private static DataAccessException databaseCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessException d) {
        return d;
      }
    }
    return null;
  }
}
