package org.pathway.notify;

/** The notification port: one way of reaching a person (e-mail, the paging gateway). */
public interface Channel {

  /** The name recorded with each delivery attempt. */
  String name();

  /** Whether this channel is set up (its server or gateway configured). */
  boolean configured();

  /** Whether this channel is configured and the person has an address on it. */
  boolean reaches(PagingProperties.OnCall person);

  /** Delivers the page or throws, saying why it could not. */
  void send(PageMessage page) throws DeliveryFailed;

  final class DeliveryFailed extends Exception {
    public DeliveryFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
