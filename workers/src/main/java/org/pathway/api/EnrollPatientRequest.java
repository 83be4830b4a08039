package org.pathway.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import org.pathway.clinical.Patient;

/** The evaluation contract's patient object plus the ward, as POST /api/v1/patients takes it. */
public record EnrollPatientRequest(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-' (a pseudonymous id, never a name)")
        String id,
    @NotNull @DecimalMin("0") @DecimalMax("130") BigDecimal ageYears,
    @NotNull @DecimalMin("0.2") @DecimalMax("400") BigDecimal weightKg,
    @NotNull Boolean developmentalDelay,
    @NotNull Patient.TherapyClass therapyClass,
    @Size(max = 200) String product,
    @Size(max = 200) String indication,
    @NotNull Instant infusionAt,
    @NotNull Boolean immunosuppressed,
    @NotBlank @Size(max = 64) String ward,
    @Min(1) @Max(365) Integer monitoringDays) {

  Patient toPatient() {
    return new Patient(
        id,
        ageYears,
        weightKg,
        developmentalDelay,
        therapyClass,
        product,
        indication,
        infusionAt,
        immunosuppressed);
  }
}
