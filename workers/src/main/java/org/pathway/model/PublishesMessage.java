package org.pathway.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the component that publishes a BPMN message to the engine. The model cross-check requires
 * one for every message a process waits for, so no catch event can wait for a message nobody sends.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PublishesMessage {
  String[] value();
}
