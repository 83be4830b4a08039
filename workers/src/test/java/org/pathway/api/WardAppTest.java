package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/**
 * The ward app's browser session: a sign-in page (not a Basic prompt) for the same users, roles and
 * ward scope as the API, a session cookie with CSRF protection on its writes, while API callers
 * keep sending their own credentials and get no session.
 */
class WardAppTest extends PathwayTestSupport {

  @Autowired ObjectMapper json;

  /** A browser: keeps its cookies, does not follow redirects (the test reads them). */
  private final class Browser {
    final HttpClient client = HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    String csrf;

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
      if (headers.length > 0) b.headers(headers);
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (headers.length > 0) b.headers(headers);
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the sign-in page and signs in with its form: the redirect to the app on success. */
    HttpResponse<String> signIn(String user, String password) throws Exception {
      HttpResponse<String> page = get("/login");
      Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
      assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
      return post("/login", "application/x-www-form-urlencoded",
          "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token.group(1)));
    }

    JsonNode me() throws Exception {
      HttpResponse<String> r = get("/api/v1/me", "X-Requested-With", "ward-app");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode me = json.readTree(r.body());
      if (me.has("csrf")) {
        csrf = me.at("/csrf/token").asText();
      }
      return me;
    }
  }

  private static String session(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("PATHWAY_SESSION="))
        .map(c -> c.substring("PATHWAY_SESSION=".length(), c.indexOf(';')))
        .findFirst()
        .orElse(null);
  }

