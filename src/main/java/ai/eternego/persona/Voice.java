package ai.eternego.persona;

import java.io.ByteArrayInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.agent.TimeSource;
import ai.eternego.core.Blocking;
import ai.eternego.organ.Organs;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.store.MediaKind;
import ai.eternego.store.MediaStore;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

/**
 * Her mouth at work: her reply to a voice message is spoken too, kept in her {@code media/} (upstream's naming,
 * by the channel it goes to), and her line then carries it. Without a mouth she writes only; when her mouth
 * fails she still writes, and says why she could not speak. Only her Mind's faults make her sick.
 */
@ApplicationScoped
public class Voice {

    /** The most characters her mouth is given at once (OpenAI's limit for speech). */
    static final int MAX_SPOKEN = 4096;

    private final RecordStore records;
    private final Organs organs;
    private final MediaStore media;
    private final TimeSource clock;

    public Voice(RecordStore records, Organs organs, MediaStore media, TimeSource clock) {
        this.records = records;
        this.organs = organs;
        this.media = media;
        this.clock = clock;
    }

    /** What she says, and the file of her voice saying it (or {@code null}). */
    record Spoken(String content, ConversationLine.Media media) {
    }

    /** Whether {@code line} is a voice message (a line about an audio file of hers). */
    static boolean isVoice(ConversationLine line) {
        return line.media() != null && MediaKind.ofName(line.media().source()).filter(MediaKind.AUDIO::equals).isPresent();
    }

    /** Speaks {@code text} for the channel {@code channel} ({@code web} when {@code null}). */
    Uni<Spoken> speak(String id, ConversationLine.Channel channel, String text) {
        String type = channel == null ? "web" : channel.type();
        return Blocking.run(() -> records.require(id).organ(Organ.MOUTH)).chain(mouth -> {
            if (mouth == null || text == null || text.isBlank()) {
                return Uni.createFrom().item(new Spoken(text, null));
            }
            String said = text.length() > MAX_SPOKEN ? text.substring(0, MAX_SPOKEN) : text;
            return organs.speak(mouth, said)
                    .chain(voice -> Blocking.run(() -> media.save(id, type, MediaKind.AUDIO, voice.mimeType(),
                            new ByteArrayInputStream(voice.bytes()), clock.now())))
                    .map(kept -> new Spoken(text, new ConversationLine.Media(kept.source(), null)))
                    .onFailure().recoverWithItem(failure -> unspoken(id, mouth, text, failure));
        });
    }

    private static Spoken unspoken(String id, OrganRecord mouth, String text, Throwable failure) {
        return new Spoken(text + "\n\n(I could not say this aloud: " + OrganWords.fault(id, Organ.MOUTH, mouth, failure)
                + ".)", null);
    }
}
