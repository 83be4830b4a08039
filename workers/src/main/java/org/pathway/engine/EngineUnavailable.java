package org.pathway.engine;

/**
 * The engine could not be reached or could not take the command now (down, back-pressure, a timeout,
 * the service's credentials refused): nothing was done, and the same request may be retried.
 */
public final class EngineUnavailable extends RuntimeException {
  public EngineUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
