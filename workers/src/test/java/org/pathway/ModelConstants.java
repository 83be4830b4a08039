package org.pathway;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/** The String constants a holder class declares (PathwayModel.JobTypes, .Vars, ...), for cross-checks. */
public final class ModelConstants {

  private ModelConstants() {}

  public static Set<String> of(Class<?> holder) {
    Set<String> values = new TreeSet<>();
    for (Field f : holder.getDeclaredFields()) {
      if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
        try {
          values.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }
}
