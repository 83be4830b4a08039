package org.pathway.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers as the engine can carry them. Process variables travel as MessagePack, whose integers
 * end at 64 bits: a whole number beyond that (an absurd but storable lab value, or a fold over ULN
 * computed from it) made the engine refuse the job's completion, and the step hung without an
 * incident. Such numbers go to the engine as floating point, as fractional numbers always do; the
 * database keeps the exact value.
 */
final class EngineNumbers extends SimpleModule {

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  EngineNumbers() {
    super("engine-numbers");
    addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
      @Override
      public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (whole && !fitsInLong(value.toBigInteger())) {
          gen.writeNumber(value.doubleValue());
        } else {
          gen.writeNumber(value);
        }
      }
    });
    addSerializer(BigInteger.class, new StdSerializer<>(BigInteger.class) {
      @Override
      public void serialize(BigInteger value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        if (fitsInLong(value)) {
          gen.writeNumber(value);
        } else {
          gen.writeNumber(value.doubleValue());
        }
      }
    });
  }

  private static boolean fitsInLong(BigInteger value) {
    return value.compareTo(LONG_MAX) <= 0 && value.compareTo(LONG_MIN) >= 0;
  }
}
