package ai.eternego.persona;

import org.jboss.logging.Logger;

import ai.eternego.config.Redact;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;

/** How she says that one of her working organs failed: "my ear (openai) refused my key". */
final class OrganWords {

    private static final Logger LOG = Logger.getLogger(OrganWords.class);

    private OrganWords() {
    }

    /** Why {@code organ} did not do its job, in her words, without a key or a URL; noted in the log as such. */
    static String fault(String id, Organ organ, OrganRecord record, Throwable failure) {
        String named = "my " + (organ == Organ.THINKING ? "Mind" : organ.key()) + " (" + (record.isLocal() ? "local" : record.provider()) + ")";
        String why;
        if (failure instanceof OrganFault fault) {
            why = fault.kind() == OrganFault.Kind.REFUSED ? named + " refused my key" : named + " failed: " + fault.reason();
        } else {
            why = "something went wrong inside me";
        }
        LOG.infof("Persona %s: her %s did not do its job: %s", id, organ.key(), Redact.text(why));
        return why;
    }
}
