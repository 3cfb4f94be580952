package ai.eternego.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.eternego.core.Blocking;
import ai.eternego.provider.MindPiece;
import ai.eternego.provider.MindTool;
import ai.eternego.record.ConversationLine;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import io.smallrye.mutiny.Uni;

/**
 * Her abilities. Her Mind calls them natively ({@link #tools()}, each vendor's tool calling) or, where a
 * server takes no tools, in upstream's wire form: her reply is the text {@code {"tools.<name>": {…}}}.
 * Either way her call is kept in upstream's text form, and the result she reads back is {@code TOOL_RESULT\ntool: <name>\nstatus: ok|error|failed\nresult: <text>}.
 * Only safe ones exist: {@code save_destiny}, {@code save_notes}, {@code recall_history} and
 * {@code check_calendar} work on her files; {@code ask_teacher} and {@code learn} consult her teacher
 * ({@link Teaching}); {@code draw} uses her imagination ({@link Drawing}). Any other (upstream's shell, file
 * system, HTTP or desktop tools included, even when a lesson names one) is answered {@code status: error}
 * "unknown ability" and nothing runs.
 */
@ApplicationScoped
public class Abilities {

    /** One call: the ability's name and its arguments. */
    public record Call(String name, JsonNode arguments) {
    }

    /**
     * What one call did: its TOOL_RESULT, and the file she made (a drawing) to go with her reply, or {@code null}.
     */
    public record Used(String result, ConversationLine.Media media) {
    }

    static final Set<String> KNOWN = Set.of("save_destiny", "save_notes", "recall_history", "check_calendar",
            "ask_teacher", "learn", "draw");
    private static final Set<String> ORGANIC = Set.of("ask_teacher", "learn", "draw");
    private static final String DATE = "{\"type\": \"string\", \"description\": \"YYYY-MM-DD\"}";
    private static final List<MindTool> TOOLS = List.of(
            new MindTool("save_destiny", "Save a reminder or a schedule to bring up to your person when it is due.",
                    "{\"type\": \"object\", \"properties\": {"
                            + "\"kind\": {\"type\": \"string\", \"enum\": [\"reminder\", \"schedule\"]}, "
                            + "\"time\": {\"type\": \"string\", \"description\": \"when, YYYY-MM-DD HH:MM\"}, "
                            + "\"text\": {\"type\": \"string\", \"description\": \"what to bring up\"}, "
                            + "\"recurrence\": {\"type\": \"string\", \"enum\": [\"hourly\", \"daily\", \"weekly\", "
                            + "\"monthly\"]}}, \"required\": [\"kind\", \"time\", \"text\"]}"),
            new MindTool("save_notes", "Keep a note about your person or your conversation.",
                    "{\"type\": \"object\", \"properties\": {\"text\": {\"type\": \"string\", "
                            + "\"description\": \"the note to keep\"}}, \"required\": [\"text\"]}"),
            new MindTool("recall_history", "Read back what was said on a past day.",
                    "{\"type\": \"object\", \"properties\": {\"date\": " + DATE + "}, \"required\": [\"date\"]}"),
            new MindTool("check_calendar", "List the reminders and schedules from start (included) to end (excluded).",
                    "{\"type\": \"object\", \"properties\": {\"start\": " + DATE + ", \"end\": " + DATE
                            + "}, \"required\": [\"start\", \"end\"]}"),
            new MindTool("ask_teacher", "Ask your teacher a question beyond you, or one your person asks you to ask;"
                    + " then answer with what you learn in your own voice.", oneText("question", "the question")),
            new MindTool("learn", "Find out how to do something you do not know how to do; the same words later"
                    + " find what you learned.", oneText("need", "in a few words, what you need to know how to do")),
            new MindTool("draw", "Make an image, when you are asked to draw or an image helps.",
                    oneText("prompt", "the image to make")));
    private static final Logger LOG = Logger.getLogger(Abilities.class);
    private static final int MAX_RESULT = 8000;
    private static final int MAX_TEXT = 4000;
    private static final int MAX_LEARNED = 2000;

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final Destiny destiny;
    private final ObjectMapper json;
    private final Teaching teaching;
    private final Drawing drawing;
    private final Lessons lessons;

