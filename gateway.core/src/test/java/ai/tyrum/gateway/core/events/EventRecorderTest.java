package ai.tyrum.gateway.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.audit.AuditLog;
import ai.tyrum.gateway.core.audit.AuditRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventRecorderTest {

  @TempDir Path dir;

  private AuditLog log;
  private final List<Event> posted = new CopyOnWriteArrayList<>();
  private final EventAdmin eventAdmin = new EventAdmin() {
    @Override
    public void postEvent(Event event) {
      posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
      throw new AssertionError("events are posted asynchronously, never sent");
    }
  };

  @BeforeEach
  void openTrail() throws IOException {
    log = AuditLog.open(dir, AuditLog.Sync.always);
  }

  @AfterEach
  void closeTrail() {
    log.close();
  }

  /** A recorder as DS makes it, with {@code admin} bound. */
  private EventRecorder recorder(EventAdmin admin) {
    EventRecorder recorder = new EventRecorder(log);
    recorder.setEventAdmin(admin);
    return recorder;
  }

  @Test
  void recordAppendsToTheAuditLogThenPostsUnderTheTypesTopic() throws IOException {
    EventRecorder recorder = recorder(eventAdmin);
    Map<String, Object> payload = Map.of("kind", "loaded", "plugin", Map.of("id", "echo"));

    long seq = recorder.record("plugin.lifecycle", payload);

    assertThat(seq).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("audit.log"))).singleElement().asString().contains("\"kind\":\"loaded\"");
    assertThat(posted).singleElement().satisfies(event -> {
      assertThat(event.getTopic()).isEqualTo("tyrum/plugin/lifecycle");
      assertThat(event.getProperty("seq")).isEqualTo(1L);
      assertThat(event.getProperty("type")).isEqualTo("plugin.lifecycle");
      assertThat(event.getProperty("kind")).isEqualTo("loaded");
      assertThat(event.getProperty("plugin")).isEqualTo(Map.of("id", "echo"));
    });
  }

  @Test
  void underscoresInTypesStayInTheirTopicSegment() {
    assertThat(EventRecorder.topic("plugin_tool.invoked")).isEqualTo("tyrum/plugin_tool/invoked");
    assertThat(EventRecorder.topic("plugin.config.changed")).isEqualTo("tyrum/plugin/config/changed");
  }

  @Test
  void withoutEventAdminTheRecordIsStillDurable() {
    EventRecorder recorder = new EventRecorder(log);
    assertThat(recorder.record("policy.changed", Map.of())).isEqualTo(1);
    assertThat(log.verify().records()).isEqualTo(1);
  }

  @Test
  void aFailingEventAdminDoesNotUndoOrFailTheRecord() {
    EventAdmin failing = new EventAdmin() {
      @Override
      public void postEvent(Event event) {
        throw new IllegalStateException("EventAdmin is stopping");
      }

      @Override
      public void sendEvent(Event event) {}
    };
    EventRecorder recorder = recorder(failing);
    assertThat(recorder.record("policy.changed", Map.of())).isEqualTo(1);
  }

  @Test
  void anUnrecordableEventIsRefusedBeforeAnythingIsPosted() {
    EventRecorder recorder = recorder(eventAdmin);
    assertThatThrownBy(() -> recorder.record("not a type", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(posted).isEmpty();
  }

  @Test
  void afterReturnsRecordedEventsInSeqOrderFromTheGivenSeq() {
    EventRecorder recorder = recorder(eventAdmin);
    for (int i = 1; i <= 5; i++) {
      recorder.record("policy.changed", Map.of("n", i));
    }

    assertThat(recorder.after(2, 10)).extracting(AuditRecord::seq).containsExactly(3L, 4L, 5L);
    assertThat(recorder.after(0, 2)).extracting(AuditRecord::seq).containsExactly(1L, 2L);
    assertThat(recorder.after(5, 10)).isEmpty();
    assertThat(recorder.after(3, 10).get(0).payload()).containsEntry("n", 4);
  }
}
