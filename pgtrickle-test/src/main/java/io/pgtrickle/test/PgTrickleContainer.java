package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers container running the real pg_trickle image, with the extension created in its
 * database before any test uses it. It is a {@link PostgreSQLContainer}, so Spring Boot's
 * {@code @ServiceConnection} turns it into the application's {@code DataSource}:
 * <pre class="code">
 * &#64;Container
 * &#64;ServiceConnection
 * static PgTrickleContainer postgres = new PgTrickleContainer();
 * </pre>
 */
public class PgTrickleContainer extends PostgreSQLContainer {

	/**
	 * The repository of the official image.
	 */
	public static final String IMAGE = "ghcr.io/trickle-labs/pg_trickle";

	/**
	 * The tag of the newest release this project is tested against.
	 */
	public static final String DEFAULT_TAG = "0.108.3-pg18.3";

	/**
	 * The tag of pg_trickle 0.67.0, the oldest release this project supports.
	 */
	public static final String TAG_0_67 = "0.67.0-pg18.3";

	/**
	 * Creates a container of {@link #IMAGE}:{@link #DEFAULT_TAG}.
	 */
	public PgTrickleContainer() {
		this(DockerImageName.parse(IMAGE).withTag(DEFAULT_TAG));
	}

	/**
	 * Creates a container of {@link #IMAGE} with the given tag, for example {@link #TAG_0_67}.
	 * @param tag the image tag
	 */
	public PgTrickleContainer(String tag) {
		this(DockerImageName.parse(IMAGE).withTag(tag));
	}

	/**
	 * Creates a container of the given image, which must be a PostgreSQL image with pg_trickle.
	 * @param image the image
	 */
	public PgTrickleContainer(DockerImageName image) {
		super(image.asCompatibleSubstituteFor("postgres"));
		// Replacing the command keeps the image's postgresql.conf, but re-supply the preload so the
		// scheduler runs even if a derived image's configuration lacks it.
		setCommand("postgres", "-c", "fsync=off", "-c", "shared_preload_libraries=pg_trickle");
	}

	/**
	 * The image named by {@code PGTRICKLE_TEST_IMAGE} (or the system property
	 * {@code pgtrickle.test.image}), else {@link #IMAGE}:{@link #DEFAULT_TAG}.
	 * @return the image the test backends use
	 */
	public static DockerImageName configuredImage() {
		String image = PgTrickleDatabases.setting("PGTRICKLE_TEST_IMAGE", "pgtrickle.test.image");
		return (image != null && !image.isBlank()) ? DockerImageName.parse(image)
				: DockerImageName.parse(IMAGE).withTag(DEFAULT_TAG);
	}

	@Override
	protected void containerIsStarted(InspectContainerResponse containerInfo) {
		super.containerIsStarted(containerInfo);
		try (Connection connection = createConnection(""); Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trickle");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create extension pg_trickle in " + getDockerImageName() + ": "
					+ ex.getMessage(), ex);
		}
	}

}
