package ai.eternego.persona;

import java.time.ZonedDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.agent.DayFollower;
import ai.eternego.memory.Destiny;
import ai.eternego.record.ConversationLine;
import ai.eternego.store.ConversationLog;

/**
 * Her reminders and schedules fire: at each heartbeat, every {@code destiny/} entry due on her clock is
 * moved to her history (so it fires once, even across a restart or a missed night), then she brings it
 * up in her conversation, on the channel where it was set (a reminder she saved while talking there),
 * else on the channel of the last message she heard (none when she heard none).
 */
@ApplicationScoped
public class Reminders implements DayFollower {

    private static final Logger LOG = Logger.getLogger(Reminders.class);

    private final Destiny destiny;
    private final Conversation conversation;
    private final ConversationLog log;

    public Reminders(Destiny destiny, Conversation conversation, ConversationLog log) {
        this.destiny = destiny;
        this.conversation = conversation;
        this.log = log;
    }

    @Override
    public void beat(String id, ZonedDateTime now) {
        List<Destiny.Fired> fired = destiny.fireDue(id, now.toLocalDateTime());
        if (fired.isEmpty()) {
            return;
        }
        ConversationLine.Channel last = lastHeard(id);
        for (Destiny.Fired one : fired) {
            conversation.say(id, ("schedule".equals(one.kind()) ? "It is time: " : "A reminder: ") + one.text(),
                    one.channel() != null ? one.channel() : last);
            LOG.infof("Persona %s brought up a %s that came due", id, one.kind());
        }
    }

    private ConversationLine.Channel lastHeard(String id) {
        List<ConversationLine> lines = log.read(id);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (ConversationLine.PERSON.equals(lines.get(i).role())) {
                return lines.get(i).where();
            }
        }
        return null;
    }
}
