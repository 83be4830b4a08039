package org.pathway.notify;

/** What one page tells one person: the patient, what happened, why it pages, and the links. */
public record PageMessage(
    String pageId,
    String patientId,
    String ward,
    String pageEvent,
    Integer grade,
    String reason,
    String whatHappened,
    String patientLink,
    String acknowledgeLink,
    int chainLevel,
    int pageRound,
    PagingProperties.OnCall recipient) {

  String subject() {
    return "URGENT: " + reason + " - patient " + patientId + ", ward " + ward;
  }

  String text() {
    return "Urgent page for " + recipient.name() + " (" + recipient.role() + ")\n\n"
        + "Patient: " + patientId + " (ward " + ward + ")\n"
        + "What happened: " + whatHappened + "\n"
        + "Why you are paged: " + reason + "\n"
        + "Patient: " + patientLink + "\n\n"
        + "Acknowledge (signed in, POST): " + acknowledgeLink + "\n"
        + "Until acknowledged this page is repeated and then escalated"
        + (pageRound > 1 ? " (this is re-page " + (pageRound - 1) + ")" : "")
        + ".\nPage " + pageId + "\n";
  }
}
