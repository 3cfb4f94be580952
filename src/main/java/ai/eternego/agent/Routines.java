package ai.eternego.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.store.AtomicFiles;
import ai.eternego.store.HomeLayout;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Her daily routines from {@code routines.json}. The only one the service runs is {@code sleep}: her
 * day's conversation goes to her history, then she writes her diary. A routine whose minute passed while the machine slept runs on the next beat; the
 * day it last ran is kept in her workspace, so it never runs twice in a day.
 */
final class Routines {

    private static final Logger LOG = Logger.getLogger(Routines.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE = "routines-state.json";

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(@JsonProperty("sleep") String sleep) {
    }

    private Routines() {
    }

    /** Runs what is due at {@code now}; blocking. */
    static void runDue(AgentSupervisor supervisor, String id, ZonedDateTime now) {
        HomeLayout layout = supervisor.layout();
        LocalTime at = sleepTime(layout.homeDir(id).resolve(HomeLayout.ROUTINES));
        if (at == null) {
            return;
        }
        Path statePath = layout.workspaceDir(id).resolve(STATE);
        // The day of the latest sleep minute that has passed: today's once it is past, else yesterday's.
        LocalDate due = now.toLocalTime().isBefore(at) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
        LocalDate last = lastSleep(statePath);
        if (last == null) {
            // She was just born or migrated with a fresh diary: her first night is the next one.
            save(statePath, due);
            return;
        }
        if (!last.isBefore(due)) {
            return;
        }
        // However many nights were missed (the machine slept), one diary now says all of it.
        supervisor.sleep(id);
        save(statePath, due);
        LOG.infof("Persona %s slept: her day is in her history and her diary is written", id);
    }

    static LocalTime sleepTime(Path routines) {
        if (!Files.isRegularFile(routines)) {
            return null;
        }
        try {
            JsonNode list = JSON.readTree(routines.toFile()).path("routines");
            for (JsonNode routine : list) {
                if ("sleep".equals(routine.path("spec").asText())) {
                    return LocalTime.parse(routine.path("time").asText("00:00"));
                }
            }
        } catch (IOException | DateTimeParseException e) {
            LOG.warnf("Her routines cannot be read (%s); she sleeps at midnight", e.getClass().getSimpleName());
            return LocalTime.MIDNIGHT;
        }
        return null;
    }

    private static LocalDate lastSleep(Path state) {
        if (!Files.isRegularFile(state)) {
            return null;
        }
        try {
            String sleep = JSON.readValue(state.toFile(), State.class).sleep();
            return sleep == null ? null : LocalDate.parse(sleep);
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private static void save(Path state, LocalDate day) {
        try {
            AtomicFiles.write(state, JSON.writeValueAsBytes(new State(day.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
