package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Set;
import org.pathway.PathwayProperties;
import org.pathway.clinical.LabConcept;
import org.pathway.store.LabResultRepository;
import org.springframework.stereotype.Component;

/**
 * At the results SLA of a day: has every analyte of the daily panel arrived since the draw was due?
 * The answer, and the analytes still missing, for the nurse who chases them.
 */
@Component
public class CheckDayResultsWorker {

  public record DayResults(
      @JsonProperty(DAY_PANEL_COMPLETE) boolean dayPanelComplete,
      @JsonProperty(MISSING_ANALYTES_TEXT) String missingAnalytesText) {}

  private final LabResultRepository labs;
  private final PathwayProperties properties;

  public CheckDayResultsWorker(LabResultRepository labs, PathwayProperties properties) {
    this.labs = labs;
    this.properties = properties;
  }

  @JobWorker(type = PathwayModel.JobTypes.CHECK_DAY_RESULTS, fetchVariables = {PATIENT_ID, DRAW_DUE_AT})
  public DayResults check(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    Set<String> received = labs.loincsReceivedSince(vars.string(PATIENT_ID), vars.instant(DRAW_DUE_AT));
    List<String> missing =
        properties.monitoring().dailyPanel().stream()
            .filter(c -> c.loincCodes().stream().noneMatch(received::contains))
            .map(LabConcept::display)
            .toList();
    return new DayResults(
        missing.isEmpty(), missing.isEmpty() ? "" : "Not yet received: " + String.join(", ", missing));
  }
}
