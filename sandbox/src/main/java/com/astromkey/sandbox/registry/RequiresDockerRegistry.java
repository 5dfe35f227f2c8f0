package com.astromkey.sandbox.registry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Marks tests that start a {@link LocalRegistry}: skipped without the binary, except with {@code CI=true}, where they run and fail. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(DockerRegistryCondition.class)
public @interface RequiresDockerRegistry {}
