/** Child JVMs started by tests: their class path and what {@code /proc} says about their memory. */
package com.astromkey.sandbox.process;
