package ai.eternego.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.agent.Beat;
import ai.eternego.persona.Deleted;
import ai.eternego.persona.Diagnosis;
import ai.eternego.persona.Done;
import ai.eternego.persona.Slept;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The bodies of the lifecycle routes, made from what the domain answered. */
final class LifecycleResponses {

    private LifecycleResponses() {
    }

    @RegisterForReflection
    public record Personas(@JsonProperty("personas") List<PersonaView> personas) {
    }

    @RegisterForReflection
    public record Changed(@JsonProperty("detail") String detail, @JsonProperty("persona") PersonaView persona) {

        static Changed of(Done done) {
            return new Changed(done.sentence(), PersonaView.of(done.state()));
        }
    }

    @RegisterForReflection
    public record SleptBody(@JsonProperty("detail") String detail, @JsonProperty("diary") String diary,
            @JsonProperty("written_at") String writtenAt) {

        static SleptBody of(Slept slept) {
            return new SleptBody(slept.sentence(), slept.diary(), slept.writtenAt().toString());
        }
    }

    @RegisterForReflection
    public record DeletedBody(@JsonProperty("detail") String detail, @JsonProperty("kept_diary") String keptDiary) {

        static DeletedBody of(Deleted deleted) {
            return new DeletedBody(deleted.sentence(), deleted.keptDiary());
        }
    }

    @RegisterForReflection
    public record DiagnosisBody(@JsonProperty("id") String id, @JsonProperty("status") String status,
            @JsonProperty("running") boolean running, @JsonProperty("heartbeats") List<Beat> heartbeats,
            @JsonProperty("last_diary") String lastDiary, @JsonProperty("sick_reason") String sickReason,
            @JsonProperty("next_recovery") String nextRecovery,
            @JsonProperty("channels") List<PersonaView.ChannelView> channels) {

        static DiagnosisBody of(Diagnosis d) {
            return new DiagnosisBody(d.id(), d.status(), d.running(), d.heartbeats(),
                    d.lastDiary() == null ? null : d.lastDiary().toString(), d.sickness(),
                    d.nextRecovery() == null ? null : d.nextRecovery().toString(),
                    d.channels().stream().map(PersonaView.ChannelView::of).toList());
        }
    }
}
