package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.clinical.InputError;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/**
 * {@code ./pathway evaluate <timeline.json | folder> [--out results.json]}: grades timelines with
 * the DMN tables in this build, without starting the service. A folder is evaluated file by file on
 * all cores, into one JSON array in file-name order. Any malformed file makes the exit code
 * non-zero; the valid files are still evaluated.
 */
public final class EvaluateCommand {

  static final int OK = 0;
  static final int INPUT_ERRORS = 2;
  static final int USAGE = 64;

  private final ObjectMapper json =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private final TimelineEvaluator evaluator;

  public EvaluateCommand(FeaturePolicy policy) {
    ModelResources models = ModelResources.load();
    this.evaluator = new TimelineEvaluator(new DecisionEvaluator(models), models, policy);
  }

  public static void main(FeaturePolicy policy, String[] args) {
    System.exit(new EvaluateCommand(policy).run(args, System.out, System.err));
  }

  public int run(String[] args, PrintStream out, PrintStream err) {
    Path input = null;
    Path output = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        output = Path.of(args[++i]);
      } else if (input == null && !args[i].startsWith("--")) {
        input = Path.of(args[i]);
      } else {
        err.println("evaluate: unexpected argument '" + args[i] + "'");
        return usage(err);
      }
    }
    if (input == null) {
      return usage(err);
    }
    if (!Files.exists(input)) {
      err.println("evaluate: no such file or folder: " + input);
      return USAGE;
    }
    try {
      boolean failed;
      JsonNode result;
      if (Files.isDirectory(input)) {
        List<Path> files = timelines(input);
        // the files graded on all cores (the evaluator is shared safely, ConcurrentEvaluationTest);
        // the results stay in file-name order
        List<EvaluationResult> results;
        try {
          results = files.parallelStream().map(this::evaluateFileUnchecked).toList();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        ArrayNode all = json.createArrayNode();
        failed = false;
        for (int i = 0; i < files.size(); i++) {
          Path file = files.get(i);
          EvaluationResult r = results.get(i);
          failed |= r.failed();
          ObjectNode node = json.valueToTree(r);
          node.put("source", file.getFileName().toString());
          all.add(node);
        }
        result = all;
      } else {
        EvaluationResult r = evaluateFile(input);
        failed = r.failed();
        result = json.valueToTree(r);
      }
      String text = json.writeValueAsString(result);
      if (output != null) {
        Files.writeString(output, text + "\n");
      } else {
        out.println(text);
      }
      if (failed) {
        err.println("evaluate: some input is malformed; see \"errors\" in the output");
      }
      return failed ? INPUT_ERRORS : OK;
    } catch (IOException e) {
      err.println("evaluate: " + e.getMessage());
      return USAGE;
    }
  }

  /** Evaluates one document already read, as POST /api/v1/evaluations does. */
  public EvaluationResult evaluate(JsonNode document) {
    return evaluator.evaluate(document);
  }

  private EvaluationResult evaluateFile(Path file) throws IOException {
    JsonNode document;
    try {
      document = json.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      return EvaluationResult.rejected(
          null, null, List.of(new InputError("", "not valid JSON: " + e.getOriginalMessage())));
    }
    return evaluator.evaluate(document);
  }

  private EvaluationResult evaluateFileUnchecked(Path file) {
    try {
      return evaluateFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> timelines(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return new ArrayList<>(
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList());
    }
  }

  private static int usage(PrintStream err) {
    err.println("usage: ./pathway evaluate <timeline.json | folder> [--out results.json]");
    return USAGE;
  }
}
