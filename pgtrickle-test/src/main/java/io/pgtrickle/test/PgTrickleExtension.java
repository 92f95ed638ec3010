package io.pgtrickle.test;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link PgTrickleTest}: creates the test class's database before all of
 * its tests, resolves {@link PgTrickleDatabase} and {@link DataSource} parameters, and drops the
 * database when the class is done.
 */
public class PgTrickleExtension implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(PgTrickleExtension.class);

	private static final String DATABASE = "database";

	@Override
	public void beforeAll(ExtensionContext context) {
		database(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == PgTrickleDatabase.class || type == DataSource.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		PgTrickleDatabase database = database(extensionContext);
		Class<?> type = parameterContext.getParameter().getType();
		if (type == PgTrickleDatabase.class) {
			return database;
		}
		if (type == DataSource.class) {
			return database.dataSource();
		}
		throw new ParameterResolutionException("Cannot resolve a parameter of type " + type.getName());
	}

	private PgTrickleDatabase database(ExtensionContext context) {
		ExtensionContext classContext = classContext(context);
		return classContext.getStore(NAMESPACE)
			.computeIfAbsent(DATABASE, (key) -> create(classContext), PgTrickleDatabase.class);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	private static PgTrickleDatabase create(ExtensionContext classContext) {
		try {
			return PgTrickleDatabases.create(classContext.getRequiredTestClass().getSimpleName());
		}
		catch (BackendUnavailableException ex) {
			Assumptions.abort(ex.getMessage());
			throw ex;
		}
	}

}
