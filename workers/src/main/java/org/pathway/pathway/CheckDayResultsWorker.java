package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Map;
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

  private final LabResultRepository labs;
  private final PathwayProperties properties;

  public CheckDayResultsWorker(LabResultRepository labs, PathwayProperties properties) {
    this.labs = labs;
    this.properties = properties;
  }

  @JobWorker(type = PathwayModel.JobTypes.CHECK_DAY_RESULTS, fetchVariables = {PATIENT_ID, DRAW_DUE_AT})
  public Map<String, Object> check(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    Set<String> received = labs.loincsReceivedSince(vars.string(PATIENT_ID), vars.instant(DRAW_DUE_AT));
    List<String> missing =
        properties.monitoring().dailyPanel().stream()
            .filter(c -> c.loincCodes().stream().noneMatch(received::contains))
            .map(LabConcept::display)
            .toList();
    return Map.of(
        DAY_PANEL_COMPLETE, missing.isEmpty(),
        MISSING_ANALYTES_TEXT, missing.isEmpty() ? "" : "Not yet received: " + String.join(", ", missing));
  }
}
