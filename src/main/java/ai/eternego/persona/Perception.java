package ai.eternego.persona;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.agent.TimeSource;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.organ.Organs;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.Gallery;
import ai.eternego.store.MediaKind;
import ai.eternego.store.MediaStore;
import io.smallrye.mutiny.Uni;

/**
 * She is handed a file with words, by any door: it is kept in her {@code media/} (upstream's naming, by the
 * door's channel), then the organ for it does its job before her Mind answers: her eye looks at an image
 * (the words are its question; without an eye her Mind looks itself, when its model takes images), her ear turns a voice into the words she hears, her researcher reads a
 * document. What the organ found becomes her message, with the file as its {@code media}; then her Mind
 * answers in turn, as to any message. Without the organ, or when it fails, she answers at once and says so
 * in words; an organ's fault never makes her sick.
 *
 * <p>Her message, as kept: an image is the words sent with it, then {@code [I was sent an image (<source>).
 * My eye saw: ...]}; a voice is its transcript (after the words sent with it, if any); a document is the words
 * sent with it, then {@code [I was sent a document (<source>). My researcher read it: ...]}.
 */
@ApplicationScoped
public class Perception {

    static final String LOOK = "Describe this image in detail: what it shows, any text in it, and anything notable.";
    static final String READ = "What is this document? Summarise what it says, with its key points and figures.";

    private final MediaStore media;
    private final Gallery gallery;
    private final Organs organs;
    private final Conversation conversation;
    private final TimeSource clock;

    public Perception(MediaStore media, Gallery gallery, Organs organs, Conversation conversation, TimeSource clock) {
        this.media = media;
        this.gallery = gallery;
        this.organs = organs;
        this.conversation = conversation;
        this.clock = clock;
    }

    /** What her organ made of the file: her message, or (when she cannot take it in) her answer at once. */
    private record Found(String message, String answer) {
    }

    /**
     * She is handed {@code file} (a {@code kind} of type {@code contentType}) with {@code caption} (or
     * {@code null}), from {@code channel}. The answer is the message she keeps, once her organ did its job; her
     * reply follows on her conversation's events. Refusals (she is not running, a type or size her media do not
     * take) change nothing. {@code file} is the door's to delete afterwards.
     */
    public Uni<ConversationLine> perceive(String id, MediaKind kind, Path file, String contentType, String caption,
            ConversationLine.Channel channel) {
        PersonaId.require(id);
        String words = caption == null || caption.isBlank() ? null : caption.strip();
        ConversationLine.Channel from = channel == null ? new ConversationLine.Channel("web", "web") : channel;
        return Blocking.run(() -> {
            PersonaRecord record = conversation.requireRunning(id);
            try (InputStream content = Files.newInputStream(file)) {
                return new Kept(record, media.save(id, from.type(), kind, contentType, content, clock.now()));
            } catch (IOException e) {
                throw new UncheckedIOException("a received file could not be read", e);
            }
        }).chain(kept -> organ(id, kind, kept, words).chain(found -> {
            ConversationLine.Media about = new ConversationLine.Media(kept.file().source(), words);
            if (found.answer() != null) {
                return Blocking.run(() -> conversation.answerAtOnce(id, found.message(), from, about, found.answer()));
            }
            return conversation.hear(id, found.message(), from, about).map(Heard::message);
        }));
    }

    private record Kept(PersonaRecord record, MediaStore.MediaFile file) {
    }

    private Uni<Found> organ(String id, MediaKind kind, Kept kept, String words) {
        return switch (kind) {
            case IMAGE -> look(id, kept, words);
            case AUDIO -> listen(id, kept, words);
            case DOCUMENT -> read(id, kept, words);
        };
    }

    private Uni<Found> look(String id, Kept kept, String words) {
        OrganRecord eye = kept.record().organ(Organ.EYE);
        String sent = words == null ? "(an image)" : words;
        String question = words == null ? LOOK : words;
        MediaStore.MediaFile file = kept.file();
        // without an eye her Mind looks itself, in its provider's image form; a model that takes no images refuses
        OrganRecord looking = eye != null ? eye : kept.record().thinking();
        String who = eye != null ? "My eye saw: " : "I looked at it myself: ";
        return organs.see(looking, file.path(), file.contentType(), question)
                .call(seen -> Blocking.run(() -> {
                    gallery.add(id, file.source(), question, seen, clock.now().toString());
                    return null;
                }))
                .map(seen -> new Found(prefix(words) + "[I was sent an image (" + file.source() + "). " + who
                        + seen.strip() + "]", null))
                .onFailure().recoverWithItem(failure -> new Found(sent, eye != null
                        ? "I could not look at your image: " + OrganWords.fault(id, Organ.EYE, eye, failure) + "."
                        : "I cannot see your image: I have no eye, and my Mind cannot look at it ("
                                + OrganWords.fault(id, Organ.THINKING, looking, failure) + ")."));
    }

    private Uni<Found> listen(String id, Kept kept, String words) {
        OrganRecord ear = kept.record().organ(Organ.EAR);
        String sent = words == null ? "(a voice message)" : words;
        if (ear == null) {
            return Uni.createFrom().item(new Found(sent, "I cannot listen to voice messages: I have no ear."));
        }
        MediaStore.MediaFile file = kept.file();
        return organs.hear(ear, file.path(), file.contentType(), file.name())
                .map(heard -> heard == null || heard.isBlank()
                        ? new Found(sent, "I listened to your voice message and heard no words in it.")
                        : new Found(prefix(words) + heard.strip(), null))
                .onFailure().recoverWithItem(failure -> new Found(sent, "I could not listen to your voice message: "
                        + OrganWords.fault(id, Organ.EAR, ear, failure) + "."));
    }

    private Uni<Found> read(String id, Kept kept, String words) {
        OrganRecord researcher = kept.record().organ(Organ.RESEARCHER);
        String sent = words == null ? "(a document)" : words;
        if (researcher == null) {
            return Uni.createFrom().item(new Found(sent, "I cannot read documents: I have no researcher."));
        }
        MediaStore.MediaFile file = kept.file();
        return organs.read(researcher, file.path(), file.contentType(), words == null ? READ : words)
                .map(read -> new Found(prefix(words) + "[I was sent a document (" + file.source()
                        + "). My researcher read it: " + read.strip() + "]", null))
                .onFailure().recoverWithItem(failure -> new Found(sent, "I could not read your document: "
                        + OrganWords.fault(id, Organ.RESEARCHER, researcher, failure) + "."));
    }

    private static String prefix(String words) {
        return words == null ? "" : words + "\n\n";
    }
}
