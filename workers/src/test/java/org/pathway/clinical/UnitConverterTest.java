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
}