    public Abilities(HomeLayout layout, PersonaLocks locks, Destiny destiny, ObjectMapper json, Teaching teaching,
            Drawing drawing, Lessons lessons) {
        this.layout = layout;
        this.locks = locks;
        this.destiny = destiny;
        this.json = json;
        this.teaching = teaching;
        this.drawing = drawing;
        this.lessons = lessons;
    }

    /** What she is told of her abilities, for her prompt. */
    public String describe() {
        return "You have abilities. To use one, answer with only this JSON and nothing else: "
                + "{\"tools.<name>\": {<arguments>}}; you then read its TOOL_RESULT and answer your person in words. "
                + list();
    }

    /**
     * What she has learned, for her prompt after {@link #describe()}: the needs she keeps a way for (so she
     * calls {@code learn} with the same words), at most {@value #MAX_LEARNED} characters; empty when none. Blocking.
     */
    public String learned(String id) {
        StringBuilder known = new StringBuilder();
        for (String intention : lessons.intentions(id)) {
            String item = (known.isEmpty() ? "" : "; ") + intention.replace("\n", " ");
            if (known.length() + item.length() > MAX_LEARNED) {
                break;
            }
            known.append(item);
        }
        return known.isEmpty() ? "" : "You keep a way for these needs (call learn with the same words to follow one): "
                + known + ".";
    }

    /** Her abilities and their arguments, one sentence. */
    static String list() {
        return "save_destiny {\"kind\": \"reminder\"|\"schedule\", \"time\": \"YYYY-MM-DD HH:MM\", \"text\": what to "
                + "bring up, \"recurrence\": \"hourly\"|\"daily\"|\"weekly\"|\"monthly\" (optional)}; save_notes "
                + "{\"text\": a note to keep}; recall_history {\"date\": \"YYYY-MM-DD\"}; check_calendar {\"start\": "
                + "\"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}; ask_teacher {\"question\": a question beyond you, or one "
                + "your person asks you to ask; answer with what you learn in your own voice}; learn {\"need\": in a few "
                + "words, something you do not know how to do (the same words later find what you learned)}; draw "
                + "{\"prompt\": the image to make, when you are asked to draw or an image helps}.";
    }

    /**
     * Her abilities as native tools: each one's name, what it does, and the JSON schema of its arguments
     * (the same arguments as {@link #describe()} tells in words).
     */
    public List<MindTool> tools() {
        return TOOLS;
    }

    /** The call a native tool call makes; its arguments are {@code {}} when they are not a JSON object. */
    public Call call(MindPiece.ToolCall call) {
        JsonNode arguments;
        try {
            arguments = json.readTree(call.argumentsJson());
        } catch (IOException | RuntimeException unreadable) {
            arguments = null;
        }
        return new Call(call.name(), arguments != null && arguments.isObject() ? arguments : json.createObjectNode());
    }