  private URI uri(String path) {
    return URI.create(anonymous.getRootUri() + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void aPageAskedForWithoutASessionGoesToTheSignInPageAndTheApiStillAnswers401() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> worklist = browser.get("/worklist");
    assertThat(worklist.statusCode()).isEqualTo(302);
    assertThat(worklist.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> signIn = browser.get("/login");
    assertThat(signIn.statusCode()).isEqualTo(200);
    assertThat(signIn.body()).contains("<form method=\"post\" action=\"/login\">").doesNotContain("<script");
    assertThat(signIn.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
    // API callers: the Basic challenge as before; the ward app's own calls get none (no browser prompt)
    HttpResponse<String> api = browser.get("/api/v1/tasks");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    HttpResponse<String> app = browser.get("/api/v1/tasks", "X-Requested-With", "ward-app");
    assertThat(app.statusCode()).isEqualTo(401);
    assertThat(app.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).isEmpty();
  }

  @Test
  void aSignedInNurseHasTheApisRolesWardsAndGroupsAndWritesNeedTheSessionsCsrfToken() throws Exception {
    Browser nurse = new Browser();
    String before = session(nurse.get("/login"));
    HttpResponse<String> signedIn = nurse.signIn("nurse", DEMO_PASSWORD);
    assertThat(signedIn.statusCode()).isEqualTo(302);
    // a new session id at sign-in: one planted before it (session fixation) is worth nothing
    assertThat(session(signedIn)).isNotNull().isNotEqualTo(before);
    assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
    assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c ->
        assertThat(c).startsWith("PATHWAY_SESSION=").contains("HttpOnly").contains("SameSite=Strict"));

    JsonNode me = nurse.me();
    assertThat(me.get("user").asText()).isEqualTo("nurse");
    assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("nurse");
    assertThat(me.get("wards")).extracting(JsonNode::asText).containsExactly("H7");
    assertThat(me.get("candidateGroups")).extracting(JsonNode::asText).containsExactly("ward-nurses");
    assertThat(nurse.csrf).isNotBlank();
    assertThat(nurse.get("/worklist").statusCode()).isEqualTo(200);
    // the API's rules for the session too: a nurse enrolls nobody and reads no report
    assertThat(nurse.get("/api/v1/reports/compliance", "X-Requested-With", "ward-app").statusCode()).isEqualTo(403);
    assertThat(nurse.get("/compliance").statusCode()).isEqualTo(403);

    enroll(patient("WA-OWN", now().minus(Duration.ofDays(2))));
    String vitals = "{\"vitals\": [{\"at\": \"" + now().minus(Duration.ofMinutes(5)) + "\", \"temperature\": {\"value\": 37.2,"
        + " \"unit\": \"Cel\"}, \"hypotension\": false, \"vasopressors\": [], \"oxygen\": {\"device\": \"NONE\"},"
        + " \"feverAttributedToOtherCause\": false}]}";
    // a write riding on the session cookie without the token is refused (another site could send it)
    assertThat(nurse.post("/api/v1/patients/WA-OWN/vitals", "application/json", vitals).statusCode()).isEqualTo(403);
    HttpResponse<String> withToken = nurse.post("/api/v1/patients/WA-OWN/vitals", "application/json", vitals,
        "X-CSRF-TOKEN", nurse.csrf, "X-Requested-With", "ward-app");
    assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(201);

    // signing out ends the session
    assertThat(nurse.post("/logout", "application/x-www-form-urlencoded", "_csrf=" + enc(nurse.csrf), "Accept", "text/html").statusCode())
        .isEqualTo(302);
    assertThat(nurse.get("/api/v1/me", "X-Requested-With", "ward-app").statusCode()).isEqualTo(401);
  }

  @Test
  void aNurseCannotOpenThePageOfAnotherWardsPatient() throws Exception {
    Map<String, Object> elsewhere = patient("WA-OTHER", now().minus(Duration.ofDays(2)));
    elsewhere.put("ward", "K2");
    enroll(elsewhere);
    enroll(patient("WA-MINE", now().minus(Duration.ofDays(2))));
    Browser nurse = new Browser();
    nurse.signIn("nurse", DEMO_PASSWORD);
    HttpResponse<String> page = nurse.get("/patients/WA-OTHER");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("Not your ward").doesNotContain("K2");
    assertThat(nurse.get("/api/v1/patients/WA-OTHER", "X-Requested-With", "ward-app").statusCode()).isEqualTo(403);
    assertThat(nurse.get("/patients/WA-MINE").statusCode()).isEqualTo(200);
    JsonNode audit = http.getForObject("/api/v1/audit?patientId=WA-OTHER", JsonNode.class);
    assertThat(audit.findValuesAsText("action")).contains("GET /patients/{id}");
  }

  /**
   * The task page's data: the deployed form and the task's variables that the form names (the
   * process's other variables stay in the engine), for whoever may reach the task's patient.
   */
  @Test
  void aTaskComesWithItsFormAndTheVariablesItsFormNames() throws Exception {
    enroll(patient("WA-TASK", now().minus(Duration.ofDays(3))));
    post("WA-TASK", "vitals", vitals(38.3, "NONE", null));
    Map<String, Object> order = awaitOpenTask("WA-TASK", "order-crs-treatment");
    ok(order.get("key"), vars("treatmentOrdered", List.of("SUPPORTIVE_CARE"), "treatmentOrderDetails", "paracetamol"));
    advancePastTimer(processInstanceKey(order), "crs-check-due", Duration.ofHours(4));
    Object key = awaitOpenTask("WA-TASK", "record-crs-vitals").get("key");

    JsonNode task = json.readTree(as(Role.NURSE).getForObject("/api/v1/tasks/" + key, String.class));
    assertThat(task.at("/form/id").asText()).isEqualTo("record-vitals");
    assertThat(task.at("/form/components").size()).isPositive();
    JsonNode variables = task.get("variables");
    assertThat(variables.get("patientId").asText()).isEqualTo("WA-TASK");
    assertThat(variables.get("dayPostInfusion").asInt()).isEqualTo(3);
    assertThat(variables.has("grade")).as("the heading's {{grade}}").isTrue();
    // named nowhere in the form: not sent to the browser
    assertThat(variables.has("crsPlan")).isFalse();
    assertThat(variables.has("treatmentOptions")).isFalse();

    Map<String, Object> elsewhere = patient("WA-TASK-K2", now().minus(Duration.ofDays(2)));
    elsewhere.put("ward", "K2");
    enroll(elsewhere);
    Object otherKey = awaitOpenTask("WA-TASK-K2", "draw-daily-labs").get("key");
    assertThat(as(Role.NURSE).getForEntity("/api/v1/tasks/" + otherKey, String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(as(Role.MANAGER).getForEntity("/api/v1/tasks/" + key, String.class).getStatusCode().value())
        .isEqualTo(403);
  }

  /** The patient page's course: the stored timeline graded as ./pathway evaluate grades it. */
  @Test
  void aPatientsCourseIsTheStoredTimelineGraded() throws Exception {
    enroll(patient("WA-COURSE", now().minus(Duration.ofDays(3))));
    post("WA-COURSE", "vitals", vitals(38.0, "NONE", null));
    JsonNode course = json.readTree(as(Role.NURSE).getForObject("/api/v1/patients/WA-COURSE/course", String.class));
    assertThat(course.get("schema").asText()).isEqualTo("iec-evaluation/1");
    JsonNode last = course.get("evaluations").get(course.get("evaluations").size() - 1);
    // exactly 38.0 °C is fever (§3.1): grade 1
    assertThat(last.at("/crs/grade").asInt()).isEqualTo(1);
    String timeline = as(Role.NURSE).getForObject("/api/v1/patients/WA-COURSE/timeline", String.class);
    String evaluated = http.postForObject("/api/v1/evaluations", json.readTree(timeline), String.class);
    assertThat(json.readTree(evaluated).get("evaluations")).isEqualTo(course.get("evaluations"));
    assertThat(as(Role.MANAGER).getForEntity("/api/v1/patients/WA-COURSE/course", String.class).getStatusCode().value())
        .isEqualTo(403);
  }

  /** Where a page's link leads: the patient's pages, for a physician of the patient, to acknowledge. */
  @Test
  void aPatientsUrgentPagesAreAPhysiciansToAcknowledge() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    enroll(patient("WA-PAGED", infusion));
    postLabs("WA-PAGED", tc07Labs(infusion, now().minusSeconds(600)));
    awaitOpenTask("WA-PAGED", "review-suspected-iec-hs");
    JsonNode pages = org.awaitility.Awaitility.await().atMost(WAIT).until(
        () -> json.readTree(http.getForObject("/api/v1/patients/WA-PAGED/pages", String.class)), p -> p.size() > 0);
    assertThat(pages.get(0).get("pageEvent").asText()).isEqualTo("IEC_HS_SUSPECTED");
    assertThat(pages.get(0).get("acknowledgedAt").isNull()).isTrue();
    assertThat(as(Role.NURSE).getForEntity("/api/v1/patients/WA-PAGED/pages", String.class).getStatusCode().value())
        .isEqualTo(403);
    http.postForObject("/api/v1/pages/" + pages.get(0).get("pageId").asText() + "/acknowledge", null, String.class);
    JsonNode after = json.readTree(http.getForObject("/api/v1/patients/WA-PAGED/pages", String.class));
    assertThat(after.get(0).get("acknowledgedBy").asText()).isEqualTo("physician");
  }

  @Test
  void theOpenApiDocumentIsForThoseSignedIn() throws Exception {
    assertThat(anonymous.getForEntity("/v3/api-docs", String.class).getStatusCode().value()).isEqualTo(401);
    JsonNode doc = json.readTree(as(Role.NURSE).getForObject("/v3/api-docs", String.class));
    assertThat(doc.at("/info/title").asText()).isEqualTo("Post-infusion care pathway API");
    assertThat(doc.get("paths").has("/api/v1/tasks/{key}/complete")).isTrue();
    assertThat(doc.get("paths").has("/patients/{id}")).as("the ward app's pages are not API").isFalse();
    assertThat(doc.at("/components/securitySchemes/demo-users/scheme").asText()).isEqualTo("basic");
    assertThat(doc.at("/paths/~1api~1v1~1me/get").has("parameters")).as("the session's CSRF token is no parameter").isFalse();
    Browser browser = new Browser();
    assertThat(browser.get("/swagger-ui.html").statusCode()).isEqualTo(302);
    browser.signIn("modeler", DEMO_PASSWORD);
    HttpResponse<String> ui = browser.get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
    // the page's stylesheet is this service's (contrast), not springdoc's copy of swagger-ui's
    HttpResponse<String> style = browser.get("/swagger-ui/index.css");
    assertThat(style.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    assertThat(style.body()).contains(".swagger-ui .opblock.opblock-get .opblock-summary-method");
  }

  @Test
  void wrongPasswordsOnTheSignInPageCountTowardsTheSameLockout() throws Exception {
    Browser guesser = new Browser();
    HttpResponse<String> wrong = guesser.signIn("manager", "guess");
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    assertThat(guesser.get("/login?error").body()).contains("The user name or the password is wrong.");
  }

  @Test
  void apiCallersWithCredentialsGetNoSessionAndNeedNoCsrfToken() {
    var response = as(Role.PHYSICIAN).postForEntity("/api/v1/models/validate",
        Map.of("name", "forms/x.form", "content", "{}"), String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getHeaders().get("Set-Cookie")).isNull();
    assertThat(as(Role.NURSE).getForEntity("/api/v1/tasks", List.class).getHeaders().get("Set-Cookie")).isNull();
  }
}
