package org.pathway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Patient;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The repositories and migrations, the same tests on PostgreSQL and on H2 (PostgreSQL mode). */
class RepositoryContractTest {

  @Nested
  class OnPostgres extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2("repository-contract");
    }
  }

  abstract static class Contract {

    static final Instant INFUSION = Instant.parse("2026-03-02T12:00:00Z");
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(1);

    abstract DataSource dataSource();

    DataSource ds;
    Flyway flyway;
    PatientRepository patients;
    LabResultRepository labs;
    UserTaskRepository tasks;
    AssessmentRepository assessments;
    OutboxRepository outbox;
    CareEpisodeRepository episodes;

    @BeforeEach
    void migrate() {
      ds = dataSource();
      flyway = TestDatabases.migrateClean(ds);
      JdbcClient jdbc = JdbcClient.create(ds);
      patients = new PatientRepository(jdbc);
      labs = new LabResultRepository(jdbc);
      tasks = new UserTaskRepository(jdbc);
      assessments = new AssessmentRepository(jdbc, new ObjectMapper());
      outbox = new OutboxRepository(ds);
      episodes = new CareEpisodeRepository(jdbc);
    }

    Enrollment enrollment(String id) {
      return new Enrollment(
          new Patient(
              id, new BigDecimal("0.75"), new BigDecimal("8.125"), true, Patient.TherapyClass.TCE,
              "teclistamab", "MM", INFUSION, false),
          "H7",
          28,
          INFUSION.plusSeconds(3600),
          null,
          null);
    }

    @Test
    void migrationsApplyFromScratch() {
      assertThat(flyway.info().pending()).isEmpty();
      assertThat(flyway.info().applied()).hasSameSizeAs(flyway.info().all());
      assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void patientsRoundTripExactlyAndOnlyOnce() {
      patients.insert(enrollment("P-1"));
      patients.setProcessInstanceKey("P-1", 2251799813685302L);
      Enrollment found = patients.find("P-1").orElseThrow();
      assertThat(found.patient()).isEqualTo(enrollment("P-1").patient());
      assertThat(found.processInstanceKey()).isEqualTo(2251799813685302L);
      assertThat(found.enrolledAt()).isEqualTo(INFUSION.plusSeconds(3600));
      assertThatThrownBy(() -> patients.insert(enrollment("P-1")))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(patients.find("P-2")).isEmpty();
    }

    @Test
    void theEndOfMonitoringIsRecordedOnceAtItsFirstTime() {
      patients.insert(enrollment("P-1"));
      // not started yet: no instance (was read as 0: wasNull() asked after another column was read)
      assertThat(patients.find("P-1").orElseThrow().processInstanceKey()).isNull();
      assertThat(patients.find("P-1").orElseThrow().monitoringEndedAt()).isNull();
      Instant ended = INFUSION.plus(java.time.Duration.ofDays(29));
      assertThat(patients.markMonitoringEnded("P-1", ended)).isTrue();
      // the end listener's job delivered again
      assertThat(patients.markMonitoringEnded("P-1", ended.plusSeconds(5))).isFalse();
      assertThat(patients.find("P-1").orElseThrow().monitoringEndedAt()).isEqualTo(ended);
      assertThat(patients.markMonitoringEnded("P-2", ended)).isFalse();
    }

    /** Runs the same attempt on several threads at once; returns how many succeeded. */
    static int succeedingAtOnce(int threads, Callable<Boolean> attempt) throws Exception {
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return attempt.call();
        }));
      }
      start.countDown();
      int succeeded = 0;
      for (Future<Boolean> r : results) {
        succeeded += r.get() ? 1 : 0;
      }
      pool.shutdown();
      return succeeded;
    }

    @Test
    void concurrentEnrollmentsOfOnePatientStoreOne() throws Exception {
      int stored = succeedingAtOnce(4, () -> {
        try {
          patients.insert(enrollment("P-RACE"));
          return true;
        } catch (DuplicateKeyException e) {
          return false;
        }
      });
      assertThat(stored).isEqualTo(1);
    }

    @Test
    void labValuesAreStoredExactlyAsSent() {
      patients.insert(enrollment("P-1"));
      LabResult tiny =
          new LabResult("26881-3", new BigDecimal("0.0000001"), "pg/mL", null, new BigDecimal("7"), INFUSION);
      LabResult big =
          new LabResult("2276-4", new BigDecimal("123456789.123456789"), "ng/mL", new BigDecimal("30"), new BigDecimal("400"), INFUSION.plusSeconds(1));
      labs.insertIfNew("P-1", checked(tiny), null, "final", INFUSION);
      labs.insertIfNew("P-1", checked(big), null, "final", INFUSION);
      // numerically exact on both databases (H2 may normalise the scale: 30 reads back as 3E+1)
      assertThat(labs.timelineEntries("P-1"))
          .usingRecursiveFieldByFieldElementComparator(
              org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                  .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                  .build())
          .containsExactly(tiny, big);
    }

    static org.pathway.clinical.ReceivedLab checked(LabResult lab) {
      try {
        return org.pathway.clinical.ReceivedLab.check(lab);
      } catch (org.pathway.clinical.ReceivedLab.Implausible e) {
        throw new AssertionError(e);
      }
    }

    static LabResult ferritin(String value) {
      return new LabResult("2276-4", new BigDecimal(value), "ng/mL", null, new BigDecimal("300"), INFUSION);
    }

    BigDecimal graded(String patientId) {
      return TestDatabases.gradedFerritin(labs, patientId, INFUSION.plusSeconds(86400));
    }

    static final LabResultRepository.Source LAB = new LabResultRepository.Source("urn:lab", "F-1", "1");

    LabResultRepository.Source version(String v) {
      return new LabResultRepository.Source("urn:lab", "F-1", v);
    }

    @Test
    void theSameResultDeliveredTwiceIsStoredOnce() {
      patients.insert(enrollment("P-1"));
      assertThat(labs.insertIfNew("P-1", checked(ferritin("900")), LAB, "final", INFUSION)).isPresent();
      assertThat(labs.insertIfNew("P-1", checked(ferritin("900")), LAB, "final", INFUSION)).isEmpty();
      assertThat(labs.history("P-1")).hasSize(1);
    }

    @Test
    void anAmendmentSupersedesTheEarlierVersionAndKeepsIt() {
      patients.insert(enrollment("P-1"));
      labs.insertIfNew("P-1", checked(ferritin("900")), version("1"), "final", INFUSION);
      labs.supersedeOlderVersions("P-1", version("1"));
      long amended = labs.insertIfNew("P-1", checked(ferritin("950")), version("2"), "amended", INFUSION).orElseThrow();
      labs.supersedeOlderVersions("P-1", version("2"));
      assertThat(graded("P-1")).isEqualByComparingTo("950");
      assertThat(labs.history("P-1")).hasSize(2);
      assertThat(labs.history("P-1").getFirst().supersededBy()).isEqualTo(amended);
      // the older version arriving late does not take over
      labs.insertIfNew("P-1", checked(ferritin("800")), version("0"), "final", INFUSION);
      labs.supersedeOlderVersions("P-1", version("0"));
      assertThat(graded("P-1")).isEqualByComparingTo("950");
    }

    @Test
    void preliminaryResultsAreStoredButNotGraded() {
      patients.insert(enrollment("P-1"));
      labs.insertIfNew("P-1", checked(ferritin("900")), LAB, "preliminary", INFUSION);
      assertThat(labs.history("P-1")).extracting(LabResultRepository.StoredLab::status).containsExactly("preliminary");
      assertThat(graded("P-1")).isNull();
    }

    /**
     * A retraction is one more row of the result (history kept, stored once), received at its own
     * time; a bound keeps its comparator; the entries carry status, id and version, so the one rule
     * (LabSeries) stops counting the result from the retraction on; the assessments since the
     * result was stored are flagged.
     */
    @Test
    void aRetractionIsAnotherRowAndABoundKeepsItsComparator() {
      patients.insert(enrollment("P-1"));
      labs.insertIfNew("P-1", checked(ferritin("900")), LAB, "final", INFUSION);
      LabResult bound = new LabResult("2276-4", new BigDecimal("700"), "ng/mL", null, new BigDecimal("300"),
          INFUSION, LabResult.Status.FINAL, null, null, "<");
      labs.insertIfNew("P-1", checked(bound), null, "final", INFUSION);
      AssessmentRecord used = new AssessmentRecord("P-1", 1L, 78L, 0, INFUSION.plusSeconds(60), "iec-hs-suspicion",
          "dmn-sha256:x", true, 2, List.of("FERRITIN_HIGH"), List.of(), "{}", "{}", true, List.of(), null, List.of());
      assessments.insertIfAbsent(used);

      Instant retractedAt = INFUSION.plusSeconds(3600);
      // the sender reused the result's version: still a retraction, stored once
      assertThat(labs.insertRetraction("P-1", LAB, "entered-in-error", retractedAt)).isPresent();
      assertThat(labs.insertRetraction("P-1", LAB, "entered-in-error", retractedAt)).isEmpty();
      assertThat(labs.statuses("P-1", LAB)).containsExactly("final", "entered-in-error");
      assertThat(labs.timelineEntries("P-1"))
          .extracting(LabResult::status, LabResult::id, LabResult::version, LabResult::comparator, LabResult::at)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(LabResult.Status.FINAL, "urn:lab|F-1", "1", null, INFUSION),
              org.assertj.core.groups.Tuple.tuple(LabResult.Status.FINAL, null, null, "<", INFUSION),
              org.assertj.core.groups.Tuple.tuple(LabResult.Status.ENTERED_IN_ERROR, "urn:lab|F-1", null, null, retractedAt));
      assertThat(graded("P-1")).as("the bound is not a value, the 900 retracted").isNull();
      assertThat(TestDatabases.gradedFerritin(labs, "P-1", retractedAt.minusSeconds(1))).isEqualByComparingTo("900");

      assertThat(assessments.flagRetracted("P-1", "urn:lab|F-1", labs.firstReceived("P-1", LAB))).hasSize(1);
      assertThat(assessments.usingRetractedResults("P-1")).singleElement()
          .extracting(AssessmentRecord::retractedResults).isEqualTo(List.of("urn:lab|F-1"));
    }

    @Test
    void flagsAreKeptWithTheResult() {
      patients.insert(enrollment("P-1"));
      labs.insertIfNew("P-1", checked(new LabResult("99999-9", BigDecimal.ONE, "mg/dL", null, null, INFUSION)),
          null, "final", INFUSION);
      labs.insertIfNew("P-1", checked(new LabResult("76039-7", new BigDecimal("2400"), "pg/mL", null, null, INFUSION)),
          null, "final", INFUSION);
      assertThat(labs.history("P-1")).extracting(LabResultRepository.StoredLab::flags)
          .containsExactly(List.of("UNKNOWN_LOINC"), List.of("UNIT_NOT_CONVERTIBLE"));
    }

    @Test
    void concurrentDeliveriesOfOneResultStoreOne() throws Exception {
      patients.insert(enrollment("P-1"));
      int stored = succeedingAtOnce(4,
          () -> labs.insertIfNew("P-1", checked(ferritin("900")), LAB, "final", INFUSION).isPresent());
      assertThat(stored).isEqualTo(1);
      assertThat(labs.history("P-1")).hasSize(1);
    }

    UserTaskRow task(long key, String patient, Instant due, Integer priority, String group) {
      return new UserTaskRow(
          key, 1L, "draw-daily-labs", "Draw daily labs", "draw-daily-labs", patient, 3,
          List.of(group), due, priority, UserTaskRow.State.CREATED, INFUSION, null);
    }

    @Test
    void theTaskProjectionIsIdempotentAndSortsUndatedLast() {
      assertThat(tasks.insertIfAbsent(task(1, "P-1", null, 50, "ward-nurses"))).isTrue();
      assertThat(tasks.insertIfAbsent(task(1, "P-1", null, 50, "ward-nurses"))).isFalse();
      tasks.insertIfAbsent(task(2, "P-1", INFUSION.plusSeconds(7200), 50, "ward-nurses"));
      tasks.insertIfAbsent(task(3, "P-2", INFUSION.plusSeconds(3600), 90, "physicians"));
      tasks.insertIfAbsent(task(4, "P-1", INFUSION.plusSeconds(7200), 80, "ward-nurses"));

      assertThat(tasks.findOpen(null, null).stream().map(UserTaskRow::userTaskKey))
          .containsExactly(3L, 4L, 2L, 1L);
      assertThat(tasks.findOpen("P-1", "ward-nurses").stream().map(UserTaskRow::userTaskKey))
          .containsExactly(4L, 2L, 1L);
      assertThat(tasks.findOpen(null, "physicians")).hasSize(1);
      assertThat(tasks.findOpen(null, "nurses")).as("group match is exact").isEmpty();

      assertThat(tasks.end(2, UserTaskRow.State.COMPLETED, INFUSION)).isTrue();
      assertThat(tasks.end(2, UserTaskRow.State.CANCELED, INFUSION)).isFalse();
      assertThat(tasks.find(2).orElseThrow().state()).isEqualTo(UserTaskRow.State.COMPLETED);
      assertThat(tasks.findOpen("P-1", null)).hasSize(2);
    }

    @Test
    void aTasksFormDataIsStoredOnceWithTheTask() {
      tasks.insertIfAbsent(task(7, "P-1", null, 50, "ward-nurses"));
      assertThat(tasks.formData(7)).isEmpty();
      tasks.saveFormData(7, "{\"grade\":2}");
      // a listener job delivered again keeps what the first stored
      tasks.saveFormData(7, "{\"grade\":3}");
      assertThat(tasks.formData(7)).contains("{\"grade\":2}");
    }

    @Test
    void anAssessmentIsStoredOncePerElementInstance() {
      patients.insert(enrollment("P-1"));
      AssessmentRecord a =
          new AssessmentRecord(
              "P-1", 1L, 77L, 12, INFUSION, "iec-hs-suspicion", "dmn-sha256:x", true, 5,
              List.of("FERRITIN_HIGH", "HYPOFIBRINOGENEMIA"), List.of("r1", "r2"), "{\"a\":1}",
              "{\"suspected\":true}", false, List.of(), 4,
              List.of("urn:lab|F-1 final 2276-4 taken 2026-11-21T06:10:00Z"));
      assertThat(assessments.insertIfAbsent(a)).isTrue();
      assertThat(assessments.insertIfAbsent(a)).isFalse();
      assertThat(assessments.findByPatient("P-1")).containsExactly(a);
      assertThat(assessments.latest("P-1")).contains(a);
    }

    /** Enqueues as intake does: in the transaction that stores the results. */
    boolean enqueueStoring(String patient, String messageId) {
      return new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(
          s -> outbox.enqueue("lab-results-received", patient, messageId, "{}", INFUSION));
    }

    @Test
    void outboxMessagesAreQueuedOncePerIdAndTheWaitingWakeUpsOfAPatientAreFoldedIntoTheOneClaimed() {
      assertThat(enqueueStoring("P-1", "labs-1")).isTrue();
      assertThat(outbox.enqueue("lab-results-received", "P-1", "labs-1", "{}", INFUSION)).isFalse();
      assertThat(enqueueStoring("P-1", "labs-2")).isTrue();
      assertThat(outbox.enqueue("lab-results-received", "P-2", "labs-3", "{}", INFUSION)).isTrue();
      assertThat(outbox.countPending()).isEqualTo(3);
      OutboxRepository.OutboxMessage first = outbox.claimNext("a", LEASE).orElseThrow();
      assertThat(first.messageId()).isEqualTo("labs-1");
      // labs-2 waited for P-1 too: labs-1, published after it was committed, wakes for both
      assertThat(outbox.claimNext("b", LEASE).orElseThrow().messageId())
          .as("the first is claimed, the second carried by it").isEqualTo("labs-3");
      assertThat(outbox.claimNext("c", LEASE)).as("both are claimed").isEmpty();
      // a failed publication gives the claim up at once; what it carries stays with it
      outbox.markFailed(first.id(), "engine unavailable");
      OutboxRepository.OutboxMessage again = outbox.claimNext("c", LEASE).orElseThrow();
      assertThat(again.messageId()).isEqualTo("labs-1");
      assertThat(again.attempts()).isEqualTo(1);
      assertThat(outbox.countPending()).as("nothing is delivered yet").isEqualTo(3);
      outbox.markPublished(first.id(), INFUSION);
      assertThat(outbox.countPending()).as("labs-1 delivered, and labs-2 with it").isEqualTo(1);
      // once published, the next results need a new wake-up
      assertThat(outbox.enqueue("lab-results-received", "P-1", "labs-4", "{}", INFUSION)).isTrue();
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("labs-4");
    }

    @Test
    void aMessageThatCarriesItsOwnContentIsNeverFolded() {
      assertThat(outbox.enqueueDistinct("home-reading-received", "P-1", "reading-1", "{\"k\":1}", INFUSION)).isTrue();
      assertThat(outbox.enqueueDistinct("home-reading-received", "P-1", "reading-2", "{\"k\":2}", INFUSION)).isTrue();
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("reading-1");
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("reading-2");
      // a foldable one claimed does not carry them either
      assertThat(outbox.enqueueDistinct("home-reading-received", "P-1", "reading-3", "{}", INFUSION)).isTrue();
      assertThat(outbox.enqueue("home-reading-received", "P-1", "reading-4", "{}", INFUSION)).isTrue();
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("reading-3");
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("reading-4");
    }

    @Test
    void aWakeUpAlreadyClaimedOrTriedDoesNotCarryANewResult() {
      assertThat(enqueueStoring("P-1", "labs-1")).isTrue();
      OutboxRepository.OutboxMessage claimed = outbox.claimNext("a", LEASE).orElseThrow();
      // claimed: it may be in the engine's hands and its assessment may have read P-1 already
      assertThat(claimed.messageId()).isEqualTo("labs-1");
      assertThat(enqueueStoring("P-1", "labs-2")).isTrue();
      // a failed publication may still have reached the engine (a timeout after it took it)
      OutboxRepository.OutboxMessage second = outbox.claimNext("a", LEASE).orElseThrow();
      assertThat(second.messageId()).isEqualTo("labs-2");
      outbox.markFailed(second.id(), "deadline exceeded");
      assertThat(enqueueStoring("P-1", "labs-3")).isTrue();
      assertThat(outbox.countPending()).isEqualTo(3);
      // labs-2, claimed again, was tried: labs-3 stays its own wake-up
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("labs-2");
      assertThat(outbox.claimNext("a", LEASE).orElseThrow().messageId()).isEqualTo("labs-3");
    }

    /**
     * Results for one patient stored without a pause (a laboratory sending one Observation per
     * request from several connections): the wake-up of those committed is claimed while the next
     * are being stored. (It was not: each request locked the waiting wake-up to join it, the
     * publisher skipped it as locked, and the next request locked it again.)
     */
    @Test
    void theWakeUpOfCommittedResultsIsClaimedWhileMoreAreBeingStored() throws Exception {
      assertThat(enqueueStoring("P-1", "labs-1")).isTrue();
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      CountDownLatch enqueued = new CountDownLatch(1);
      CountDownLatch checked = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
        Future<Boolean> storing = pool.submit(() -> tx.execute(s -> {
          boolean added = outbox.enqueue("lab-results-received", "P-1", "labs-2", "{}", INFUSION);
          enqueued.countDown();
          try {
            checked.await(); // the results of this transaction are not committed yet
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return added;
        }));
        enqueued.await();
        Optional<OutboxRepository.OutboxMessage> first;
        Optional<OutboxRepository.OutboxMessage> early;
        try {
          first = outbox.claimNext("publisher", LEASE);
          early = outbox.claimNext("publisher", LEASE);
        } finally {
          checked.countDown();
        }
        assertThat(first).as("the committed results' wake-up").map(OutboxRepository.OutboxMessage::messageId)
            .contains("labs-1");
        // a publisher now would wake the pathway before these results are visible
        assertThat(early).as("claimed before the results commit").isEmpty();
        assertThat(storing.get()).as("a wake-up of its own").isTrue();
      }
      // not folded into labs-1 (not visible when it was claimed): woken for by its own
      assertThat(outbox.claimNext("publisher", LEASE).orElseThrow().messageId()).isEqualTo("labs-2");
    }

    @Test
    void oneOpenEpisodePerSyndromeAndPatientAndAClosedOneKeepsItsSummary() {
      patients.insert(enrollment("P-1"));
      Instant at = INFUSION.plusSeconds(86_400 * 12);
      assertThat(episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 100L, at, 12)).isTrue();
      assertThat(episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 100L, at.plusSeconds(5), 12))
          .as("the same job again").isTrue();
      assertThat(episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 200L, at, 12)).isFalse();
      assertThat(episodes.findByProcessInstance(200L)).isEmpty();
      assertThat(episodes.open("P-1", CareEpisode.Syndrome.CRS, 300L, at, 12)).as("another syndrome").isTrue();
      assertThat(episodes.findOpen("P-1", CareEpisode.Syndrome.IEC_HS).orElseThrow().startedAt()).isEqualTo(at);

      episodes.close(100L, at.plusSeconds(3600), "RESOLVED", 2, "{\"outcome\":\"RESOLVED\"}");
      episodes.close(100L, at.plusSeconds(7200), "DIED", 5, "{}");
      CareEpisode closed = episodes.findByProcessInstance(100L).orElseThrow();
      assertThat(closed.open()).isFalse();
      assertThat(closed.outcome()).isEqualTo("RESOLVED");
      assertThat(closed.peakGrade()).isEqualTo(2);
      assertThat(closed.endedAt()).isEqualTo(at.plusSeconds(3600));
      assertThat(episodes.findOpen("P-1", CareEpisode.Syndrome.IEC_HS)).isEmpty();
      assertThat(episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 200L, at.plusSeconds(9000), 13)).isTrue();
      assertThat(episodes.findByPatient("P-1")).extracting(CareEpisode::processInstanceKey)
          .containsExactly(200L, 300L, 100L);
    }

    /**
     * One instance stores a row and has not committed yet when another instance stores the same
     * (a job delivered to both, a wake-up enqueued twice): the second waits for the first and gets
     * the answer of {@code second}, which must not be a failure.
     */
    <T> T whileAnotherInstanceHoldsItUncommitted(Runnable first, Callable<T> second)
        throws Exception {
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      CountDownLatch stored = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
        Future<?> holder = pool.submit(() -> tx.executeWithoutResult(s -> {
          first.run();
          stored.countDown();
          try {
            Thread.sleep(500); // the second's statement meets the row not yet committed
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
        stored.await();
        T answer = pool.submit(second).get();
        holder.get();
        return answer;
      }
    }

    @Test
    void twoInstancesProjectingOneTaskAtOnceStoreItOnceAndNeitherFails() throws Exception {
      UserTaskRow t = task(9, "P-1", null, 50, "ward-nurses");
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> assertThat(tasks.insertIfAbsent(t)).isTrue(), () -> tasks.insertIfAbsent(t)))
          .isFalse();
      assertThat(tasks.findOpen("P-1", null)).extracting(UserTaskRow::userTaskKey).containsExactly(9L);
    }

    @Test
    void twoInstancesRecordingOneAssessmentAtOnceStoreItOnceAndNeitherFails() throws Exception {
      patients.insert(enrollment("P-1"));
      AssessmentRecord a =
          new AssessmentRecord(
              "P-1", 1L, 78L, 12, INFUSION, "iec-hs-suspicion", "dmn-sha256:x", false, 5,
              List.of(), List.of(), "{}", "{}", false, List.of(), 4, List.of());
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> assertThat(assessments.insertIfAbsent(a)).isTrue(), () -> assessments.insertIfAbsent(a)))
          .isFalse();
      assertThat(assessments.findByPatient("P-1")).hasSize(1);
    }

    @Test
    void twoInstancesStoringOneBedsideStepAtOnceStoreItOnceAndNeitherFails() throws Exception {
      patients.insert(enrollment("P-1"));
      BedsideRepository bedside = new BedsideRepository(JdbcClient.create(ds));
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, "neuro/2"),
          () -> bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, "neuro/2")))
          .isFalse();
      assertThat(bedside.payloads("P-1", BedsideRepository.Kind.NEURO)).hasSize(1);
    }

    @Test
    void twoInstancesEnqueuingOneMessageAtOnceStoreItOnceAndNeitherFails() throws Exception {
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> outbox.enqueue("iec-hs-worsened-during-review", "P-1", "iec-hs-worsened-5", "{}", INFUSION),
          () -> outbox.enqueue("iec-hs-worsened-during-review", "P-1", "iec-hs-worsened-5", "{}", INFUSION)))
          .isFalse();
      assertThat(outbox.countPending()).isEqualTo(1);
    }

    @Test
    void twoInstancesOpeningEpisodesAtOnceKeepOneOpenPerSyndromeAndPatient() throws Exception {
      patients.insert(enrollment("P-1"));
      Instant at = INFUSION.plusSeconds(86_400 * 12);
      // the same process instance's job on both: both are told it is theirs
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> assertThat(episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 400L, at, 12)).isTrue(),
          () -> episodes.open("P-1", CareEpisode.Syndrome.IEC_HS, 400L, at, 12)))
          .isTrue();
      // another process instance of the same syndrome: it is not
      assertThat(whileAnotherInstanceHoldsItUncommitted(
          () -> assertThat(episodes.open("P-1", CareEpisode.Syndrome.CRS, 500L, at, 12)).isTrue(),
          () -> episodes.open("P-1", CareEpisode.Syndrome.CRS, 600L, at, 12)))
          .isFalse();
      assertThat(episodes.findByPatient("P-1")).extracting(CareEpisode::processInstanceKey)
          .containsExactlyInAnyOrder(400L, 500L);
    }

    @Test
    void aBedsideEntryWithASourceKeyIsStoredOnce() {
      patients.insert(enrollment("P-1"));
      BedsideRepository bedside = new BedsideRepository(JdbcClient.create(ds));
      assertThat(bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, "neuro/1")).isTrue();
      assertThat(bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, "neuro/1")).isFalse();
      assertThat(bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, null)).isTrue();
      assertThat(bedside.insert("P-1", BedsideRepository.Kind.NEURO, INFUSION, "{}", INFUSION, null)).isTrue();
      assertThat(bedside.payloads("P-1", BedsideRepository.Kind.NEURO)).hasSize(3);
    }
  }
}
