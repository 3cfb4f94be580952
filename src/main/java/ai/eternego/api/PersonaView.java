package ai.eternego.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import ai.eternego.channel.ChannelStatus;
import ai.eternego.persona.PersonaState;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a persona is shown in listings: everything about her but her secrets. No API key and no
 * token ever appear here; a local Mind shows her base model's name.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "name", "base_model", "birthday", "status", "running", "idle_timeout", "thinking",
        "imagination", "mouth", "eye", "ear", "teacher", "researcher", "channels" })
public record PersonaView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("base_model") String baseModel,
        @JsonProperty("birthday") String birthday,
        @JsonProperty("status") String status,
        @JsonProperty("running") boolean running,
        @JsonProperty("idle_timeout") Integer idleTimeout,
        @JsonProperty("thinking") OrganView thinking,
        @JsonProperty("imagination") OrganView imagination,
        @JsonProperty("mouth") OrganView mouth,
        @JsonProperty("eye") OrganView eye,
        @JsonProperty("ear") OrganView ear,
        @JsonProperty("teacher") OrganView teacher,
        @JsonProperty("researcher") OrganView researcher,
        @JsonProperty("channels") List<ChannelView> channels) {

    @RegisterForReflection
    public record OrganView(@JsonProperty("name") String name, @JsonProperty("provider") String provider,
            @JsonProperty("url") String url) {

        static OrganView of(OrganRecord organ) {
            return organ == null ? null : new OrganView(organ.name(), organ.provider(), organ.url());
        }
    }

    /** One channel: paired or not (and to which chat), connected or not, last message in and out, last trouble. */
    @RegisterForReflection
    @JsonPropertyOrder({ "type", "name", "verified", "connected", "last_in", "last_out", "last_error" })
    public record ChannelView(@JsonProperty("type") String type, @JsonProperty("name") String name,
            @JsonProperty("verified") boolean verified, @JsonProperty("connected") boolean connected,
            @JsonProperty("last_in") String lastIn, @JsonProperty("last_out") String lastOut,
            @JsonProperty("last_error") String lastError) {

        static ChannelView of(ChannelStatus status) {
            return new ChannelView(status.type(), status.name(), status.verified(), status.connected(),
                    status.lastIn() == null ? null : status.lastIn().toString(),
                    status.lastOut() == null ? null : status.lastOut().toString(), status.lastError());
        }
    }

    public static PersonaView of(PersonaState state) {
        PersonaRecord r = state.record();
        boolean running = state.running();
        OrganView mind = OrganView.of(r.thinking());
        if (mind != null && r.thinking().isLocal() && r.baseModel() != null && !r.baseModel().isEmpty()) {
            mind = new OrganView(r.baseModel(), null, mind.url());
        }
        List<ChannelView> channels = state.channels().stream().map(ChannelView::of).toList();
        return new PersonaView(r.id(), r.name(), r.baseModel(), r.birthday(), r.status(), running, r.idleTimeout(),
                mind, OrganView.of(r.imagination()), OrganView.of(r.mouth()), OrganView.of(r.eye()),
                OrganView.of(r.ear()), OrganView.of(r.teacher()), OrganView.of(r.researcher()), channels);
    }
}
