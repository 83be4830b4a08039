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

/** Lab results in the evaluation contract's shape (iec-timeline/1 "labs" entries). */
public record LabBatchRequest(@NotEmpty @Size(max = 500) List<@Valid @NotNull Lab> labs) {

  public record Lab(
      @NotNull Instant at,
      @NotBlank @Pattern(regexp = org.pathway.clinical.LabConcept.LOINC_CODE, message = "must be a LOINC code such as 2276-4")
          String loinc,
      @NotNull BigDecimal value,
      @NotBlank @Size(max = 32) String unit,
      BigDecimal low,
      BigDecimal high) {

    LabResult toLabResult() {
      return new LabResult(loinc, value, unit, low, high, at);
    }
  }
}
