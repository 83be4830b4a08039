package org.pathway.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.engine.UserTaskCompleter;
import org.pathway.intake.IntakeMeters;
import org.pathway.intake.LabIntakeService;
import org.pathway.pathway.EnrollmentService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 7807 problem+json. Input errors carry {@code errors}: one entry per bad field with
 * its JSON pointer and what is wrong, so the sender can fix exactly that field.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

  private final IntakeMeters intakeMeters;

  public ApiProblems(IntakeMeters intakeMeters) {
    this.intakeMeters = intakeMeters;
  }

  /** A requested resource does not exist. */
  public static final class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** The request conflicts with the current state (duplicate enrollment, task already done). */
  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** A request that is well formed but clinically or logically invalid, naming the field. */
  public static final class InvalidField extends RuntimeException {
    private final String pointer;

    public InvalidField(String pointer, String message) {
      super(message);
      this.pointer = pointer;
    }
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> error(pointer(e.getField()), e.getDefaultMessage()))
            .collect(Collectors.toList());
    if (ex.getTarget() instanceof LabBatchRequest batch && batch.labs() != null) {
      // a lab batch with an invalid field is refused whole (as FHIR's "invalid" content)
      intakeMeters.rejected(IntakeMeters.Door.JSON, IssueType.INVALID, batch.labs().size());
    }
    ProblemDetail problem = invalid("The request has invalid fields.", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String pointer = "";
    String detail = "The request body is not valid JSON for this endpoint.";
    if (ex.getCause() instanceof JsonMappingException mapping) {
      pointer =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
              .map(s -> "/" + s)
              .collect(Collectors.joining());
      detail = mapping.getOriginalMessage();
    } else if (ex.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
      detail = json.getOriginalMessage(); // e.g. nesting deeper than the limit
    } else if (ex.getCause() instanceof RequestLimits.TooLarge tooLarge) {
      detail = tooLarge.getMessage();
    }
    ProblemDetail problem =
        invalid("The request body could not be read.", List.of(error(pointer, detail)));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(InvalidField.class)
  ProblemDetail invalidField(InvalidField e) {
    return invalid(e.getMessage(), List.of(error(e.pointer, e.getMessage())));
  }

  @ExceptionHandler(org.pathway.intake.BedsideIntakeService.Refused.class)
  ProblemDetail refused(org.pathway.intake.BedsideIntakeService.Refused e) {
    return invalid(
        "The entries are not valid; nothing was stored.",
        e.errors().stream().map(x -> error(x.pointer(), x.reason())).toList());
  }

  @ExceptionHandler(FormSubmissions.Invalid.class)
  ProblemDetail formInvalid(FormSubmissions.Invalid e) {
    return invalid(
        "The form's values are not valid; the task was not completed.",
        e.errors().stream().map(x -> error(x.pointer(), x.reason())).toList());
  }

  @ExceptionHandler(NotFound.class)
  ProblemDetail notFound(NotFound e) {
    return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
  }

  @ExceptionHandler(LabIntakeService.UnknownPatient.class)
  ProblemDetail unknownPatient(LabIntakeService.UnknownPatient e) {
    return problem(HttpStatus.NOT_FOUND, "Unknown patient", e.getMessage() + "; nothing was stored");
  }

  @ExceptionHandler(LabIntakeService.RetractionRefused.class)
  ProblemDetail retractionRefused(LabIntakeService.RetractionRefused e) {
    ProblemDetail problem = problem(
        e.unknownResult() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT,
        "Retraction refused",
        e.getMessage() + "; nothing was stored");
    problem.setProperty("errors", List.of(error("/labs/" + e.index() + "/id", e.getMessage())));
    return problem;
  }

  /** Refused by ward or candidate group, after the role was allowed at the door. */
  @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
  ProblemDetail forbidden(org.springframework.security.access.AccessDeniedException e) {
    return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
  }

  @ExceptionHandler(Conflict.class)
  ProblemDetail conflict(Conflict e) {
    return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
  }

  @ExceptionHandler(UserTaskCompleter.CompletionRejected.class)
  ProblemDetail rejected(UserTaskCompleter.CompletionRejected e) {
    HttpStatus status =
        "NOT_FOUND".equals(e.rejectionType()) ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    return problem(status, "Task not completed", e.getMessage());
  }

  @ExceptionHandler(org.pathway.engine.EngineUnavailable.class)
  ProblemDetail engineUnavailable(org.pathway.engine.EngineUnavailable e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "Engine unavailable",
        e.getMessage() + "; nothing was stored, retry when the engine is back");
  }

  private static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    problem.setProperty("errors", errors);
    return problem;
  }

  /**
   * The same problem+json for a request refused before it reaches a controller (by a filter), which
   * this advice never sees. The caller sets the status and audits first: writing commits.
   */
  public static void write(
      jakarta.servlet.http.HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response,
      com.fasterxml.jackson.databind.ObjectMapper json,
      HttpStatus status,
      String detail)
      throws java.io.IOException {
    ProblemDetail problem = problem(status, status.getReasonPhrase(), detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("about:blank"));
    return problem;
  }

  private static Map<String, String> error(String pointer, String detail) {
    return Map.of("pointer", pointer, "detail", detail == null ? "invalid" : detail);
  }

  /** labs[0].loinc becomes /labs/0/loinc. */
  static String pointer(String field) {
    return "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
  }
}
