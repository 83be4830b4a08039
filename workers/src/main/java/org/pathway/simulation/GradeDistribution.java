package org.pathway.simulation;

import java.util.random.RandomGenerator;

/**
 * How often each peak grade (1-4) of a syndrome occurs in a product's patients; the rest have
 * none (grade 0).
 */
public record GradeDistribution(double grade1, double grade2, double grade3, double grade4) {

  public GradeDistribution {
    double any = grade1 + grade2 + grade3 + grade4;
    if (grade1 < 0 || grade2 < 0 || grade3 < 0 || grade4 < 0 || any > 1.0 + 1e-9) {
      throw new IllegalArgumentException("grade frequencies must be ≥0 and add up to at most 1");
    }
  }

  /** Any grade: the frequency of the syndrome. */
  public double any() {
    return grade1 + grade2 + grade3 + grade4;
  }

  /** A peak grade drawn from the distribution, 0 for none. */
  public int draw(RandomGenerator random) {
    return grade(random.nextDouble(), 0);
  }

  /** A peak grade of at least 1, drawn from the distribution given that the syndrome occurs. */
  public int drawGivenAny(RandomGenerator random) {
    return any() == 0 ? 1 : grade(random.nextDouble() * any(), 4);
  }

  /** The grade whose cumulative band holds {@code u}; {@code otherwise} beyond the last band. */
  private int grade(double u, int otherwise) {
    double[] frequencies = {grade1, grade2, grade3, grade4};
    double sum = 0;
    for (int g = 0; g < frequencies.length; g++) {
      sum += frequencies[g];
      if (u < sum) {
        return g + 1;
      }
    }
    return otherwise;
  }
}
