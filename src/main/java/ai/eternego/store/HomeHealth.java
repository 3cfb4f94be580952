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

    private final HomeLayout layout;
    private final RecordStore records;

    public HomeHealth(HomeLayout layout, RecordStore records) {
        this.layout = layout;
        this.records = records;
    }

    @Override
    public HealthCheckResponse call() {
        boolean writable = Files.isDirectory(layout.root()) && Files.isWritable(layout.root());
        return HealthCheckResponse.named("eternego-home").status(writable).withData("personas", records.ids().size())
                .build();
    }
}
