package org.pathway.simulation;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A distribution given by a few quantiles (probability, value), sampled by linear interpolation of
 * the inverse distribution function: published figures are medians, ranges and IQRs, and this
 * reproduces exactly those while assuming nothing between them but a straight line.
 */
public record Quantiles(double[] probabilities, double[] values) {

  public Quantiles {
    if (probabilities.length != values.length || probabilities.length < 2) {
      throw new IllegalArgumentException("quantiles need at least two (probability, value) pairs");
    }
    if (probabilities[0] != 0.0 || probabilities[probabilities.length - 1] != 1.0) {
      throw new IllegalArgumentException("quantiles must start at probability 0 and end at 1");
    }
    for (int i = 1; i < values.length; i++) {
      if (probabilities[i] <= probabilities[i - 1] || values[i] < values[i - 1]) {
        throw new IllegalArgumentException("quantiles must increase: " + Arrays.toString(values));
      }
    }
    probabilities = probabilities.clone();
    values = values.clone();
  }

  @Override
  public double[] probabilities() {
    return probabilities.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** Minimum, 25th, 50th, 75th percentile and maximum. */
  public static Quantiles of(double min, double q1, double median, double q3, double max) {
    return new Quantiles(new double[] {0, 0.25, 0.5, 0.75, 1}, new double[] {min, q1, median, q3, max});
  }

  /** Uniform between two values. */
  public static Quantiles uniform(double min, double max) {
    return new Quantiles(new double[] {0, 1}, new double[] {min, max});
  }

  public double sample(RandomGenerator random) {
    return at(random.nextDouble());
  }

  /** The value at probability p (0..1). */
  public double at(double p) {
    int i = 1;
    while (i < probabilities.length - 1 && p > probabilities[i]) {
      i++;
    }
    double f = (p - probabilities[i - 1]) / (probabilities[i] - probabilities[i - 1]);
    return values[i - 1] + f * (values[i] - values[i - 1]);
  }

  public double median() {
    return at(0.5);
  }
}
