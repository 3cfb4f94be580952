package ai.eternego.config;

import ai.eternego.agent.Beat;
import ai.eternego.persona.ChannelRecord;
import ai.eternego.persona.CreateResponse;
import ai.eternego.persona.OrganRecord;
import ai.eternego.persona.PersonaRecord;
import ai.eternego.persona.PersonaResponse;
import ai.eternego.persona.PersonaView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records that Jackson reads or writes by reflection outside a resource signature (her
 * {@code config.json}, her heartbeats in {@code health.jsonl}, bodies returned in a {@code Response}
 * or a stream event): a native image keeps their constructors and accessors only when told so.
 */
@RegisterForReflection(targets = { PersonaRecord.class, OrganRecord.class, ChannelRecord.class,
        ChannelRecord.Credentials.class, Beat.class, CreateResponse.class, PersonaResponse.class,
        PersonaView.class, PersonaView.OrganView.class, PersonaView.ChannelView.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