    /** The arguments of {@code call} as a JSON object's text. */
    public String arguments(Call call) {
        try {
            return json.writeValueAsString(call.arguments() == null ? json.createObjectNode() : call.arguments());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upstream's text form of {@code call}, as kept in her conversation: {@code {"tools.<name>": {…}}}. */
    public String text(Call call) {
        ObjectNode line = json.createObjectNode();
        line.set("tools." + call.name(), call.arguments() == null ? json.createObjectNode() : call.arguments());
        try {
            return json.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The call her reply makes, when the whole reply is one {@code {"tools.<name>": {…}}} object. */
    public Optional<Call> parse(String reply) {
        String text = reply == null ? "" : reply.strip();
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> only = node.fields().next();
        if (!only.getKey().startsWith("tools.")) {
            return Optional.empty();
        }
        return Optional.of(new Call(only.getKey().substring("tools.".length()), only.getValue()));
    }

    /**
     * Whether a reply that has begun with {@code start} may still turn out to be a call (so not shown yet):
     * nothing but white space yet, or a start with a brace or a code fence. Reads only its first characters,
     * as it is asked again for every piece of a streamed reply.
     */
    public static boolean mayBeCall(CharSequence start) {
        int at = 0;
        int length = start.length();
        while (at < length && Character.isWhitespace(start.charAt(at))) {
            at++;
        }
        if (at == length || start.charAt(at) == '{') {
            return true;
        }
        return length - at >= 3 && start.charAt(at) == '`' && start.charAt(at + 1) == '`' && start.charAt(at + 2) == '`';
    }

    /**
     * Runs {@code call} for her at {@code now} on her clock, in her turn on {@code channel} (or {@code null}):
     * its result in upstream's TOOL_RESULT form and the file she made, if any. Her teacher and her imagination
     * answer without holding a thread; her files are worked on a worker. Never fails: every fault is a
     * {@code failed} or {@code error} result in words.
     */
    public Uni<Used> use(String id, Call call, ZonedDateTime now, ConversationLine.Channel channel) {
        if (!ORGANIC.contains(call.name())) {
            return Blocking.run(() -> new Used(run(id, call, now, channel), null));
        }
        JsonNode args = argumentsOf(call);
        String argument = switch (call.name()) {
            case "ask_teacher" -> "question";
            case "learn" -> "need";
            default -> "prompt";
        };
        String text;
        try {
            text = text(args, argument, null);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Used(result(call.name(), "error", e.getMessage()), null));
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            return Uni.createFrom().item(new Used(result(call.name(), "error", argument + " must be text (at most "
                    + MAX_TEXT + " characters)"), null));
        }
        return switch (call.name()) {
            case "ask_teacher" -> teaching.ask(id, text.strip()).map(result -> new Used(result, null));
            case "learn" -> teaching.learn(id, text.strip(), list()).map(result -> new Used(result, null));
            default -> drawing.draw(id, text.strip(), channel, now.toInstant());
        };
    }

    /**
     * Runs one of her abilities on her files for {@code call} at {@code now} on her clock, in a conversation on
     * {@code channel} (or {@code null}): a reminder she saves is brought up on that channel. Its result in
     * upstream's TOOL_RESULT form; any other name is an unknown ability. Blocking (her files).
     */
    String run(String id, Call call, ZonedDateTime now, ConversationLine.Channel channel) {
        if (!KNOWN.contains(call.name()) || ORGANIC.contains(call.name())) {
            LOG.infof("Persona %s asked for an ability she does not have", id);
            return result(call.name(), "error", "unknown ability");
        }
        JsonNode args = argumentsOf(call);
        try {
            return switch (call.name()) {
                case "save_destiny" -> saveDestiny(id, args, now, channel);
                case "save_notes" -> saveNotes(id, args);
                case "recall_history" -> recallHistory(id, args);
                default -> checkCalendar(id, args);
            };
        } catch (IllegalArgumentException e) {
            return result(call.name(), "error", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("Persona %s: the ability %s failed (%s)", id, call.name(), e.getClass().getSimpleName());
            return result(call.name(), "failed", "it could not be done; try again later");
        }
    }

    private JsonNode argumentsOf(Call call) {
        return call.arguments() == null || !call.arguments().isObject() ? json.createObjectNode() : call.arguments();
    }

    /** The schema of an ability taking one text argument. */
    private static String oneText(String name, String description) {
        return "{\"type\": \"object\", \"properties\": {\"" + name + "\": {\"type\": \"string\", \"description\": \""
                + description + "\"}}, \"required\": [\"" + name + "\"]}";
    }

    static String result(String name, String status, String text) {
        return "TOOL_RESULT\ntool: " + name + "\nstatus: " + status + "\nresult: " + text;
    }

    private String saveDestiny(String id, JsonNode args, ZonedDateTime now, ConversationLine.Channel channel) {
        String kind = text(args, "kind", "reminder").toLowerCase(Locale.ROOT);
        if (!kind.equals("reminder") && !kind.equals("schedule")) {
            throw new IllegalArgumentException("kind must be reminder or schedule");
        }
        String what = text(args, "text", text(args, "description", null));
        if (what == null || what.isBlank() || what.length() > MAX_TEXT) {
            throw new IllegalArgumentException("text must say what to bring up (at most " + MAX_TEXT + " characters)");
        }
        LocalDateTime when = when(text(args, "time", text(args, "datetime", null)));
        String recurrence = text(args, "recurrence", null);
        if (recurrence != null) {
            recurrence = recurrence.toLowerCase(Locale.ROOT);
            if (recurrence.equals("none") || recurrence.isBlank()) {
                recurrence = null;
            } else if (!Set.of("hourly", "daily", "weekly", "monthly").contains(recurrence)) {
                throw new IllegalArgumentException("recurrence must be hourly, daily, weekly or monthly");
            }
        }
        String name = destiny.save(id, kind, when, what.replace("recurrence:", "recurrence -"), recurrence,
                now.toLocalDateTime(), channel);
        return result("save_destiny", "ok", "saved " + kind + " for " + when.toString().replace('T', ' ')
                + (recurrence == null ? "" : ", " + recurrence) + " (destiny/" + name + ")");
    }

    private String saveNotes(String id, JsonNode args) {
        String note = text(args, "text", text(args, "notes", null));
        if (note == null || note.isBlank() || note.length() > MAX_TEXT) {
            throw new IllegalArgumentException("text must be the note to keep (at most " + MAX_TEXT + " characters)");
        }
        Path notes = layout.homeDir(id).resolve("notes.md");
        locks.locked(id, () -> {
            try {
                String before = Files.isRegularFile(notes) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
                String joined = before.isEmpty() || before.endsWith("\n") ? before : before + "\n";
                AtomicFiles.write(notes, (joined + "- " + note.strip().replace("\n", " ") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        return result("save_notes", "ok", "noted");
    }

    private String recallHistory(String id, JsonNode args) {
        LocalDate day = date(text(args, "date", null));
        Path history = layout.homeDir(id).resolve(ConversationLog.HISTORY);
        List<String> found = new ArrayList<>();
        for (Path file : Knowledge.markdown(history)) {
            String name = file.getFileName().toString();
            if (name.startsWith("conversation-" + day) || name.endsWith("-" + day + ".md")) {
                found.add(name + ":\n" + Knowledge.read(file).strip());
            }
        }
        String text = found.isEmpty() ? "nothing is kept for " + day : String.join("\n\n", found);
        return result("recall_history", "ok", cut(text));
    }

    private String checkCalendar(String id, JsonNode args) {
        LocalDate start = date(text(args, "start", null));
        LocalDate end = date(text(args, "end", null));
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
        List<String> found = new ArrayList<>();
        Path dir = layout.homeDir(id).resolve(Knowledge.DESTINY);
        for (Path file : Knowledge.markdown(dir)) {
            String name = file.getFileName().toString();
            if (name.length() >= 27 && name.matches("^(reminder|schedule)-\\d{4}-\\d{2}-\\d{2}-.*")) {
                String dayText = name.substring(name.indexOf('-') + 1, name.indexOf('-') + 11);
                LocalDate day = LocalDate.parse(dayText);
                if (!day.isBefore(start) && day.isBefore(end)) {
                    Destiny.Body body = Destiny.Body.parse(Knowledge.read(file));
                    found.add("- " + name.replaceFirst("\\.md$", "") + ": " + body.text()
                            + (body.recurrence() == null ? "" : " (" + body.recurrence() + ")"));
                }
            }
        }
        return result("check_calendar", "ok", found.isEmpty() ? "nothing is planned" : cut(String.join("\n", found)));
    }

    private static String text(JsonNode args, String field, String fallback) {
        JsonNode value = args.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return value.asText();
    }

    private static LocalDateTime when(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time must be YYYY-MM-DD HH:MM");
        }
        try {
            return LocalDateTime.parse(text.strip().replace(' ', 'T')).withSecond(0).withNano(0);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be YYYY-MM-DD HH:MM");
        }
    }

    private static LocalDate date(String text) {
        if (text == null) {
            throw new IllegalArgumentException("dates must be YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates must be YYYY-MM-DD");
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_RESULT ? text : text.substring(text.length() - MAX_RESULT);
    }
}
