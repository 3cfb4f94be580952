package ai.eternego.store;

import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when ETERNEGO_HOME is a directory the service can write. */
@Readiness
@ApplicationScoped
public class HomeHealth implements HealthCheck {

    private final PersonaStore store;

    public HomeHealth(PersonaStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        boolean writable = Files.isDirectory(store.root()) && Files.isWritable(store.root());
        return HealthCheckResponse.named("eternego-home").status(writable).withData("personas", store.ids().size())
                .build();
    }
}
