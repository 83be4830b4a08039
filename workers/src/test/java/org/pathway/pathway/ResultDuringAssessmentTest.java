package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.PatientTimelines;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A result that lands while the patient's assessment is under way is not lost. The spy makes a
 * Spring context of its own: it gets its own database and is closed after the class, or its outbox
 * publisher would take the shared context's wake-ups from the shared database to its own engine.
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:pathway-result-during-assessment;MODE=PostgreSQL;"
    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ResultDuringAssessmentTest extends PathwayTestSupport {

  @MockitoSpyBean PatientTimelines timelines;
  @Autowired AssessmentRepository assessments;

  /**
   * A CRP stored just after the assessment loaded the patient's timeline is assessed by the next
   * wake-up. The assessment counted the stored rows apart from the timeline it read, so it counted
   * the CRP as assessed although it never read it, and the CRP's own wake-up found nothing new: the
   * result was never assessed.
   */
  @Test
  void aResultStoredWhileTheAssessmentRunsIsAssessedByTheNextOne() {
    enroll(patient("RDA-1", now().minus(Duration.ofDays(5))));
    Instant drawn = now().minusSeconds(600);
    AtomicBoolean armed = new AtomicBoolean(true);
    doAnswer(call -> {
      Object loaded = call.callRealMethod();
      boolean fromAssessment = java.util.Arrays.stream(Thread.currentThread().getStackTrace())
          .anyMatch(f -> f.getClassName().equals(AssembleLabFeaturesWorker.class.getName()));
      if (fromAssessment && "RDA-1".equals(call.getArgument(0)) && armed.compareAndSet(true, false)) {
        assertThat(postLabs("RDA-1", List.of(lab(drawn, "1988-5", 42, "mg/L", null, 5))).getStatusCode())
            .isEqualTo(HttpStatus.ACCEPTED);
      }
      return loaded;
    }).when(timelines).load(anyString());

    postLabs("RDA-1", List.of(lab(drawn, "2276-4", 900, "ng/mL", null, 300)));

    Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("RDA-1").size() == 2);
    assertThat(armed).isFalse();
    var assessed = assessments.findByPatient("RDA-1");
    assertThat(assessed.getFirst().resultsRead()).singleElement().asString().contains("2276-4");
    assertThat(assessed.get(1).resultsRead()).singleElement().asString().contains("1988-5");
  }
}
