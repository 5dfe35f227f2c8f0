package com.astromkey.sandbox.registry;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalRegistry} per test class, registered as a static {@code @RegisterExtension} field; applies the
 * {@link RequiresDockerRegistry} skip rule by itself.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalRegistryExtension REGISTRY = new LocalRegistryExtension(() -> LocalRegistry.builder().tls());
 * ... REGISTRY.get().host() ...
 * }</pre>
 */
public final class LocalRegistryExtension implements BeforeAllCallback, AfterAllCallback, ExecutionCondition {

    private final Supplier<LocalRegistry.Builder> config;
    private final DockerRegistryCondition condition = new DockerRegistryCondition();
    private LocalRegistry registry;

    public LocalRegistryExtension(Supplier<LocalRegistry.Builder> config) {
        this.config = config;
    }

    /** An anonymous plain-HTTP registry. */
    public LocalRegistryExtension() {
        this(LocalRegistry::builder);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return condition.evaluateExecutionCondition(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = config.get().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** The running registry (only between beforeAll and afterAll). */
    public LocalRegistry get() {
        if (registry == null) {
            throw new IllegalStateException("the registry runs only while the test class runs; register the extension as a static field");
        }
        return registry;
    }
}
