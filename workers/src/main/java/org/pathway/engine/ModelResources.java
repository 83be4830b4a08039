package org.pathway.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The BPMN, DMN and form files under {@code bpmn/}, {@code dmn/} and {@code forms/}, packaged into
 * the jar under {@code models/}. One list serves the deployment, the rules version and the
 * cross-checks, so none of them can see a different set of models.
 */
public final class ModelResources {

  /** A model file: its name (e.g. {@code dmn/iec-hs-suspicion.dmn}) and content. */
  public record Model(String name, byte[] content) {
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    /** The file name without folder and extension: by convention the process, decision or form id. */
    public String id() {
      String file = name.substring(name.lastIndexOf('/') + 1);
      return file.substring(0, file.lastIndexOf('.'));
    }
  }

  private static final String[] PATTERNS = {
    "classpath*:models/bpmn/*.bpmn", "classpath*:models/dmn/*.dmn", "classpath*:models/forms/*.form"
  };

  private final List<Model> models;

  private ModelResources(List<Model> models) {
    this.models = models;
  }

  public static ModelResources load() {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    try {
      List<Model> models = new java.util.ArrayList<>();
      for (String pattern : PATTERNS) {
        for (Resource resource : resolver.getResources(pattern)) {
          String folder = pattern.substring("classpath*:models/".length(), pattern.lastIndexOf('/'));
          try (InputStream in = resource.getInputStream()) {
            models.add(new Model(folder + "/" + resource.getFilename(), in.readAllBytes()));
          }
        }
      }
      models.sort(Comparator.comparing(Model::name));
      if (models.stream().noneMatch(m -> m.name().startsWith("bpmn/"))) {
        throw new IllegalStateException("no BPMN model found under models/bpmn on the classpath");
      }
      return new ModelResources(List.copyOf(models));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the models", e);
    }
  }

  public List<Model> all() {
    return models;
  }

  public List<Model> ofKind(String folder) {
    return models.stream().filter(m -> m.name().startsWith(folder + "/")).toList();
  }

  /** Identifies the decision tables in force: the SHA-256 of the DMN files, in name order. */
  public String rulesVersion() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Model dmn : ofKind("dmn")) {
        digest.update(dmn.name().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(dmn.content());
      }
      return "dmn-sha256:" + HexFormat.of().formatHex(Arrays.copyOf(digest.digest(), 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
