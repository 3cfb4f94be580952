package ai.eternego.memory;

import java.io.ByteArrayInputStream;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.core.Blocking;
import ai.eternego.core.Refusal;
import ai.eternego.organ.Organs;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.MediaKind;
import ai.eternego.store.MediaStore;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

/**
 * Her imagination at work, for the ability {@code draw}: the image is made by her imagination organ, kept in
 * her {@code media/} under upstream's name for the channel she is talking on, and goes with her reply. Without
 * an imagination she is told she cannot draw; an imagination's fault is a {@code failed} TOOL_RESULT in words,
 * never a sickness.
 */
@ApplicationScoped
public class Drawing {

    private static final Logger LOG = Logger.getLogger(Drawing.class);
    /** The channel a drawing is named after when no message brought her turn (a reminder, a test). */
    static final String NO_CHANNEL = "web";

    private final RecordStore records;
    private final Organs organs;
    private final MediaStore media;

    public Drawing(RecordStore records, Organs organs, MediaStore media) {
        this.records = records;
        this.organs = organs;
        this.media = media;
    }

    /** Draws {@code prompt} for her turn on {@code channel} (or {@code null}) at {@code time}. Never fails. */
    public Uni<Abilities.Used> draw(String id, String prompt, ConversationLine.Channel channel, Instant time) {
        return Blocking.run(() -> records.require(id)).chain(record -> {
            if (record.imagination() == null) {
                return Uni.createFrom().item(new Abilities.Used(Abilities.result("draw", "error",
                        "you have no imagination to draw with: tell your person you cannot draw"), null));
            }
            return drawn(record, prompt, channel, time);
        }).onFailure().recoverWithItem(failure -> {
            String why = failure instanceof OrganFault fault ? "your imagination could not draw it: " + fault.reason()
                    : failure instanceof Refusal refusal ? "the image could not be kept: " + refusal.sentence()
                            : "your imagination could not draw it; try again later";
            LOG.warnf("Persona %s: draw failed (%s)", id, failure.getClass().getSimpleName());
            return new Abilities.Used(Abilities.result("draw", "failed", why), null);
        });
    }

    private Uni<Abilities.Used> drawn(PersonaRecord record, String prompt, ConversationLine.Channel channel,
            Instant time) {
        String type = channel == null || channel.type() == null ? NO_CHANNEL : channel.type();
        return organs.draw(record.imagination(), prompt)
                .chain(made -> Blocking.run(() -> media.save(record.id(), type, MediaKind.IMAGE, made.mimeType(),
                        new ByteArrayInputStream(made.bytes()), time)))
                .map(file -> new Abilities.Used(Abilities.result("draw", "ok", "drawn and kept as " + file.source()
                        + "; it is sent with your reply, so describe it in a few words"),
                        new ConversationLine.Media(file.source(), prompt)));
    }
}
