package com.astromkey.bootstrap;

import com.astromkey.bootstrap.config.BootstrapConfig;
import com.astromkey.bootstrap.configure.AgentConfigurator;
import com.astromkey.bootstrap.install.CodeModulesInstaller;
import com.astromkey.bootstrap.install.CopyListener;
import com.astromkey.bootstrap.install.Installed;
import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.bootstrap.outcome.BootstrapResult;
import com.astromkey.bootstrap.outcome.Delivery;
import com.astromkey.bootstrap.outcome.ExitCode;
import com.astromkey.oci.extract.ExtractionLimits;

/** One bootstrap run over a validated configuration: code modules into the target, then the agent configuration. */
public final class Bootstrap {
  private final BootstrapConfig config;
  private final JsonLog log;
  private final CodeModulesInstaller installer;
  private final AgentConfigurator configurator;

  public Bootstrap(BootstrapConfig config, ExtractionLimits limits, JsonLog log, CopyListener listener) {
    this.config = config;
    this.log = log;
    this.installer = new CodeModulesInstaller(config, limits, log, listener);
    this.configurator = new AgentConfigurator(config, log);
  }

  /** Never throws: every failure becomes a failed result carrying its exit code. */
  public BootstrapResult run() {
    Installed installed = null;
    // a failed download still reports "zip": the result line should say which delivery failed
    Delivery planned = installer.plannedDelivery();
    try {
      installed = installer.install();
      if (config.configures()) {
        configurator.configure();
      } else {
        log.info("configure step skipped: --config-directory and --input-directory are not both given");
      }
      return BootstrapResult.ok(installed.delivery(), installed.version());
    } catch (BootstrapException e) {
      return failed(installed, planned, e);
    } catch (RuntimeException e) {
      return failed(installed, planned, new BootstrapException(ExitCode.UNEXPECTED, "unexpected error: " + e, e));
    }
  }

  private static BootstrapResult failed(Installed installed, Delivery planned, BootstrapException e) {
    return installed == null ? BootstrapResult.failed(planned, "", e)
        : BootstrapResult.failed(installed.delivery(), installed.version(), e);
  }
}
