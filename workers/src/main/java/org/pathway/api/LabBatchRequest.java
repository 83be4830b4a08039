package org.pathway.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.pathway.clinical.LabResult;
import org.pathway.intake.LabIntakeService;
import org.pathway.store.LabResultRepository;

/**
 * Lab results in the evaluation contract's shape (iec-timeline/1 "labs" entries), with its optional
 * status, version and comparator and its id ("system|value", the identifier the timeline shows),
 * which the intake requires although the contract's files may leave it out.
 */
public record LabBatchRequest(@NotEmpty @Size(max = 500) List<@Valid @NotNull Lab> labs) {

  public record Lab(
      @NotNull Instant at,
      @NotBlank @Pattern(regexp = org.pathway.clinical.LabConcept.LOINC_CODE, message = "must be a LOINC code such as 2276-4")
          String loinc,
      @NotNull BigDecimal value,
      @NotBlank @Size(max = 32) String unit,
      BigDecimal low,
      BigDecimal high,
      @Pattern(regexp = "final|amended|corrected|preliminary|entered-in-error", message = "must be final, amended, corrected, preliminary or entered-in-error")
          String status,
      // the stored columns' sizes (V2): system 500, value 200 characters; required: without it the
      // same result sent twice is stored twice and can never be corrected or retracted
      @NotNull(message = "is required: the result's identifier as system|value, so that it is stored once and can be corrected or retracted")
      @Pattern(regexp = "[^|]{1,500}\\|[^|]{1,200}", message = "must be the identifier's system and value as system|value")
          String id,
      // as a FHIR id (meta.versionId): our own digests contain ':', a sender's version cannot
      @Pattern(regexp = "[A-Za-z0-9.-]{1,64}", message = "must be 1 to 64 letters, digits, '-' or '.'") String version,
      @Pattern(regexp = "<|<=|>=|>", message = "must be <, <=, >= or >") String comparator) {

    /** The contract's default status: final. */
    String statusOrFinal() {
      return status == null ? LabResult.Status.FINAL.code() : status;
    }

    LabResult toLabResult() {
      return new LabResult(
          loinc, value, unit, low, high, at, LabResult.Status.of(statusOrFinal()).orElseThrow(), id, version, comparator);
    }

    /** Where the result came from: exactly once, versions, retraction. */
    LabResultRepository.Source source() {
      int bar = id.indexOf('|');
      return LabIntakeService.source(
          id.substring(0, bar), id.substring(bar + 1), version, LabIntakeService.content(statusOrFinal(), toLabResult()));
    }
  }
}
