package org.pathway.store;

import java.time.Instant;

/**
 * One IEC-HS work-up, CRS or ICANS management: when it started, and once it ended, how (outcome),
 * its peak grade and its summary (JSON: onset, grades, treatments, times).
 */
public record CareEpisode(
    long id,
    String patientId,
    Syndrome syndrome,
    long processInstanceKey,
    Instant startedAt,
    Integer dayPostInfusion,
    Instant endedAt,
    String outcome,
    Integer peakGrade,
    String summaryJson) {

  public enum Syndrome {
    IEC_HS,
    CRS,
    ICANS
  }

  public boolean open() {
    return endedAt == null;
  }
}
