package ai.eternego.memory;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.core.Blocking;
import ai.eternego.organ.Organs;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

/**
 * Her teacher at work, for two abilities: {@code ask_teacher} puts a question beyond her to her teacher (her
 * Mind when she has none) and gives her the answer to say in her own voice; {@code learn} finds the way she
 * learned for a need ({@link Lessons}) or, when she has none, asks her teacher for one and keeps it, so the same
 * need never asks again. A teacher's fault is a {@code failed} TOOL_RESULT in words: it never makes her sick.
 */
@ApplicationScoped
public class Teaching {

    private static final Logger LOG = Logger.getLogger(Teaching.class);
    private static final int MAX_RESULT = 8000;

    private final RecordStore records;
    private final Organs organs;
    private final Lessons lessons;

    public Teaching(RecordStore records, Organs organs, Lessons lessons) {
        this.records = records;
        this.organs = organs;
        this.lessons = lessons;
    }

    /** Her teacher answers {@code question}: the TOOL_RESULT of {@code ask_teacher}. Never fails. */
    public Uni<String> ask(String id, String question) {
        return Blocking.run(() -> teacher(records.require(id)))
                .chain(teacher -> organs.ask(teacher, question))
                .map(answer -> Abilities.result("ask_teacher", "ok", cut(answer)))
                .onFailure().recoverWithItem(failure -> failed(id, "ask_teacher", "your teacher could not answer", failure));
    }

    /**
     * The way to {@code need}: a lesson she keeps, without asking; else her teacher's answer to how it is done
     * with {@code abilities} alone, kept as a lesson first. The TOOL_RESULT of {@code learn}. Never fails.
     */
    public Uni<String> learn(String id, String need, String abilities) {
        return Blocking.run(() -> lessons.find(id, need)).chain(kept -> {
            if (kept.isPresent()) {
                Lessons.Lesson lesson = kept.get();
                return Uni.createFrom().item(Abilities.result("learn", "ok", "the lesson you keep for \""
                        + lesson.intention() + "\" (" + lesson.file() + "):\n" + cut(lesson.body().strip())));
            }
            return Blocking.run(() -> teacher(records.require(id)))
                    .chain(teacher -> organs.ask(teacher, lessonQuestion(need, abilities)))
                    .chain(answer -> Blocking.run(() -> lessons.keep(id, need, answer)))
                    .map(lesson -> Abilities.result("learn", "ok", "your teacher taught you this, kept as your lesson "
                            + "for \"" + lesson.intention() + "\" (" + lesson.file() + "):\n" + cut(lesson.body().strip())));
        }).onFailure().recoverWithItem(failure -> failed(id, "learn", "your teacher could not teach you; nothing "
                + "was kept", failure));
    }

    /** Her teacher, or her Mind when she has none. */
    private static OrganRecord teacher(PersonaRecord record) {
        return record.teacher() != null ? record.teacher() : record.thinking();
    }

    /** What her teacher is asked for a lesson: a way within her abilities, never a tool she does not have. */
    static String lessonQuestion(String need, String abilities) {
        return "I need to know how to do this: " + need.strip() + "\n\nI can talk with my person and use only "
                + "these abilities:\n" + abilities + "\n\nWrite, in a few short steps, how I do it with my words and "
                + "those abilities alone. If it cannot be done with them, say so plainly and say what I can tell my "
                + "person instead.";
    }

    private static String failed(String id, String ability, String what, Throwable failure) {
        String why = failure instanceof OrganFault fault ? what + ": " + fault.reason()
                : what + "; try again later";
        LOG.warnf("Persona %s: %s failed (%s)", id, ability, failure.getClass().getSimpleName());
        return Abilities.result(ability, "failed", why);
    }

    private static String cut(String text) {
        return text.length() <= MAX_RESULT ? text : text.substring(0, MAX_RESULT);
    }
}
