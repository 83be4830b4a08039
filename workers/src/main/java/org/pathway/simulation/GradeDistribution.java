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
    double u = random.nextDouble();
    double[] cumulative = {grade1, grade2, grade3, grade4};
    double sum = 0;
    for (int g = 0; g < cumulative.length; g++) {
      sum += cumulative[g];
      if (u < sum) {
        return g + 1;
      }
    }
    return 0;
  }

  /** A peak grade of at least 1, drawn from the distribution given that the syndrome occurs. */
  public int drawGivenAny(RandomGenerator random) {
    if (any() == 0) {
      return 1;
    }
    double u = random.nextDouble() * any();
    double[] cumulative = {grade1, grade2, grade3, grade4};
    double sum = 0;
    for (int g = 0; g < cumulative.length; g++) {
      sum += cumulative[g];
      if (u < sum) {
        return g + 1;
      }
    }
    return 4;
  }
}
