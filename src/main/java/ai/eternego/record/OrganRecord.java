package ai.eternego.record;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One organ as saved in her record: {@code {name, provider, url, api_key}}. A local organ has
 * {@code provider: null}; a local Mind's name is {@code eternego-<id>}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "name", "provider", "url", "api_key" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OrganRecord(
        @JsonProperty("name") String name,
        @JsonProperty("provider") String provider,
        @JsonProperty("url") String url,
        @JsonProperty("api_key") String apiKey) {

    @JsonIgnore
    public boolean isLocal() {
        return provider == null;
    }
}
