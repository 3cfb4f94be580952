package ai.eternego.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.channel.ChannelType;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Change;
import ai.eternego.record.Organ;
import ai.eternego.organ.OrganSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /api/persona/{id}/update}. Every field is optional; what is given changes,
 * what is left out stays. {@code name} renames her. An organ is declared as {@code {"model", "provider", "api_key", "url"}} under
 * its key; {@code clear_<organ>} removes an optional organ; a channel token replaces that channel and
 * {@code clear_telegram}/{@code clear_discord} remove it. A field this request does not know is refused
 * (a mistyped {@code clear_} flag must not pass silently).
 */
@RegisterForReflection
public class PersonaUpdateRequest {

    /** Statuses a person may set; {@code sick} belongs to the supervisor. */
    public static final String STATUS = "^(active|hibernate|sick)$";

    @Pattern(regexp = STATUS, message = "must be active or hibernate")
    @JsonProperty("status")
    public String status;

    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    @Pattern(regexp = Limits.NAME, message = Limits.NAME_MESSAGE)
    @JsonProperty("name")
    public String name;

    @Valid
    @JsonProperty("thinking")
    public OrganUpdate thinking;
    @Valid
    @JsonProperty("imagination")
    public OrganUpdate imagination;
    @Valid
    @JsonProperty("mouth")
    public OrganUpdate mouth;
    @Valid
    @JsonProperty("eye")
    public OrganUpdate eye;
    @Valid
    @JsonProperty("ear")
    public OrganUpdate ear;
    @Valid
    @JsonProperty("teacher")
    public OrganUpdate teacher;
    @Valid
    @JsonProperty("researcher")
    public OrganUpdate researcher;

    @JsonProperty("clear_imagination")
    public Boolean clearImagination;
    @JsonProperty("clear_mouth")
    public Boolean clearMouth;
    @JsonProperty("clear_eye")
    public Boolean clearEye;
    @JsonProperty("clear_ear")
    public Boolean clearEar;
    @JsonProperty("clear_teacher")
    public Boolean clearTeacher;
    @JsonProperty("clear_researcher")
    public Boolean clearResearcher;

    @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE)
    @JsonProperty("telegram_token")
    public String telegramToken;
    @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE)
    @JsonProperty("discord_token")
    public String discordToken;
    @JsonProperty("clear_telegram")
    public Boolean clearTelegram;
    @JsonProperty("clear_discord")
    public Boolean clearDiscord;

    @JsonIgnore
    private final TreeSet<String> unknown = new TreeSet<>();

    @JsonAnySetter
    void unknown(String name, Object value) {
        unknown.add(name);
    }

    /** One organ as declared in an update. */
    @RegisterForReflection
    public record OrganUpdate(
            @NotNull(message = "is required") @NotBlank(message = "must not be blank") @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("model") String model,
            @JsonProperty("provider") String provider,
            @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("api_key") String apiKey,
            @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("url") String url) {
    }

    /**
     * The domain change. A field this request does not know is refused as malformed, naming it; a
     * status of {@code sick} is refused before any organ is looked at.
     */
    public Change toChange() {
        if (!unknown.isEmpty()) {
            throw Refusal.malformed("The request is not valid: " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is not a field" : " are not fields")
                    + " of an update (name, status, an organ object such as thinking, clear_<organ>, telegram_token, "
                    + "discord_token, clear_telegram, clear_discord).");
        }
        Change.requireSettableStatus(status);
        return new Change(name, status, organs(), cleared(), channels(), clearedChannels());
    }

    /** The organs declared, with their providers parsed (an unknown provider is a 400). */
    @JsonIgnore
    public List<OrganSpec> organs() {
        List<OrganSpec> organs = new ArrayList<>();
        for (Map.Entry<Organ, OrganUpdate> entry : declared().entrySet()) {
            OrganUpdate o = entry.getValue();
            OrganDeclarations.add(organs, entry.getKey(), o.model(), o.provider(), o.apiKey(), o.url(),
                    entry.getKey().nestedField(Organ.Part.PROVIDER));
        }
        return organs;
    }

    private Map<Organ, OrganUpdate> declared() {
        Map<Organ, OrganUpdate> declared = new java.util.EnumMap<>(Organ.class);
        put(declared, Organ.THINKING, thinking);
        put(declared, Organ.IMAGINATION, imagination);
        put(declared, Organ.MOUTH, mouth);
        put(declared, Organ.EYE, eye);
        put(declared, Organ.EAR, ear);
        put(declared, Organ.TEACHER, teacher);
        put(declared, Organ.RESEARCHER, researcher);
        return declared;
    }

    private static void put(Map<Organ, OrganUpdate> declared, Organ organ, OrganUpdate update) {
        if (update != null) {
            declared.put(organ, update);
        }
    }

    /** The optional organs whose {@code clear_<organ>} flag is true. */
    @JsonIgnore
    public List<Organ> cleared() {
        List<Organ> cleared = new ArrayList<>();
        add(cleared, Organ.IMAGINATION, clearImagination);
        add(cleared, Organ.MOUTH, clearMouth);
        add(cleared, Organ.EYE, clearEye);
        add(cleared, Organ.EAR, clearEar);
        add(cleared, Organ.TEACHER, clearTeacher);
        add(cleared, Organ.RESEARCHER, clearResearcher);
        return cleared;
    }

    @JsonIgnore
    public List<ChannelSpec> channels() {
        return OrganDeclarations.channels(telegramToken, discordToken);
    }

    /** The channel types whose {@code clear_<channel>} flag is true. */
    @JsonIgnore
    public List<ChannelType> clearedChannels() {
        List<ChannelType> cleared = new ArrayList<>();
        if (Boolean.TRUE.equals(clearTelegram)) {
            cleared.add(ChannelType.TELEGRAM);
        }
        if (Boolean.TRUE.equals(clearDiscord)) {
            cleared.add(ChannelType.DISCORD);
        }
        return cleared;
    }

    private static <T> void add(List<T> list, T item, Boolean flag) {
        if (Boolean.TRUE.equals(flag)) {
            list.add(item);
        }
    }
}
