package ai.eternego.api;

import ai.eternego.agent.Beat;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records that Jackson reads or writes by reflection outside a resource signature (her
 * {@code config.json}, her heartbeats in {@code health.jsonl}, bodies returned in a {@code Response}
 * or a stream event): a native image keeps their constructors and accessors only when told so. It
 * lives in the HTTP door because that is the one package allowed to know every other.
 */
@RegisterForReflection(targets = { PersonaRecord.class, OrganRecord.class, ChannelRecord.class,
        ChannelRecord.Credentials.class, Beat.class, CreateResponse.class, PersonaResponse.class,
        PersonaView.class, PersonaView.OrganView.class, PersonaView.ChannelView.class,
        ErrorMappers.NotStartedBody.class, ProgressStream.ErrorEvent.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
