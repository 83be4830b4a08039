package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference §1 conversions, exact in decimal arithmetic. */
class UnitConverterTest {

  private final UnitConverter ucum = UnitConverter.ucum();

  @ParameterizedTest(name = "{0} {1} = {3} {4}")
  @CsvSource({
    "1.5, g/L, FIBRINOGEN, 150, mg/dL",
    "2.5, g/L, FIBRINOGEN, 250, mg/dL",
    "150, mg/dL, FIBRINOGEN, 150, mg/dL",
    "900, ug/L, FERRITIN, 900, ng/mL",
    "0.9, 10*9/L, ANC, 0.9, 10*3/uL",
    "400, /uL, ANC, 0.4, 10*3/uL",
    "40, 10*9/L, PLATELETS, 40, 10*3/uL",
    "200, [IU]/L, ALT, 200, U/L",
    "200, IU/L, AST, 200, U/L",
    "1, ukat/L, ALT, 60, U/L",
    "30, mg/L, CRP, 3.0, mg/dL",
    "106, umol/L, CREATININE, 1.199095022624434, mg/dL",
    "88.4, umol/L, CREATININE, 1, mg/dL",
    "17.1, umol/L, BILIRUBIN, 1, mg/dL",
    "3.0, mmol/L, TRIGLYCERIDES, 265.71, mg/dL",
    "1.5, mmol/L, TRIGLYCERIDES, 132.855, mg/dL",
    "92, g/L, HEMOGLOBIN, 9.2, g/dL",
    "6.206, mmol/L, HEMOGLOBIN, 10, g/dL",
    "2400, U/mL, SIL2R, 2400, U/mL",
  })
  void convertsToTheCriterionUnit(
      String value, String from, LabConcept concept, String expected, String unit) {
    assertThat(concept.criterionUnit()).isEqualTo(unit);
    try {
      assertThat(ucum.convert(new BigDecimal(value), from, concept))
          .isEqualByComparingTo(new BigDecimal(expected));
    } catch (UnitConverter.NotConvertible e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0} for {1} is refused")
  @CsvSource({
    "mmol/L, FERRITIN",
    "pg/mL, SIL2R",
    "mmol/L, CRP",
    "mmol/L, FIBRINOGEN",
    "[IU]/L, FERRITIN",
    "%, PLATELETS",
    "furlongs, ALT",
    "'', ANC",
  })
  void refusesUnitsThatCannotBeConvertedSafely(String unit, LabConcept concept) {
    assertThatThrownBy(() -> ucum.convert(BigDecimal.TEN, unit, concept))
        .isInstanceOf(UnitConverter.NotConvertible.class)
        .hasMessageContaining(unit.isEmpty() ? "''" : unit);
  }

  /** The conversions are remembered by their exact inputs: the target unit and the value's scale too. */
  @org.junit.jupiter.api.Test
  void aRememberedConversionIsOnlyReusedForTheSameUnitsAndValue() throws Exception {
    assertThat(ucum.convert(new BigDecimal("0.9"), "10*9/L", LabConcept.ANC)).isEqualByComparingTo("0.9");
    // the same unit, comparable for counts, is still refused for a mass concentration
    assertThatThrownBy(() -> ucum.convert(new BigDecimal("0.9"), "10*9/L", LabConcept.FERRITIN))
        .isInstanceOf(UnitConverter.NotConvertible.class);
    assertThat(ucum.convert(new BigDecimal("30"), "mg/L", LabConcept.CRP)).isEqualByComparingTo("3.0");
    assertThat(ucum.convert(new BigDecimal("30.0"), "mg/L", LabConcept.CRP)).isEqualByComparingTo("3.0");
    assertThat(ucum.convert(new BigDecimal("31"), "mg/L", LabConcept.CRP)).isEqualByComparingTo("3.1");
    // and the same value from another unit
    assertThat(ucum.convert(new BigDecimal("30"), "mg/dL", LabConcept.CRP)).isEqualByComparingTo("30");
    assertThat(ucum.convert(new BigDecimal("30"), "g/L", LabConcept.CRP)).isEqualByComparingTo("3000");
  }
}
